"""Work done after the response has gone: sending the outbox, and account emails asked for by address.

A request never waits for a mail server, and a form that must not reveal whether an address has an
account (forgot password, resend verification) answers before even looking the address up. With
MAIL_QUEUE_URL set (Redis), jobs go to an RQ queue that `flask mail worker` runs; otherwise one thread
of each web process runs them. Either way a message that could not be sent stays pending in the
outbox for `flask mail retry`.
"""

import atexit
import importlib
import logging
import os
import queue
import threading
import time
from functools import partial

from flask import Flask, current_app, g, has_app_context, has_request_context, request

from hallweb.extensions import db

log = logging.getLogger(__name__)

# The only jobs there are: a queue (Redis) names one of these, never a function of its choosing.
JOBS = {
    "deliver": "hallweb.outbox.services:deliver",
    "request_password_reset": "hallweb.auth.services:request_password_reset",
    "resend_verification": "hallweb.auth.services:resend_verification",
}
_PENDING = "background_jobs"  # in flask.g: jobs to hand over once the response is closed
_EXTENSION = "hallweb.background"


def init_app(app: Flask) -> None:
    from hallweb.outbox import services as outbox

    @app.after_request
    def run_after_response(resp):
        ids = outbox.take_ready()  # messages whose transaction this request committed
        if ids:
            _check_rate_limited(app)
            run_later("deliver", ids)
        jobs = g.pop(_PENDING, None)
        if jobs:
            # On close: after the request's teardown has ended its database session, and after the
            # body has been handed to the server.
            resp.call_on_close(partial(_submit, app, jobs))
        return resp


def _check_rate_limited(app: Flask) -> None:
    """A view that sends mail must be rate limited (web/ratelimit.py): an error, and a failure in tests."""
    from hallweb.web.ratelimit import limits_of

    view = app.view_functions.get(request.endpoint)
    if not any(request.method in limit.methods for limit in limits_of(view)):
        problem = f"{request.endpoint} sends mail but declares no rate limit for {request.method}"
        if app.testing:
            raise RuntimeError(problem)
        log.error(problem)


def run_later(name: str, *args) -> None:
    """Run JOBS[name](*args) after the response (or now, in the background, outside a request)."""
    if name not in JOBS:
        raise KeyError(f"no background job named {name!r}")
    if has_request_context():
        g.setdefault(_PENDING, []).append((name, args))
    else:
        _submit(current_app._get_current_object(), [(name, args)])


def perform(name: str, *args) -> None:
    """The RQ job: run JOBS[name] in the worker's app (`flask mail worker`), or one built as wsgi.py does."""
    _perform_in(current_app._get_current_object() if has_app_context() else _standalone_app(), name, args)


def _perform_in(app: Flask, name: str, args) -> None:
    """One job in a fresh app context (its own database session): the work, its commit, the mail it queued."""
    from hallweb.outbox import services as outbox

    module, _, attr = JOBS[name].partition(":")
    func = getattr(importlib.import_module(module), attr)
    with app.app_context():
        try:
            func(*args)
            db.session.commit()
            outbox.deliver_ready()
        except Exception:
            db.session.rollback()
            raise


def wait_idle(app: Flask, timeout: float = 10.0) -> bool:
    """Wait until this process's background thread has finished every job handed to it (tests, shutdown)."""
    runner = app.extensions.get(_EXTENSION)
    return runner.wait_idle(timeout) if runner is not None else True


def queue_for(app: Flask):
    """The RQ queue of MAIL_QUEUE_URL (what `flask mail worker` works on)."""
    from redis import Redis
    from rq import Queue

    return Queue(app.config["MAIL_QUEUE_NAME"], connection=Redis.from_url(app.config["MAIL_QUEUE_URL"]))


def _submit(app: Flask, jobs) -> None:
    if app.config.get("MAIL_QUEUE_URL"):
        try:
            rq_queue = queue_for(app)
            for name, args in jobs:
                rq_queue.enqueue(perform, name, *args, result_ttl=0, job_timeout=app.config["MAIL_JOB_TIMEOUT"])
        except Exception:  # noqa: BLE001 - the answer is sent; stored messages wait for `flask mail retry`
            log.exception("could not hand %d job(s) to the mail queue", len(jobs))
        return
    runner = app.extensions.get(_EXTENSION)
    if runner is None:
        runner = app.extensions.setdefault(_EXTENSION, _Runner(app))
    for job in jobs:
        runner.submit(job)


_app = None


def _standalone_app() -> Flask:
    """For a plain `rq worker`: the app as `wsgi.py` would build it, once per process."""
    global _app
    if _app is None:
        from hallweb import create_app

        _app = create_app()
    return _app


class _Runner:
    """One thread per process (started on first use, so after a fork) running jobs one at a time."""

    def __init__(self, app: Flask):
        self.app = app
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.lock = threading.Condition()
        self.unfinished = 0
        self.pid = None

    def submit(self, job) -> None:
        with self.lock:
            if self.pid != os.getpid():  # first job in this process (a forked worker has no thread yet)
                self.pid = os.getpid()
                self.unfinished = 0
                threading.Thread(target=self._work, name="hallweb-mail", daemon=True).start()
                atexit.register(self.wait_idle, self.app.config["MAIL_JOB_TIMEOUT"])
            self.unfinished += 1
        self.jobs.put(job)

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.lock:
            while self.unfinished:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.lock.wait(remaining)
        return True

    def _work(self) -> None:
        while True:
            name, args = self.jobs.get()
            try:
                _perform_in(self.app, name, args)
            except Exception:  # noqa: BLE001 - a failed job must not stop the thread; the error is logged
                log.exception("background job %s failed", name)
            finally:
                with self.lock:
                    self.unfinished -= 1
                    self.lock.notify_all()
