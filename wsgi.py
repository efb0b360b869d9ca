"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc

from hallweb import create_app

app = create_app()

# A server process keeps what start-up built (modules, mappers, templates) until it exits: freeze it out of
# the cyclic collector's scans, which otherwise walked all ~100,000 of those objects every few hundred
# requests (70 ms each). A request's own objects are freed by reference counting as it ends; with the
# default threshold (700) a young-generation collection still ran on nearly every request. Together these
# cost the member list 5 % of its time (bench/README.md).
gc.freeze()
gc.set_threshold(7_000, 10, 10)
