"""The Celery app: everything sent to people goes through it (see notifications/)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("formations")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

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
    "purge-old-exports": {
        "task": "exports.tasks.purge_old_exports",
        "schedule": crontab(hour=3, minute=45),
    },
    "purge-old-messages": {
        "task": "notifications.tasks.purge_old_messages",
        "schedule": crontab(hour=3, minute=15),
    },
}
