"""What gunicorn needs from the hall (`gunicorn.conf.py`): a warning when rate limits would be counted
separately in each worker."""

import logging

log = logging.getLogger(__name__)


def warn_if_limits_per_worker(app, workers: int) -> bool:
    """Rate limits in memory:// are counted by each worker apart: with N workers a limit is N times looser."""
    cfg = app.config
    if workers > 1 and cfg["RATELIMIT_ENABLED"] and str(cfg["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        log.warning(
            "%d workers count rate limits apart (RATELIMIT_STORAGE_URI is memory://), so each limit is %d "
            "times looser: set HALLWEB_RATELIMIT_STORAGE_URI=redis://host:6379/0 to share one count",
            workers,
            workers,
        )
        return True
    return False
