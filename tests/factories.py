"""Plain factory functions for test data; Faker with a fixed seed."""

from datetime import timedelta
from itertools import count

from faker import Faker

from hallweb.auth.models import User
from hallweb.auth.passwords import hash_password
from hallweb.auth.services import grant_role_by_name
from hallweb.db.db_types import utcnow
from hallweb.extensions import db

fake = Faker()
Faker.seed(4321)
_serial = count(1)

PASSWORD = "correct horse battery staple"


def user(*roles: str, verified: bool = True, password: str | None = PASSWORD, **fields) -> User:
    n = next(_serial)
    values = {
        "email": f"user{n}.{fake.user_name()}@example.org".lower(),
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "password_hash": hash_password(password) if password else None,
        "email_verified_at": utcnow() - timedelta(days=1) if verified else None,
    }
    values.update(fields)
    u = User(**values)
    db.session.add(u)
    db.session.flush()
    for role in roles:
        grant_role_by_name(u, role, actor=None)
    db.session.commit()
    return u
