"""Password hashing (bcrypt) and the strength policy (length, zxcvbn score)."""

from functools import lru_cache

import bcrypt
from flask import current_app
from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_BYTES = 72  # bcrypt reads at most 72 bytes; bcrypt 5 refuses longer input instead of truncating
MIN_SCORE = 3


def too_long(password: str) -> bool:
    return len(password.encode("utf-8")) > MAX_BYTES


def hash_password(password: str) -> str:
    if too_long(password):
        raise ValueError("password longer than 72 bytes")
    rounds = current_app.config["BCRYPT_ROUNDS"]
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds)).decode("ascii")


def check_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the account exists or has a password: unknown emails cost one check."""
    if too_long(password):
        return False
    candidate = password_hash or _dummy_hash(current_app.config["BCRYPT_ROUNDS"])
    matched = bcrypt.checkpw(password.encode("utf-8"), candidate.encode("ascii"))
    return matched and password_hash is not None


@lru_cache
def _dummy_hash(rounds: int) -> str:
    return bcrypt.hashpw(b"no account has this password", bcrypt.gensalt(rounds)).decode("ascii")


def weakness(password: str, user_inputs: list[str] = ()) -> str | None:
    """Why this password is refused, or None. Length limits come first, then zxcvbn (score < 3 refused)."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if too_long(password):
        return f"Use at most {MAX_BYTES} bytes (about {MAX_BYTES} letters; fewer with accents or symbols)."
    result = zxcvbn(password, user_inputs=[s for s in user_inputs if s])
    if result["score"] >= MIN_SCORE:
        return None
    feedback = result.get("feedback") or {}
    reason = feedback.get("warning") or "This password is too easy to guess."
    hints = " ".join(feedback.get("suggestions") or [])
    return f"{reason.rstrip('.')}. {hints}".strip()
