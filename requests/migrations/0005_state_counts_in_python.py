"""The counts per académie and state are kept by requests/state_counts.py from now on: the
triggers of migration 0003 go. Dropping a trigger is SQL the ORM cannot say."""

import importlib

from django.db import migrations

DROP = {
    "postgresql": [
        "DROP TRIGGER IF EXISTS requests_count_states_update ON requests_antrequest",
        "DROP TRIGGER IF EXISTS requests_count_states_insert_delete ON requests_antrequest",
        "DROP FUNCTION IF EXISTS requests_count_states()",
    ],
    "sqlite": [
        "DROP TRIGGER IF EXISTS requests_count_states_update",
        "DROP TRIGGER IF EXISTS requests_count_states_delete",
        "DROP TRIGGER IF EXISTS requests_count_states_insert",
    ],
}


def drop_triggers(apps, schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def reinstall_triggers(apps, schema_editor):
    previous = importlib.import_module("requests.migrations.0003_state_counts")
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": previous.POSTGRESQL, "sqlite": previous.SQLITE}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0004_queue_indexes"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, reinstall_triggers),
    ]
