"""gunicorn settings for the hall: gunicorn reads this file when started beside it (`make run` names it)."""

from hallweb.web import serving

logger_class = "hallweb.web.serving.ScrubbingLogger"  # one-time tokens never reach the access log


def on_starting(server):
    serving.hide_server_header()  # in the master, before the workers are forked


def post_worker_init(worker):
    if worker.age == 1:  # once per start, from the first worker (the app is loaded in the workers)
        serving.warn_if_limits_per_worker(worker.wsgi, worker.cfg.workers)
