"""CPU instructions per request of the benchmark's pages (`make bench-instructions`): a steady yardstick.

Requests per second on a shared machine drift by a quarter within minutes; the instructions a request
costs do not (the same code counts the same to within ~2 %). This seeds the benchmark's SQLite database,
then runs one Python process under valgrind's callgrind with instrumentation off, sends the pages through
Flask's test client (in process: no server, no network) and switches instrumentation on around N warmed
requests of each page (`callgrind_control`). It prints one line per page:

    instructions db=sqlite page=members-list-first per_request=18.71M ratio=0.47

where ratio is the bare page's count divided by the page's (higher is cheaper, as in `make bench`).
Kernel time and the database server are not counted: use it to compare changes, and `make bench` for the
target. Needs Debian's valgrind.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import BenchError, log  # noqa: E402 - bench/ is not a package
from scenarios import page_targets, pages  # noqa: E402
from servers import BIN, ROOT, STAFF_EMAIL, app_env, migrate_and_seed, scratch_database  # noqa: E402


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 600) -> str:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise BenchError(f"the measured process ended early; see {path.parent}/log")
        if time.monotonic() > deadline:
            raise BenchError(f"timed out waiting for {path.name}")
        time.sleep(0.1)
    text = path.read_text()
    path.unlink()
    return text


def control(*args: str) -> None:
    subprocess.run(["callgrind_control", *args], check=True, capture_output=True)


def measure(members: int, requests: int) -> None:
    if not shutil.which("valgrind"):
        raise BenchError("valgrind is missing: apt-get install valgrind")
    with scratch_database("sqlite", "") as db_url:
        env = app_env(db_url)
        log(f"db=sqlite: migrating and seeding {members} members")
        passwords, _ = migrate_and_seed(env, members)
        password = passwords[STAFF_EMAIL]
        # Counted as staff in one process, GETs only: pages another user reads (page.user) and the grade save
        # (a POST from each cell's last version: bench/profile_training.py counts it) are left to `make bench`.
        todo = [p for p in pages(page_targets(db_url)) if p.name != "plain" and p.user is None and p.save is None]
        work = Path(tempfile.mkdtemp(prefix="hallweb-instructions-"))
        try:
            (work / "job.json").write_text(
                json.dumps(
                    {
                        "password": password,
                        "requests": requests,
                        "pages": [[p.name, p.server, p.path, p.fragment] for p in todo],
                    }
                )
            )
            with open(work / "log", "w") as out:
                proc = subprocess.Popen(
                    [
                        "valgrind",
                        "--tool=callgrind",
                        "--instr-atstart=no",
                        f"--callgrind-out-file={work}/callgrind.%p",
                        str(BIN / "python"),
                        __file__,
                        "--worker",
                        str(work),
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            pid = str(proc.pid)
            for page in todo:
                wait_for(work / "ready", proc)
                control("-z", pid)
                control("-i", "on", pid)
                (work / "go").touch()
                wait_for(work / "done", proc)
                control("-i", "off", pid)
                control("-d", page.name, pid)
                (work / "go").touch()
                log(f"counted {page.name}")
            proc.wait(timeout=600)
            counts = {}
            for dump in work.glob("callgrind.*.*"):
                text = dump.read_text()
                name = re.search(r"^desc: Trigger: .*?dump (\S+)", text, re.M).group(1)
                counts[name] = int(re.search(r"^totals: (\d+)", text, re.M).group(1)) / requests
            for page in todo:
                print(
                    f"instructions db=sqlite page={page.name} per_request={counts[page.name] / 1e6:.2f}M "
                    f"ratio={counts['bare'] / counts[page.name]:.2f}",
                    flush=True,
                )
        finally:
            shutil.rmtree(work, ignore_errors=True)


def worker(work: Path) -> None:
    """Runs under callgrind: signs in, then for each page warms it and waits for the counter to be on."""
    sys.path.insert(0, str(ROOT))
    job = json.loads((work / "job.json").read_text())
    from reference_app import app as reference

    from wsgi import app

    clients = {"app": app.test_client(), "ref": reference.test_client()}
    login = clients["app"].get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', login).group(1)
    signed_in = clients["app"].post(
        "/auth/login", data={"email": STAFF_EMAIL, "password": job["password"], "csrf_token": token}
    )
    if signed_in.status_code != 303:
        raise SystemExit(f"sign-in failed: {signed_in.status_code}")
    for name, server, path, fragment in job["pages"]:
        client, headers = clients[server], {"HX-Request": "true"} if fragment else {}
        for _ in range(5):
            response = client.get(path, headers=headers)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {path} answered {response.status_code}")
        (work / "ready").write_text(name)
        while not (work / "go").exists():
            time.sleep(0.05)
        (work / "go").unlink()
        for _ in range(job["requests"]):
            client.get(path, headers=headers)
        (work / "done").write_text(name)
        while not (work / "go").exists():
            time.sleep(0.05)
        (work / "go").unlink()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000, help="members to seed (default 100000)")
    parser.add_argument("--requests", type=int, default=10, help="counted requests per page (default 10)")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker)
        return 0
    try:
        measure(args.members, args.requests)
    except BenchError as err:
        log(f"error: {err}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
