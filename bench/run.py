"""Benchmark of hallweb's pages (`make bench`, `make bench DB=sqlite|postgresql`).

For each database it:
  1. creates a scratch database (SQLite: a temp file; PostgreSQL: CREATE DATABASE bench_<random> on the
     test server), migrates it and seeds 100,000 members with `flask seed demo`;
  2. serves hallweb and the reference app (bench/reference_app.py) with gunicorn, sync workers, on two
     free loopback ports;
  3. signs in as staff@example.org and drives each page with wrk (bounded runs, a pause between them), in
     five rounds (--rounds), each page's run right after a run of the reference /bare page; the pages are
     what the UI requests: whole pages, the list's pager and search as htmx fragments, and form pages;
  4. prints one line per page, in a form other tools can read:
       bench db=postgresql page=members-pager rps=812.4 p50_ms=17.1 p99_ms=48.0 ratio=0.62 target=0.50 meets=yes
     where rps and the latencies are the page's median run, ratio the median over the rounds of its
     requests/s divided by the /bare run just before it (see harness.run_pages), and target the ratio the page
     should reach (scenarios.READ_TARGET, FORM_TARGET); then a summary of the targets met and missed;
  5. stops the servers and drops the scratch database, also when something failed.

Result lines go to standard output; progress and diagnostics to standard error.
Only the standard library and what hallweb's virtualenv holds; wrk comes from Debian.

The parts: bench/harness.py drives and checks the pages and computes the ratios, bench/scenarios.py names the
pages and their targets, bench/servers.py makes the database and serves the apps; this file runs them for each
database.
"""

import argparse
import os
import signal
import sys

from harness import WORKERS, BenchError, cpu_busy, ensure_wrk, log, run_pages, sign_in
from scenarios import page_targets, pages
from servers import ROOT, STAFF_EMAIL, app_env, migrate_and_seed, scratch_database, served, vacuum_analyze

DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def measure(
    kind: str,
    pg_url: str,
    members: int,
    duration: int,
    pause: float,
    wrk: str,
    sign_in_per_page: bool,
    rounds: int,
    only: list[str] | None = None,
) -> None:
    with scratch_database(kind, pg_url) as db_url:
        env = app_env(db_url)
        log(f"db={kind}: migrating and seeding {members} members")
        passwords, seed_seconds = migrate_and_seed(env, members)
        print(f"# db={kind} seeded {members} members in {seed_seconds:.1f} s", flush=True)
        if kind == "postgresql":
            vacuum_analyze(db_url)
        targets = page_targets(db_url)
        busy = cpu_busy()
        print(f"# db={kind} workers={WORKERS} cores={os.cpu_count()} cpu_busy_before={busy:.0%}", flush=True)
        if busy > 0.2:
            log(f"warning: other work keeps the CPUs {busy:.0%} busy: the figures will be low and noisy")
        with served(env) as bases:

            def new_cookie(user: str | None = None):
                email = user or STAFF_EMAIL
                return sign_in(bases["app"], email, passwords[email])

            chosen = [p for p in pages(targets) if not only or p.name in ("bare", *only)]
            run_pages(kind, chosen, bases, new_cookie, sign_in_per_page, duration, pause, wrk, rounds)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["all", "sqlite", "postgresql"], default="all")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per run (default 5)")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each page (default 5)")
    parser.add_argument("--pause", type=float, default=1, help="seconds between runs (default 1)")
    parser.add_argument("--members", type=int, default=100_000, help="members to seed (default 100000)")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="a database on the PostgreSQL server to use")
    parser.add_argument(
        "--sign-in-per-page",
        action="store_true",
        help="sign in again before each page, so no run crosses the once-a-minute write of the "
        "session's last_seen_at (see README: on SQLite that write can fail under load)",
    )
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="measure only these pages (and bare)")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-ups on `kill` too
    sys.path.insert(0, str(ROOT))
    try:
        wrk = ensure_wrk()
        for kind in ["sqlite", "postgresql"] if args.db == "all" else [args.db]:
            measure(
                kind,
                args.pg_url,
                args.members,
                args.duration,
                args.pause,
                wrk,
                args.sign_in_per_page,
                args.rounds,
                args.only,
            )
    except BenchError as err:
        print(f"bench: FAILED: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
