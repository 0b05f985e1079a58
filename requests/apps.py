from statistics import median

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save


class _SqliteMedian:
    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return median(self.values) if self.values else None


def _register_sqlite_median(sender, connection, **kwargs):
    # PostgreSQL has PERCENTILE_CONT; the embedded SQLite default gets an equivalent.
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, _SqliteMedian)


class RequestsConfig(AppConfig):
    name = "requests"
    verbose_name = "Demandes ANT"

    def ready(self):
        from accounts.models import District
        from requests import queries
        from requests.models import Campaign, SubmissionWindow, Theme

        connection_created.connect(_register_sqlite_median)
        # The queue's filters offer these: a change is offered at once.
        for model in (Campaign, SubmissionWindow, Theme, District):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                uid = f"ant-queue-choices-{name}-{model.__name__}"
                signal.connect(queries.forget_queue_choices, sender=model, dispatch_uid=uid)
