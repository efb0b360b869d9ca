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
     requests/s divided by the /bare run just before it (see run_pages), and target the ratio the page
     should reach (READ_TARGET, FORM_TARGET); then a summary of the targets met and missed;
  5. stops the servers and drops the scratch database, also when something failed.

Result lines go to standard output; progress and diagnostics to standard error.
Only the standard library and what hallweb's virtualenv holds; wrk comes from Debian.
"""

import argparse
import contextlib
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent  # the virtualenv's bin/: flask and gunicorn live beside python
DEFAULT_PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
STAFF_EMAIL = "staff@example.org"

# Gunicorn: sync workers, 3 of them on this 2-core machine. One process per core would leave a core idle
# whenever a worker waits on the database; more than 3 only adds context switches, since wrk (2 threads)
# and PostgreSQL share the same two cores.
WORKERS = 3
WRK_THREADS = 2
WRK_CONNECTIONS = 16

# The ratio to the bare page each page should reach: pages and fragments that only read, and form pages
# (which build a WTForms form and its fields on every view).
READ_TARGET = 0.5
FORM_TARGET = 0.35
MEMBER_ROW = '<tr id="member-'


@dataclass
class Page:
    name: str
    server: str  # "app" or "ref"
    path: str
    fragment: bool = False  # an htmx request: HX-Request: true, and the answer must not be a whole page
    target: float | None = None  # the ratio to bare it should reach; None for the reference pages
    shows: str | None = None  # what the answer must contain (a list lists, a form posts back to its page)


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class BenchError(Exception):
    pass


# wrk -------------------------------------------------------------------------------------------------


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package when missing and allowed (root with apt-get)."""
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: installing Debian's package")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)
        path = shutil.which("wrk")
        if path:
            return path
    raise BenchError("wrk is not installed and cannot be installed from here: run `sudo apt-get install wrk`")


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def to_ms(value: str) -> float:
    """'812.00us', '17.10ms', '1.02s', '2.00m' -> milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value)
    if not match:
        raise BenchError(f"cannot read wrk latency {value!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> Result:
    """Requests/s and the 50% and 99% latencies from `wrk --latency`; fails on any non-2xx/3xx answer."""
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    if non_2xx:
        raise BenchError(f"wrk saw {non_2xx.group(1)} non-2xx/3xx responses:\n{output}")
    rps = re.search(r"Requests/sec:\s*([\d.]+)", output)
    p50 = re.search(r"^\s*50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s*99%\s+(\S+)", output, re.M)
    if not (rps and p50 and p99):
        raise BenchError(f"cannot read wrk's output:\n{output}")
    errors = re.search(r"Socket errors:.*", output)
    if errors:
        log(f"warning: wrk reports {errors.group(0)}")
    return Result(float(rps.group(1)), to_ms(p50.group(1)), to_ms(p99.group(1)))


def run_wrk(wrk: str, url: str, headers: dict, duration: int) -> Result:
    cmd = [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    done = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


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


def migrate_and_seed(env: dict, members: int) -> tuple[str, float]:
    """Migrate, seed; returns staff's password (printed by the seeder) and the seeding time in seconds."""
    flask(env, "db", "upgrade")
    started = time.perf_counter()
    output = flask(env, "seed", "demo", "--members", str(members), "--seed", "1")
    seconds = time.perf_counter() - started
    match = re.search(rf"^\s*{re.escape(STAFF_EMAIL)}\s+password (\S+)", output, re.M)
    if not match:
        raise BenchError(f"no password for {STAFF_EMAIL} in the seeder's output:\n{output}")
    return match.group(1), seconds


