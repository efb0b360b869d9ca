"""Configuration: safe defaults, then HALLWEB_* environment variables (and .env), then test overrides."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from dotenv import load_dotenv


class Defaults:
    SECRET_KEY = None  # set from HALLWEB_SECRET_KEY, else a key kept in instance/ (demo only)
    SQLALCHEMY_DATABASE_URI = None  # default: SQLite file in instance/
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # PostgreSQL: plan a prepared statement once, not on every run (None leaves the server's default), because
    # the member search's generic plan only looks dearer than a custom one, runs as fast, and planning it anew
    # on every run costs more than running it.
    POSTGRESQL_PLAN_CACHE_MODE = "force_generic_plan"
    # SQLite: how long a writer waits for the one before it to commit. Writers queue for the lock (see
    # hallweb.db.transactions), and a sign-in holds it through its password check.
    SQLITE_BUSY_TIMEOUT_MS = 30_000
    BASE_URL = "http://127.0.0.1:5000"  # email links are built from this, never from the Host header

    # Request size: every form here is a few kilobytes of text, so anything far larger is refused (413)
    # before it is read, rather than holding a worker while it is parsed and validated. A view that takes
    # uploads raises its own limit (request.max_content_length).
    MAX_CONTENT_LENGTH = 256 * 1024
    MAX_FORM_MEMORY_SIZE = 64 * 1024  # one text field of a multipart form

    # Sign-in and sessions
    BCRYPT_ROUNDS = 12
    # Failed sign-ins are counted per email address and client address (hallweb/auth/throttle.py): this
    # many in a row pause that client, for that address only, for LOGIN_LOCKOUT_MINUTES; each failure
    # after a pause doubles the next pause, up to a day. Other clients (the owner) are not affected.
    LOGIN_MAX_FAILURES = 5
    LOGIN_LOCKOUT_MINUTES = 30
    SESSION_IDLE_HOURS = 12
    SESSION_MAX_DAYS = 14
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = None  # None: "__Host-hallweb_session" when BASE_URL is https, else "hallweb_session"
    SESSION_COOKIE_SECURE = None  # None: Secure exactly when BASE_URL is https
    # The cookie keeps the expiry it got at sign-in (SESSION_MAX_DAYS), the sign-in's own end; the idle
    # limit lives in the session row. Not re-signing the cookie on every request also saves work.
    SESSION_REFRESH_EACH_REQUEST = False
    PROXY_FIX_X_FOR = 0  # number of trusted reverse proxies in front of the app

    # Email tokens
    VERIFY_TOKEN_HOURS = 24
    RESET_TOKEN_HOURS = 1
    INVITE_TOKEN_DAYS = 7

    # CSRF: the token lives as long as the (server-side, revocable) session
    WTF_CSRF_TIME_LIMIT = None

    # Rate limits (Flask-Limiter); memory:// counts per process, use redis:// in production
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    RATELIMIT_ENABLED = True
    RATELIMIT_SIGN_IN = "10 per minute"
    RATELIMIT_REGISTER = "5 per minute"
    RATELIMIT_FORGOT = "3 per minute"
    # Every view that sends mail is limited per client and per account (web/ratelimit.py)
    RATELIMIT_MAIL_PER_ADDRESS = "5 per hour"  # register, resend, forgot: messages one address can be sent
    RATELIMIT_VERIFY = "10 per minute"
    RATELIMIT_TRANSCRIPT_CHECKS = "30 per minute"  # the public page where an employer checks a transcript's code
    RATELIMIT_EMAIL_CHANGE = "5 per hour"
    RATELIMIT_INVITE = "50 per hour"  # admin invitations and the member page's "Invite to the portal"
    RATELIMIT_LINK_DECISIONS = "120 per hour"  # link requests approved or rejected: each emails the member

    # Mail: without MAIL_SERVER, messages are written to the log and kept in the outbox
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "Union Hall <hall@localhost>"
    # Mail leaves after the response. With a Redis URL here an RQ worker (`flask mail worker`) sends it;
    # without, a thread of each web process does.
    MAIL_QUEUE_URL = None
    MAIL_QUEUE_NAME = "hallweb-mail"
    MAIL_JOB_TIMEOUT = 60  # seconds one job (one SMTP conversation per message) may take

    # Benevolence fund (DOMAIN.md): the amounts up to which one, two and three review levels suffice (vp; vp and
    # admin; vp, admin and manager); above the last, the president reviews too. The caps: at most this much per
    # application, and one paid award per member in this many months, unless an officer overrides them.
    BENEVOLENCE_LEVEL_LIMITS = "500.00, 2000.00, 5000.00"
    BENEVOLENCE_CAP_PER_APPLICATION = "7500.00"
    BENEVOLENCE_AWARD_MONTHS = 12
    RATELIMIT_BENEVOLENCE_MAIL = "120 per hour"  # submissions, decisions and payments: each emails the member

    LOCAL_NAME = "Union Hall"
    LOCAL_NUMBER = "Local 000"  # this local's own number: the home local a new member's form suggests
    DEFAULT_TIMEZONE = "America/Chicago"  # new accounts start in the local's zone; each user may change theirs

    # Pre-apprenticeship training (hallweb/training/settings.py): at risk below this attendance rate (percent)
    # after this many counted sessions, or when the rate can no longer be reached; the letter scale.
    TRAINING_AT_RISK_RATE = "80"
    TRAINING_AT_RISK_AFTER = 3
    TRAINING_LETTER_SCALE = "A:90,B:80,C:70,D:60,F:0"
    # Certifications: years a certificate of each type is valid, from its issue date (the expiry date a new one
    # gets unless another is entered); a type left out, or set to null, does not expire. OSHA 10/30 cards do
    # not expire federally, but some places require a refresher (Nevada, NYC SST: 5 years): set
    # HALLWEB_CERTIFICATION_VALIDITY_YEARS__osha_10=5. Each type is set on its own that way.
    CERTIFICATION_VALIDITY_YEARS = {
        "cpr": 2,
        "first_aid": 2,
        "forklift": 3,
        "aerial_lift": 3,
        "hazmat": 1,  # HAZWOPER: a yearly refresher
        "flagger": 3,
        "osha_10": None,
        "osha_30": None,
    }
    # Grievances: the contract's time limits (hallweb/grievances/deadlines.py). Business days skip weekends and the
    # holidays an admin keeps (Admin > Holidays); a deadline on a day that is not a business day moves to the next.
    GRIEVANCE_FILING_DAYS = 10  # business days from the incident to file
    GRIEVANCE_ANSWER_DAYS = {"1": 10, "2": 10, "3": 10}  # business days the employer has to answer each step
    GRIEVANCE_APPEAL_DAYS = {"1": 10, "2": 10}  # business days to appeal a step's answer to the next step
    GRIEVANCE_ARBITRATION_DAYS = 30  # calendar days to demand arbitration after the last step's answer
    GRIEVANCE_FINAL_STEP_NAME = "Arbitration"  # e.g. "Council on Industrial Relations"
    GRIEVANCE_DUE_SOON_DAYS = 3  # business days left at which a deadline is flagged as due soon


def load(app, overrides=None):
    """Fill app.config; the only place environment variables are read."""
    app.config.from_object(Defaults)
    load_dotenv(Path.cwd() / ".env", override=False)
    app.config.from_prefixed_env("HALLWEB")
    if overrides:
        app.config.update(overrides)
    cfg = app.config
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not cfg["SQLALCHEMY_DATABASE_URI"]:
        cfg["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(app.instance_path, "hallweb.sqlite3")
    if not cfg["SECRET_KEY"]:
        cfg["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path) / "secret_key")
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("postgresql") and cfg["POSTGRESQL_PLAN_CACHE_MODE"]:
        cfg["SQLALCHEMY_ENGINE_OPTIONS"] = _with_server_setting(
            cfg["SQLALCHEMY_ENGINE_OPTIONS"], "plan_cache_mode", cfg["POSTGRESQL_PLAN_CACHE_MODE"]
        )
    cfg["CERTIFICATION_VALIDITY_YEARS"] = dict(cfg["CERTIFICATION_VALIDITY_YEARS"])  # each app its own copy
    cfg["BASE_URL"] = cfg["BASE_URL"].rstrip("/")
    # Cookies are Secure whenever the hall is served over https.
    https = cfg["BASE_URL"].startswith("https://")
    if cfg["SESSION_COOKIE_SECURE"] is None:
        cfg["SESSION_COOKIE_SECURE"] = https
    if cfg["SESSION_COOKIE_NAME"] is None:
        # __Host-: browsers take the cookie only if Secure, for Path=/, with no Domain, so no other host
        # of the domain (or a network attacker over http) can set or overwrite it.
        cfg["SESSION_COOKIE_NAME"] = "__Host-hallweb_session" if https else "hallweb_session"
    cfg["PERMANENT_SESSION_LIFETIME"] = timedelta(days=int(cfg["SESSION_MAX_DAYS"]))


def _with_server_setting(engine_options: dict, name: str, value: str) -> dict:
    """Engine options that set a PostgreSQL setting on every connection, in its start-up message (libpq's
    `options`: no extra round trip)."""
    connect_args = dict(engine_options.get("connect_args", {}))
    connect_args["options"] = f"{connect_args.get('options', '')} -c {name}={value}".strip()
    return {**engine_options, "connect_args": connect_args}


def _instance_secret_key(path: Path) -> str:
    """A random key created once and kept, so a restart signs nobody out (demo only)."""
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
