"""The serving entry point (wsgi.py), imported as gunicorn imports it: in a process of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_serving_freezes_start_up_objects_and_collects_young_objects_less_often(tmp_path):
    probe = "import gc, json, wsgi; print(json.dumps([gc.get_freeze_count(), gc.get_threshold()]))"
    env = {
        **os.environ,
        "HALLWEB_SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'hall.db'}",
        "HALLWEB_SECRET_KEY": "test",
    }
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    frozen, threshold = json.loads(done.stdout.strip().splitlines()[-1])
    assert frozen > 10_000  # modules, mappers, templates: what start-up built
    assert threshold == [7_000, 10, 10]
