"""Queueing Celery tasks from a web request without waiting on a hung broker.

A broker that is down answers at once, but a hung one (a frozen Redis, a saturated network)
lets every publish wait for its socket timeout: one per recipient after a decision was enough
to hold a request past the web server's timeout. So a publish gives up after
REDIS_TIMEOUT seconds and is not retried, and after one failure this process queues
nothing for REDIS_PAUSE_SECONDS: what was not queued is in the database (an outbox
row, an export) and the beat sweep picks it up once the broker answers again.
"""

import logging
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)


class Pause:
    """Until when this process leaves the broker alone (a monotonic time)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = 0.0

    def active(self):
        return time.monotonic() < self.until

    def start(self):
        with self.lock:
            self.until = time.monotonic() + settings.REDIS_PAUSE_SECONDS

    def end(self):
        with self.lock:
            self.until = 0.0


pause = Pause()


def publish(task, args, **options):
    """Queue `task` with `args`; True if it was handed to the broker.

    False, without trying, while the pause after a failure lasts; False, starting the pause,
    when the broker refuses or does not answer in time. The caller leaves the work in the
    database for the sweep (or marks it failed) and the web request goes on.
    """
    if pause.active():
        logger.info("broker paused, task not queued", extra={"task": task.name})
        return False
    try:
        task.apply_async(args, **options)
    except Exception as error:
        pause.start()
        logger.warning(
            "broker unreachable, task not queued; publishing paused",
            extra={
                "task": task.name,
                "error": type(error).__name__,
                "pause_seconds": settings.REDIS_PAUSE_SECONDS,
            },
        )
        return False
    return True
