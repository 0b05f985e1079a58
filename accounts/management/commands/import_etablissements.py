"""python manage.py import_etablissements PATH — the national school directory (CSV export)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.services import AnnuaireFormatError, import_etablissements


class Command(BaseCommand):
    help = (
        "Importe l'« Annuaire de l'éducation » (export CSV) : crée ou met à jour les "
        "établissements par UAI et liste les lignes rejetées."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Chemin du fichier CSV de l'annuaire.")

    def handle(self, *args, path, **options):
        try:
            csv_file = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
        except FileNotFoundError as error:
            raise CommandError(_("Fichier introuvable : %(path)s") % {"path": path}) from error
        except OSError as error:
            raise CommandError(
                _("Impossible d'ouvrir %(path)s : %(error)s") % {"path": path, "error": error}
            ) from error

        with csv_file:
            try:
                report = import_etablissements(lines_or_file=csv_file, stdout=self.stdout)
            except AnnuaireFormatError as error:
                raise CommandError(str(error)) from error
            except UnicodeDecodeError as error:
                raise CommandError(
                    _("%(path)s n'est pas encodé en UTF-8 (octet %(position)s).")
                    % {"path": path, "position": error.start}
                ) from error

        for line, uai, reason in report.rejected:
            self.stdout.write(
                _("ligne %(line)s : %(uai)s : %(reason)s")
                % {"line": line, "uai": uai, "reason": reason}
            )
        if report.duplicates:
            self.stdout.write(
                _("UAI en double remplacés par une ligne suivante : %(count)s")
                % {"count": report.duplicates}
            )
        self.stdout.write(
            _(
                "créés : %(created)s, mis à jour : %(updated)s, "
                "inchangés : %(unchanged)s, rejetés : %(rejected)s"
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
            }
        )
