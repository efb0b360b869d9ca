"""The benchmark's paired-ratio harness: wrk runs of a page, each right after a run of the bare page, the checks
around every run, and the lines that report the median ratio of each page (bench/run.py drives it)."""

import http.cookiejar
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

# Gunicorn: sync workers, 3 of them on this 2-core machine. One process per core would leave a core idle
# whenever a worker waits on the database; more than 3 only adds context switches, since wrk (2 threads)
# and PostgreSQL share the same two cores.
WORKERS = 3
WRK_THREADS = 2
WRK_CONNECTIONS = 16


@dataclass
class Page:
    name: str
    server: str  # "app" or "ref"
    path: str
    fragment: bool = False  # an htmx request: HX-Request: true, and the answer must not be a whole page
    target: float | None = None  # the ratio to bare it should reach; None for the reference pages
    shows: str | None = None  # what the answer must contain (a list lists, a form posts back to its page)
    user: str | None = None  # who reads it (a demo user's email); staff when None
    cells: int | None = None  # a grid's cells: its line also gives the time per cell
    save: object | None = None  # a POST driven by a wrk script (grade_save.GradeSave): path is the page it saves from


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


def run_wrk(wrk: str, url: str, headers: dict, duration: int, save=None) -> Result:
    """A wrk run of one URL; with `save`, of its script (which gets the arguments after `--`), its output then
    checked by save.verify."""
    cmd = [wrk, f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    for name, value in headers.items():
        cmd += ["-H", f"{name}: {value}"]
    script = save.prepare() if save else []
    if script:
        at = script.index("--")
        cmd, args = [*cmd, *script[:at]], script[at:]
    else:
        args = []
    done = subprocess.run([*cmd, url, *args], capture_output=True, text=True, timeout=duration + 60)
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    result = parse_wrk(done.stdout)
    if save:
        save.verify(done.stdout, url)
    return result


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


def save_headers(url: str, headers: dict) -> dict:
    """What htmx adds to a save: the CSRF token the page's <body hx-headers> carries, HX-Request, a form body."""
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as resp:
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', resp.read().decode())
    if not token:
        raise BenchError(f"no csrf-token meta tag on {url}")
    return {
        **headers,
        "HX-Request": "true",
        "X-CSRFToken": token.group(1),
        "Content-Type": "application/x-www-form-urlencoded",
    }


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


# Paired runs -----------------------------------------------------------------------------------------


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
    cookies: dict = {}  # by user: each page is read by its own user, signed in once

    def drive(page: Page, round_no: int) -> Result:
        url = bases[page.server] + page.path
        if page.user not in cookies:
            cookies[page.user] = new_cookie(page.user)
        headers = request_headers(page, cookies[page.user])
        for _ in range(2 * WORKERS):  # check, and warm each worker's caches (templates, connections)
            check(url, page, headers)
        log(f"db={kind} round {round_no}/{rounds} page={page.name}: {duration} s of wrk on {page.path[:80]}")
        if page.save:
            result = run_wrk(wrk, url, save_headers(url, headers), duration, page.save)
        else:
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
                cookies.pop(page.user, None)  # a session younger than a minute: its last_seen_at is not written
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
        page = next(p for p in todo if p.name == name)
        target = page.target
        verdict = ""
        if page.cells:  # the server's time per request at full load, over the grid's cells
            verdict += f" cells={page.cells} ms_per_cell={1000 / result.rps / page.cells:.3f}"
        if target is not None:
            meets = round(ratio, 2) >= target
            verdict += f" target={target:.2f} meets={'yes' if meets else 'no'}"
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
