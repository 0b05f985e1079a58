"""The timeline's chain becomes an HMAC under settings.ANT_LOG_KEY (a plain SHA-256 chain could
be recomputed by whoever could write the database), and each request keeps its newest hash in
`log_head` (a deleted tail showed nothing).

Existing timelines are re-chained under the key of the settings the migration runs with, and
faithfully: an entry whose old hash did not match its content, or whose link did not match
the entry before, keeps failing under the new chain, so tampering done before this migration
stays visible. The hashing is written out here, as it was and as it becomes, so that this
migration keeps doing what it did whatever the model's code turns into."""

import datetime
import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

BATCH = 500


def _content(entry, previous):
    content = {
        "request": entry.request_id,
        "transition": entry.transition,
        "from": entry.from_state,
        "to": entry.to_state,
        "actor": entry.actor_id,
        "at": entry.at.astimezone(datetime.UTC).isoformat(),
        "comment": entry.comment,
        "previous": previous,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False).encode()


def sha256_hash(entry, previous):
    return hashlib.sha256(_content(entry, previous)).hexdigest()


def hmac_hash(entry, previous):
    return hmac.new(
        settings.ANT_LOG_KEY.encode(), _content(entry, previous), hashlib.sha256
    ).hexdigest()


def rechain(apps, old_hash, new_hash, set_heads):
    """Recompute every timeline from `old_hash` to `new_hash`, keeping each breakage broken."""
    AntRequest = apps.get_model("requests", "AntRequest")
    TransitionLog = apps.get_model("requests", "TransitionLog")
    pks = list(AntRequest.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        entries = TransitionLog.objects.filter(request_id__in=batch).order_by("request_id", "pk")
        heads, changed = {}, []
        old_previous, new_previous, request_id = "", "", None
        for entry in entries:
            if entry.request_id != request_id:
                old_previous, new_previous, request_id = "", "", entry.request_id
            linked = entry.previous_hash == old_previous
            intact = entry.hash == old_hash(entry, entry.previous_hash)
            old_previous = entry.hash
            if linked:
                entry.previous_hash = new_previous
            # A broken link keeps its stale previous hash; an altered entry keeps its old hash,
            # which does not match its content under the new chain either.
            if intact:
                entry.hash = new_hash(entry, entry.previous_hash)
            new_previous = heads[request_id] = entry.hash
            changed.append(entry)
        TransitionLog.objects.bulk_update(changed, ["previous_hash", "hash"])
        if set_heads:
            AntRequest.objects.bulk_update(
                [AntRequest(pk=pk, log_head=head) for pk, head in heads.items()], ["log_head"]
            )


def to_hmac(apps, schema_editor):
    rechain(apps, sha256_hash, hmac_hash, set_heads=True)


def to_sha256(apps, schema_editor):
    rechain(apps, hmac_hash, sha256_hash, set_heads=False)


class Migration(migrations.Migration):
    dependencies = [
        ("requests", "0005_state_counts_in_python"),
    ]

    operations = [
        migrations.AddField(
            model_name="antrequest",
            name="log_head",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(to_hmac, to_sha256),
    ]
