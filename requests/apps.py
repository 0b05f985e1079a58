from statistics import median

from django.apps import AppConfig
from django.db.backends.signals import connection_created


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
        connection_created.connect(_register_sqlite_median)
