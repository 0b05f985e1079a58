"""`manage.py verify_ant_log`: check the hash chain of every ANT request's timeline.

Exits 0 with the number of steps checked, or 1 naming the first broken entry (an entry edited,
deleted or inserted behind the application's back)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from requests import workflow
from requests.models import TransitionLog


class Command(BaseCommand):
    help = "Vérifie l'intégrité du journal chaîné des demandes d'ANT."

    def handle(self, *args, **options):
        broken = workflow.verify_log_chain()
        if broken is None:
            count = TransitionLog.objects.count()
            self.stdout.write(f"Journal intègre : {count} étapes vérifiées.")
            return
        entry, reason = broken
        at = timezone.localtime(entry.at)
        raise CommandError(
            f"Journal altéré : demande {entry.request.reference}, étape n° {entry.pk} du "
            f"{at:%d/%m/%Y à %H:%M} — {reason}."
        )
