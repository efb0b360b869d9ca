"""Where the training grids' time goes, in process: `python bench/profile_training.py [--db postgresql]`.

Seeds a scratch database as `make bench` does (fewer members by default: the grids do not read the member
list), then sends the roster of 30, the gradebook of 30 x 20 and grade saves through Flask's test client,
signed in as staff, and prints for each: the statements a request sends (SQLAlchemy's engine events), the
median and fastest time of --requests requests and their median CPU time (this process's: SQLite's work is
in it, PostgreSQL's is not; it drifts less than wall time on a busy machine), and a cProfile of them by
where the time goes (own time of SQLAlchemy's ORM, its Core, the database driver, Jinja and escaping, Flask
and Werkzeug, hallweb) with the functions that cost the most. No server and no network: a request's own work.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]  # bench's modules, and this checkout's hallweb

from harness import BenchError, log  # noqa: E402 - bench/ is not a package
from scenarios import page_targets  # noqa: E402
from servers import STAFF_EMAIL, app_env, migrate_and_seed, scratch_database  # noqa: E402

AREAS = [  # (area, pattern of a function's file), first match wins
    ("sqlalchemy orm", r"sqlalchemy/orm/"),
    ("sqlalchemy core", r"sqlalchemy/"),
    ("driver", r"sqlite3|psycopg|<method '(execute|fetch)"),
    ("jinja", r"jinja2|markupsafe|^<template>|\.html$"),
    ("flask/werkzeug/wtforms", r"flask|werkzeug|wtforms|itsdangerous|blinker"),
    ("hallweb", r"hallweb/"),
]


def area_of(filename: str, function: str) -> str:
    for area, pattern in AREAS:
        if re.search(pattern, filename) or re.search(pattern, function):
            return area
    return "other (stdlib, builtins)"


def profile_report(profile: cProfile.Profile, requests: int, top: int) -> list[str]:
    stats = pstats.Stats(profile)
    total = stats.total_tt
    by_area: dict[str, float] = {}
    own = []
    for (filename, line, function), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        area = area_of(filename, function)
        by_area[area] = by_area.get(area, 0.0) + tt
        own.append((tt, f"{Path(filename).name}:{line}({function})", area))
    lines = [
        f"  python calls per request {stats.total_calls / requests:,.0f} (steady whatever the load); own time by area: "
        + ", ".join(f"{a} {t / total:.0%}" for a, t in sorted(by_area.items(), key=lambda x: -x[1]))
    ]
    lines += [
        f"    {tt / requests * 1000:7.3f} ms  {where}  [{area}]" for tt, where, area in sorted(own, reverse=True)[:top]
    ]
    return lines


def measure(db_url: str, password: str, requests: int, top: int, show: bool) -> None:
    targets = page_targets(db_url)
    os.environ.update(app_env(db_url))
    from sqlalchemy import event

    from hallweb.extensions import db
    from wsgi import app

    client = app.test_client()
    login = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', login).group(1)
    done = client.post("/auth/login", data={"email": STAFF_EMAIL, "password": password, "csrf_token": token})
    if done.status_code != 303:
        raise BenchError(f"sign-in failed: {done.status_code}")
    book = targets["training_gradebook"]
    page = client.get(book).get_data(as_text=True)
    headers = {"HX-Request": "true", "X-CSRFToken": re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)}
    save = targets["training_grade_save"]
    save.prepare()
    cells = [line.split() for line in (Path(save.folder) / "cells.txt").read_text().splitlines()]
    turn = iter(range(10**9))

    def save_one():
        at = next(turn) % len(cells)
        url, name, version, a, b = cells[at]
        reply = client.post(url, data={f"score-{name}": b, f"version-{name}": version}, headers=headers)
        text = reply.get_data(as_text=True)
        new = re.search(rf'name="version-{name}" value="(\d+)"', text)
        if reply.status_code != 200 or "saved-note" not in text or not new:
            raise BenchError(f"grade save of {name} answered {reply.status_code}: {text[:300]}")
        cells[at] = [url, name, new.group(1), b, a]  # the next save swaps back

    def get(path):
        def one():
            reply = client.get(path)
            if reply.status_code != 200:
                raise BenchError(f"{path} answered {reply.status_code}")

        return one

    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    for name, send in [
        ("training-roster", get(f"/training/sessions/{targets['training_session']}/attendance")),
        ("training-gradebook", get(book)),
        ("training-grade-save", save_one),
    ]:
        for _ in range(5):  # warm: templates compiled, statements cached
            send()
        statements.clear()
        send()
        counted = len(statements)
        shown = [" ".join(s.split())[:150] for s in statements] if show else []
        times, cpu = [], []
        for _ in range(requests):
            started, started_cpu = time.perf_counter(), time.process_time()
            send()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(requests):
            send()
        profile.disable()
        print(
            f"profile page={name} statements={counted} median_ms={statistics.median(times):.2f} "
            f"min_ms={min(times):.2f} cpu_median_ms={statistics.median(cpu):.2f}",
            flush=True,
        )
        for line in [*(f"  sql {s}" for s in shown), *profile_report(profile, requests, top)]:
            print(line, flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--members", type=int, default=5_000, help="members to seed (default 5000)")
    parser.add_argument("--requests", type=int, default=50, help="timed requests, then profiled ones (default 50)")
    parser.add_argument("--top", type=int, default=12, help="functions listed by own time (default 12)")
    parser.add_argument(
        "--db-url",
        help="a database seeded already (flask seed demo, then bench/seed_training.py), and the staff "
        "password in HALLWEB_BENCH_STAFF_PASSWORD: no scratch database",
    )
    parser.add_argument("--statements", action="store_true", help="print the statements of one request of each")
    args = parser.parse_args(argv)
    try:
        if args.db_url:
            measure(args.db_url, os.environ["HALLWEB_BENCH_STAFF_PASSWORD"], args.requests, args.top, args.statements)
            return 0
        with scratch_database(args.db, args.pg_url) as db_url:
            log(f"db={args.db}: migrating and seeding {args.members} members")
            passwords, _ = migrate_and_seed(app_env(db_url), args.members)
            measure(db_url, passwords[STAFF_EMAIL], args.requests, args.top, args.statements)
    except BenchError as err:
        log(f"error: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