def vacuum_analyze(db_url: str) -> None:
    """PostgreSQL: VACUUM ANALYZE after the bulk load, as autovacuum would within minutes on a live server.
    Left to autovacuum (100,000 inserts pass its threshold), it would start during the first pages' runs and
    take CPU from them: the list pages, run first, ranged from 115 to 244 requests/s between runs."""
    import sqlalchemy as sa

    engine = sa.create_engine(db_url, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def page_targets(db_url: str) -> dict:
    """What the pages need from the seeded data: the cursor of the list's middle (the 50,000th of
    100,000 members), a search prefix, a member with a current job and a history of past ones."""
    import sqlalchemy as sa

    from hallweb.db.keyset import encode_cursor

    engine = sa.create_engine(db_url, poolclass=sa.pool.NullPool)
    with engine.connect() as conn:
        listed = conn.execute(sa.text("SELECT count(*) FROM members WHERE archived_at IS NULL")).scalar_one()
        middle = conn.execute(
            sa.text(
                "SELECT last_name_key, first_name_key, id FROM members WHERE archived_at IS NULL "
                "ORDER BY last_name_key, first_name_key, id LIMIT 1 OFFSET :n"
            ),
            {"n": listed // 2 - 1},
        ).one()
        common = conn.execute(
            sa.text(
                "SELECT last_name_key FROM members GROUP BY last_name_key ORDER BY count(*) DESC, last_name_key LIMIT 1"
            )
        ).scalar_one()
        employed = conn.execute(
            sa.text(
                "SELECT member_id FROM employments WHERE member_id >= (SELECT max(id) / 2 FROM members) "
                "GROUP BY member_id HAVING count(*) >= 3 AND count(*) > count(end_date) "
                "ORDER BY member_id LIMIT 1"
            )
        ).scalar_one()
        campaign = conn.execute(  # the demo's busiest organizing campaign
            sa.text(
                "SELECT employer_id FROM organizing_activities GROUP BY employer_id "
                "ORDER BY count(*) DESC, employer_id LIMIT 1"
            )
        ).scalar_one()
    engine.dispose()
    return {
        "cursor": encode_cursor(list(middle)),
        "prefix": common[:3],
        "member_id": employed,
        "campaign_id": campaign,
    }


def pages(targets: dict) -> list[Page]:
    """The pages as the UI requests them: a link, a reload or a new tab gets a whole page; the list's pager
    and its search box ask htmx for the table alone (the table partial, no layout)."""
    after = urllib.parse.quote(targets["cursor"])
    member = f"/members/{targets['member_id']}"
    read, form = READ_TARGET, FORM_TARGET
    return [
        Page("bare", "ref", "/bare"),  # first: the ratios are relative to it
        Page("plain", "ref", "/plain"),
        # Whole pages
        Page("members-list", "app", "/members/", target=read, shows=MEMBER_ROW),
        Page("members-list-last", "app", "/members/?last=1", target=read, shows=MEMBER_ROW),
        Page("member-page", "app", member, target=read, shows=f'id="member-{targets["member_id"]}-'),
        Page("organizations-list", "app", "/organizations/", target=read, shows='<tr id="organization-'),
        Page("organizing-list", "app", "/organizing/", target=read, shows='<tr id="activity-'),
        Page(
            "campaign-page",
            "app",
            f"/organizing/campaigns/{targets['campaign_id']}",
            target=read,
            shows='id="cards-chart"',
        ),
        # htmx fragments of the members list: the pager's Next from the list's middle, and the active search
        Page("members-pager", "app", f"/members/?after={after}", fragment=True, target=read, shows=MEMBER_ROW),
        Page("members-search", "app", f"/members/?q={targets['prefix']}", fragment=True, target=read, shows=MEMBER_ROW),
        # Form pages (GET): each builds a WTForms form; the member's forms also read the classifications
        Page("member-edit", "app", f"{member}/edit", target=form, shows=f'action="{member}/edit"'),
        Page("member-new", "app", "/members/new", target=form, shows='action="/members/new"'),
        Page("profile", "app", "/account/profile", target=form, shows='action="/account/profile"'),
    ]


def cpu_busy(seconds: float = 2) -> float:
    """How busy the CPUs are with other work while the benchmark is idle (Linux /proc/stat), 0..1."""

    def sample():
        with open("/proc/stat") as f:
            values = [int(v) for v in f.readline().split()[1:]]
        return sum(values), values[3] + values[4]  # total, idle + iowait

    try:
        total0, idle0 = sample()
        time.sleep(seconds)
        total1, idle1 = sample()
    except OSError:
        return 0.0
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


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
    return subprocess.Popen(cmd, env=env, start_new_session=True)


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


# HTTP ------------------------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 3xx comes back as an HTTPError: checks see it instead of following it


def sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the real form; returns the Cookie header that carries the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/auth/login", timeout=10) as resp:
        html = resp.read().decode()
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    if not token:
        raise BenchError("no csrf-token meta tag on the sign-in page")
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token.group(1)}).encode()
    with opener.open(f"{base}/auth/login", data=form, timeout=30) as resp:
        if "/auth/login" in resp.url:
            raise BenchError(f"signing in as {email} failed: still on {resp.url}")
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    if not cookie:
        raise BenchError("signed in but no session cookie was set")
    return cookie


def request_headers(page: Page, cookie: str) -> dict:
    headers = {"Cookie": cookie} if page.server == "app" else {}
    if page.fragment:
        headers["HX-Request"] = "true"
    return headers


def check(url: str, page: Page, headers: dict) -> None:
    """The page answers 200 itself (no redirect to sign-in), shows what it should; a fragment is not a whole
    page."""
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as resp:
            body = resp.read().decode()
            status = resp.status
    except urllib.error.HTTPError as err:
        raise BenchError(f"{page.name}: {url} answered {err.code} {err.headers.get('Location', '')}") from err
    if status != 200:
        raise BenchError(f"{page.name}: {url} answered {status}")
    if page.fragment and "<html" in body:
        raise BenchError(f"{page.name}: {url} answered a whole page, not a fragment")
    if page.shows and page.shows not in body:
        raise BenchError(f"{page.name}: {url} does not show {page.shows!r}")


# The run ---------------------------------------------------------------------------------------------


