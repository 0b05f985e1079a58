"""The Celery app: everything sent to people goes through it (see notifications/)."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import celeryd_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("formations")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@celeryd_init.connect
def worker_broker_timeouts(conf=None, **kwargs):
    """A worker waits on the broker by design (blocking reads for its next task): the short
    timeouts that keep web requests from hanging (settings, REDIS_TIMEOUT) would only
    make it reconnect in a loop, so a worker keeps longer ones."""
    conf.broker_connection_timeout = 4
    conf.broker_transport_options = {"socket_connect_timeout": 4, "socket_timeout": 10}


# Beat entries; django-celery-beat's scheduler copies them into the database, where staff
# may adjust them from the admin.
app.conf.beat_schedule = {
    "deliver-pending-messages": {
        "task": "notifications.tasks.sweep_pending_messages",
        "schedule": 60.0,
    },
    "ant-window-reminders": {
        "task": "requests.tasks.send_window_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "ant-office-digests": {
        "task": "requests.tasks.send_office_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    # Opinions of the académie's services due in two days (issue 9, point 2).
    "ant-opinion-reminders": {
        "task": "requests.tasks.send_opinion_reminders",
        "schedule": crontab(hour=8, minute=15),
    },
    "purge-old-exports": {
        "task": "exports.tasks.purge_old_exports",
        "schedule": crontab(hour=3, minute=45),
    },
    "purge-old-messages": {
        "task": "notifications.tasks.purge_old_messages",
        "schedule": crontab(hour=3, minute=15),
    },
    # Reminders 7 days and 1 day before sessions, each sent once (issue 11, point 7).
    "workshops-session-reminders": {
        "task": "workshops.tasks.send_session_reminders",
        "schedule": 600.0,
    },
    # The individual participants of funded operations, erased at their date (issue 12).
    "funding-purge-participants": {
        "task": "funding.tasks.purge_participants",
        "schedule": crontab(hour=3, minute=30),
    },
}
