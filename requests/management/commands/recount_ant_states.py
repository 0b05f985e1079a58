"""`manage.py recount_ant_states`: recompute the counts per académie and state of ANT requests
(StateCount) from the requests, and check that the triggers keeping them are in place.

Exits 0 naming the counts it corrected, or 1 when a trigger is missing (a migration rebuilt
the table: the counts would drift again)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from requests import state_counts


class Command(BaseCommand):
    help = "Recalcule le nombre de demandes d'ANT par académie et par état."

    def handle(self, *args, **options):
        wrong = state_counts.recount()
        for (academie, state), (kept, actual) in sorted(wrong.items()):
            self.stdout.write(f"Académie {academie}, {state} : {kept} → {actual}")
        self.stdout.write(f"Comptes recalculés : {len(wrong)} corrigé(s).")
        missing = state_counts.TRIGGERS[connection.vendor] - state_counts.installed_triggers()
        if missing:
            raise CommandError(
                "Déclencheurs absents : " + ", ".join(sorted(missing)) + ". Les comptes "
                "dériveront : réinstallez-les (migration requests 0003)."
            )
