"""Load a school year's holidays from the ministry's « calendrier scolaire » export.

    manage.py load_school_calendar fr-en-calendrier-scolaire.csv

The file is the CSV export of the open dataset (semicolon-separated). Only the whole-population
rows of zones A, B, C and Corsica are kept; each holiday is written once per zone and school
year, replacing the dates of a row already loaded (running it twice changes nothing)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from workshops.calendar import CalendarFileError, read_official_csv, save_holidays
from workshops.models import SchoolHoliday


class Command(BaseCommand):
    help = "Charge les vacances scolaires d'un export du calendrier scolaire (CSV du ministère)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Le fichier CSV exporté (séparé par des points-virgules).")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8-sig") as file:
                content = file.read()
        except OSError as error:
            raise CommandError(
                _("Impossible de lire le fichier «\u00a0%(path)s\u00a0»\u00a0: %(error)s.")
                % {"path": path, "error": error.strerror or error}
            ) from None
        except UnicodeDecodeError:
            raise CommandError(
                _("Le fichier «\u00a0%(path)s\u00a0» n'est pas encodé en UTF-8.") % {"path": path}
            ) from None
        try:
            holidays = read_official_csv(content)
        except CalendarFileError as error:
            raise CommandError(str(error)) from None
        with transaction.atomic():
            created, updated = save_holidays(SchoolHoliday, holidays)
        years = ", ".join(sorted({holiday["school_year"] for holiday in holidays}))
        self.stdout.write(
            _("%(created)d périodes ajoutées, %(updated)d mises à jour (%(years)s).")
            % {"created": created, "updated": updated, "years": years}
        )
