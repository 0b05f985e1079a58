"""python manage.py seed_demo — demo data for a first run, idempotent; prints the demo logins."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.demo import DemoDataError, demo_password, seed_demo

# Demo steps of the other apps, run in this order after the accounts step, in the same
# transaction: dotted paths to a `seed()` that takes no argument, is idempotent, and finds the
# demo schools and users by UAI or e-mail (`accounts.demo.demo_email`). For example
# "programmes.demo.seed".
STEPS = [
    "requests.demo.seed",
    # --- programmes (issue 10): the catalogue first, then each programme ---
    "programmes.demo.catalogue.seed",
    "programmes.demo.magistere.seed",
    "programmes.demo.brigade.seed",
    "programmes.demo.ambassadeurs.seed",
    "programmes.demo.record.seed",
    # --- workshops (issue 11) ---
    "workshops.demo.seed",
    # --- funding (issue 12) ---
    "funding.demo.seed",
]


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les données de démonstration (districts, réseaux, établissements, "
        "un compte par rôle) et affiche les identifiants. Une seconde exécution ne change rien."
    )

    def handle(self, *args, **options):
        password = demo_password()
        try:
            with transaction.atomic():
                logins = seed_demo(password=password)
                for path in STEPS:
                    import_string(path)()
        except DemoDataError as error:
            raise CommandError(str(error)) from error

        headers = (_("Adresse électronique"), _("Rôle"), _("Périmètre"), _("Mot de passe"))
        rows = [headers, *((email, role, scope, password) for email, role, scope in logins)]
        widths = [max(len(row[column]) for row in rows) for column in range(len(headers))]
        self.stdout.write(_("Comptes de démonstration :"))
        self.stdout.write("")
        for index, row in enumerate(rows):
            self.stdout.write(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
            if index == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write("")
        self.stdout.write(
            _(
                "Le mot de passe n'est défini qu'à la création d'un compte : un mot de passe "
                "changé depuis est conservé. La variable d'environnement DEMO_PASSWORD en "
                "choisit un autre."
            )
        )