def measure(
    kind: str, pg_url: str, members: int, duration: int, pause: float, wrk: str, sign_in_per_page: bool, rounds: int
) -> None:
    with scratch_database(kind, pg_url) as db_url:
        env = app_env(db_url)
        log(f"db={kind}: migrating and seeding {members} members")
        password, seed_seconds = migrate_and_seed(env, members)
        print(f"# db={kind} seeded {members} members in {seed_seconds:.1f} s", flush=True)
        if kind == "postgresql":
            vacuum_analyze(db_url)
        targets = page_targets(db_url)
        busy = cpu_busy()
        print(f"# db={kind} workers={WORKERS} cores={os.cpu_count()} cpu_busy_before={busy:.0%}", flush=True)
        if busy > 0.2:
            log(f"warning: other work keeps the CPUs {busy:.0%} busy: the figures will be low and noisy")
        with served(env) as bases:

            def new_cookie():
                return sign_in(bases["app"], STAFF_EMAIL, password)

            run_pages(kind, pages(targets), bases, new_cookie, sign_in_per_page, duration, pause, wrk, rounds)


def run_pages(
    kind: str,
    todo: list[Page],
    bases: dict,
    new_cookie,
    sign_in_per_page: bool,
    duration: int,
    pause: float,
    wrk: str,
    rounds: int,
) -> None:
    """Drive each page, `rounds` times over, then print the lines of this database.

    This machine's speed drifts: one bare run ranged from 392 to 669 requests/s within three minutes, and
    the same page from one run to the next by a tenth or more. So the bare page runs right before every
    other page's run, that page's ratio in the round is to that bare run, and each line gives the page's
    median run (requests/s and latencies) and the median of its ratios over the rounds."""
    cookie = new_cookie()

    def drive(page: Page, round_no: int) -> Result:
        url = bases[page.server] + page.path
        headers = request_headers(page, cookie)
        for _ in range(2 * WORKERS):  # check, and warm each worker's caches (templates, connections)
            check(url, page, headers)
        log(f"db={kind} round {round_no}/{rounds} page={page.name}: {duration} s of wrk on {page.path[:80]}")
        result = run_wrk(wrk, url, headers, duration)
        check(url, page, headers)  # still signed in: a redirect to sign-in would have counted as a success
        time.sleep(pause)  # let queued requests drain before the next run
        return result

    bare_page = next(p for p in todo if p.name == "bare")
    bare_runs: list[Result] = []
    runs: dict[str, list[Result]] = {p.name: [] for p in todo if p is not bare_page}
    ratios: dict[str, list[float]] = {name: [] for name in runs}
    for round_no in range(1, rounds + 1):
        for page in todo:
            if page is bare_page:
                continue
            if sign_in_per_page and page.server == "app":
                cookie = new_cookie()  # a session younger than a minute: its last_seen_at is not written
            bare = drive(bare_page, round_no)
            result = drive(page, round_no)
            bare_runs.append(bare)
            runs[page.name].append(result)
            ratios[page.name].append(result.rps / bare.rps)
    print(f"# db={kind} rounds={rounds} bare runs rps=" + ",".join(f"{r.rps:.1f}" for r in bare_runs), flush=True)
    for name, page_ratios in ratios.items():
        print(f"# db={kind} page={name} ratios=" + ",".join(f"{r:.2f}" for r in page_ratios), flush=True)
    lines = {"bare": (median_run(bare_runs), 1.0)}
    lines.update({name: (median_run(results), statistics.median(ratios[name])) for name, results in runs.items()})
    missed = []
    for name, (result, ratio) in lines.items():
        target = next(p.target for p in todo if p.name == name)
        verdict = ""
        if target is not None:
            meets = round(ratio, 2) >= target
            verdict = f" target={target:.2f} meets={'yes' if meets else 'no'}"
            if not meets:
                missed.append(f"{name} {ratio:.2f} < {target:.2f}")
        print(
            f"bench db={kind} page={name} rps={result.rps:.1f} p50_ms={result.p50_ms:.1f} "
            f"p99_ms={result.p99_ms:.1f} ratio={ratio:.2f}{verdict}",
            flush=True,
        )
    judged = sum(1 for p in todo if p.target is not None)
    print(
        f"# db={kind} targets met: {judged - len(missed)} of {judged}"
        + (f"; missed: {', '.join(missed)}" if missed else ""),
        flush=True,
    )


def median_run(results: list[Result]) -> Result:
    """The run with the median requests/s (the upper one of two)."""
    return sorted(results, key=lambda r: r.rps)[len(results) // 2]


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
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the clean-ups on `kill` too
    sys.path.insert(0, str(ROOT))
    try:
        wrk = ensure_wrk()
        for kind in ["sqlite", "postgresql"] if args.db == "all" else [args.db]:
            measure(kind, args.pg_url, args.members, args.duration, args.pause, wrk, args.sign_in_per_page, args.rounds)
    except BenchError as err:
        print(f"bench: FAILED: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
