"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

import gc

from hallweb import create_app

app = create_app()

# A server process keeps what start-up built (modules, mappers, templates) until it exits, so it is frozen out
# of the cyclic collector's scans; a request's own objects are freed by reference counting as it ends, so the
# young generation is collected far less often than by default, which would run a collection on nearly every
# request (bench/README.md).
gc.freeze()
gc.set_threshold(7_000, 10, 10)
