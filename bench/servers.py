"""What the benchmark runs against: a scratch database, migrated and seeded, and hallweb and the reference app
under gunicorn."""

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from harness import WORKERS, BenchError, log

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # the virtualenv's bin/: flask and gunicorn live beside python
STAFF_EMAIL = "staff@example.org"


# Scratch databases -----------------------------------------------------------------------------------


@contextlib.contextmanager
def scratch_database(kind: str, pg_url: str):
    """Yield the SQLAlchemy URL of a new empty database; remove it afterwards, whatever happened."""
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="hallweb-bench-")
        try:
            yield f"sqlite:///{folder}/bench.sqlite3"
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    import sqlalchemy as sa

    name = f"bench_{secrets.token_hex(6)}"
    server = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with server.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    log(f"created PostgreSQL database {name}")
    try:
        yield sa.engine.make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()
        log(f"dropped PostgreSQL database {name}")


def app_env(db_url: str) -> dict:
    """The environment hallweb (and the reference app) run with in the benchmark."""
    env = {k: v for k, v in os.environ.items() if k != "HALLWEB_MAIL_SERVER"}
    env.update(
        {
            "HALLWEB_SQLALCHEMY_DATABASE_URI": db_url,
            "HALLWEB_SECRET_KEY": secrets.token_hex(32),
            "HALLWEB_RATELIMIT_ENABLED": "false",
        }
    )
    return env


def flask(env: dict, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def migrate_and_seed(env: dict, members: int) -> tuple[dict[str, str], float]:
    """Migrate, seed; returns the demo users' passwords by email (printed by the seeder) and the seeding time."""
    flask(env, "db", "upgrade")
    started = time.perf_counter()
    output = flask(env, "seed", "demo", "--members", str(members), "--seed", "1")
    seed_training(env)
    seconds = time.perf_counter() - started
    passwords = dict(re.findall(r"^\s*(\S+@\S+)\s+password (\S+)", output, re.M))
    if STAFF_EMAIL not in passwords:
        raise BenchError(f"no password for {STAFF_EMAIL} in the seeder's output:\n{output}")
    return passwords, seconds


def seed_training(env: dict) -> None:
    """The training offering at the issue's sizes (30 students, 20 assessments): bench/seed_training.py."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "seed_training.py")], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise BenchError(f"bench/seed_training.py failed:\n{done.stdout}\n{done.stderr}")
    log(f"training offering for the bench: {done.stdout.strip()}")


def vacuum_analyze(db_url: str) -> None:
    """PostgreSQL: VACUUM ANALYZE after the bulk load, as autovacuum would within minutes on a live server.
    Left to autovacuum (100,000 inserts pass its threshold), it would start during the first pages' runs and
    take CPU from them: the list pages, run first, ranged from 115 to 244 requests/s between runs."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


# Servers ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, module: str, chdir: Path, port: int) -> subprocess.Popen:
    cmd = [
        str(BIN / "gunicorn"),
        "--chdir",
        str(chdir),
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "sync",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
        module,
    ]
    # Started in chdir: hallweb gets the repository's gunicorn.conf.py (as `make run` does), the reference app none.
    return subprocess.Popen(cmd, env=env, cwd=chdir, start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()  # gunicorn's master stops its workers on SIGTERM
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@contextlib.contextmanager
def served(env: dict):
    """hallweb and the reference app, each under gunicorn on a free port; yields their base URLs."""
    apps = {"app": ("wsgi:app", ROOT, "/auth/login"), "ref": ("reference_app:app", BENCH, "/plain")}
    procs, bases = {}, {}
    try:
        for name, (module, chdir, _) in apps.items():
            port = free_port()
            procs[name] = start_gunicorn(env, module, chdir, port)
            bases[name] = f"http://127.0.0.1:{port}"
        for name, (_, _, probe) in apps.items():
            wait_until_up(procs[name], bases[name] + probe)
        yield bases
    finally:
        for proc in procs.values():
            stop(proc)


def wait_until_up(proc: subprocess.Popen, url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"the server for {url} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise BenchError(f"{url} did not answer within {timeout:.0f} s")
