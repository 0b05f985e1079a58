"""`manage.py verify_ant_log`: check the HMAC chain of every ANT request's timeline.

Exits 0 with the number of steps checked, or 1 listing, request by request, each breakage by
its kind: a broken link (an entry deleted or inserted), an altered entry (edited, or its hash
recomputed without the log key), a missing tail (entries deleted from the end), a state
mismatch (the request's state set behind the workflow's back).

`--rekey` re-chains the log under the current ANT_LOG_KEY after checking it under the previous
key, read from the ANT_LOG_OLD_KEY environment variable (not an argument: it would stay in the
shell's history); with the application stopped (README)."""

import itertools
import os
from operator import attrgetter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests import workflow
from requests.models import TransitionLog


class Command(BaseCommand):
    help = "Vérifie l'intégrité du journal chaîné des demandes d'ANT."

    def add_arguments(self, parser):
        parser.add_argument(
            "--rekey",
            action="store_true",
            help="Rechaîne le journal sous la clé ANT_LOG_KEY actuelle, après l'avoir vérifié "
            "sous l'ancienne clé, lue dans la variable d'environnement ANT_LOG_OLD_KEY.",
        )

    def handle(self, *args, rekey=False, **options):
        if rekey:
            self.rekey()
            return
        breaks = workflow.log_breaks()
        if breaks:
            raise CommandError(report(breaks))
        count = TransitionLog.objects.count()
        self.stdout.write(f"Journal intègre : {count} étapes vérifiées.")

    def rekey(self):
        old_key = os.environ.get("ANT_LOG_OLD_KEY", "")
        if not old_key:
            raise CommandError("Indiquez l'ancienne clé dans la variable ANT_LOG_OLD_KEY.")
        if old_key == settings.ANT_LOG_KEY:
            raise CommandError("ANT_LOG_OLD_KEY est la clé actuelle : rien à rechaîner.")
        breaks = workflow.rekey_log(old_key)
        if breaks:
            raise CommandError(
                "Rien n'a été rechaîné : le journal n'est pas intègre sous l'ancienne clé.\n"
                + report(breaks)
            )
        count = TransitionLog.objects.count()
        self.stdout.write(f"Journal rechaîné sous la nouvelle clé : {count} étapes.")


def report(breaks):
    """The breakages, grouped by request, one line per breakage naming its kind."""
    by_request = itertools.groupby(breaks, key=attrgetter("reference"))
    lines = []
    count = 0
    for reference, group in by_request:
        count += 1
        lines.append(f"Demande {reference} :")
        for found in group:
            if found.entry is None:
                where = ""
            else:
                at = timezone.localtime(found.entry.at)
                where = f"étape n° {found.entry.pk} du {at:%d/%m/%Y à %H:%M} — "
            lines.append(f"  - {found.kind.label} : {where}{found.reason}.")
    plural = "s" if count > 1 else ""
    return f"Journal altéré pour {count} demande{plural} :\n" + "\n".join(lines)
