"""WSGI entry point: `gunicorn wsgi:app`, `flask --app wsgi ...`."""

from hallweb import create_app

app = create_app()
