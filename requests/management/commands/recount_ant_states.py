"""`manage.py recount_ant_states`: recompute the counts per académie and state of ANT requests
(StateCount) from the requests, naming the counts it corrected. Run it after a data fix or a
bulk load that wrote requests without going through the workflow and services."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from requests import state_counts


class Command(BaseCommand):
    help = "Recalcule le nombre de demandes d'ANT par académie et par état."

    def handle(self, *args, **options):
        wrong = state_counts.recount()
        for (academie, state), (kept, actual) in sorted(wrong.items()):
            self.stdout.write(f"Académie {academie}, {state} : {kept} → {actual}")
        self.stdout.write(
            ngettext(
                "Comptes recalculés : %(count)d corrigé.",
                "Comptes recalculés : %(count)d corrigés.",
                len(wrong),
            )
            % {"count": len(wrong)}
        )
