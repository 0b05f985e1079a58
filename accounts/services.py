"""Writes of the accounts app other than the ones a form does on its own."""

import csv
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.models import Academie, Etablissement
from accounts.uai import normalize_uai, uai_error

# Columns of the "Annuaire de l'éducation" export that the import reads; the others are ignored.
COL_UAI = "Identifiant_de_l_etablissement"
COL_NAME = "Nom_etablissement"
COL_TYPE = "Type_etablissement"
COL_STATUT = "Statut_public_prive"
COL_POSTCODE = "Code_postal"
COL_COMMUNE = "Nom_commune"
COL_DEPARTEMENT = "Code_departement"
COL_ACADEMIE = "Code_academie"
REQUIRED_COLUMNS = (
    COL_UAI,
    COL_NAME,
    COL_TYPE,
    COL_STATUT,
    COL_POSTCODE,
    COL_COMMUNE,
    COL_DEPARTEMENT,
    COL_ACADEMIE,
)

# The Etablissement fields the directory owns. District and réseau are ours: never touched.
TEXT_FIELDS = ("name", "type", "statut", "postcode", "commune", "departement")
IMPORTED_FIELDS = (*TEXT_FIELDS, "academie")

STATUTS = {
    "public": Etablissement.Statut.PUBLIC,
    "privé": Etablissement.Statut.PRIVE,
    "prive": Etablissement.Statut.PRIVE,
}
DEPARTEMENT_PATTERN = re.compile(r"^(\d{3}|02A|02B)$")
PROGRESS_EVERY = 10_000
BATCH_SIZE = 1_000
CHANGE_REASON = "Import de l'annuaire de l'éducation"


class AnnuaireFormatError(Exception):
    """The file cannot be read as the directory export (empty, or required columns missing)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    # (line number in the file, normalised UAI, French reason)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    # Valid rows replaced by a later row with the same UAI (the later row wins).
    duplicates: int = 0


def normalize_departement(value):
    """The 3-character form the model stores: "93" → "093", "2A" → "02A", "974" unchanged."""
    code = (value or "").strip().upper()
    if code.isdigit() and len(code) < 3:
        return code.zfill(3)
    if code in ("2A", "2B"):
        return "0" + code
    return code


def normalize_academie_code(value):
    code = (value or "").strip()
    return code.zfill(2) if code.isdigit() and len(code) < 2 else code


def normalize_postcode(value):
    # Spreadsheets drop the leading zero of "01000".
    code = (value or "").strip()
    return code.zfill(5) if code.isdigit() and len(code) == 4 else code


def import_etablissements(*, lines_or_file, stdout=None):
    """Upsert the schools of an "Annuaire de l'éducation" CSV export, keyed by UAI.

    - `lines_or_file` is a text file opened with newline="" (or any iterable of lines):
      semicolon-separated, quoted fields, header on line 1. A leading BOM is tolerated.
    - A row is rejected, with its line number and a French reason, when its UAI is malformed
      or has the wrong check letter, its name is missing, its académie code is unknown, or
      its statut, département or a field's length is not what the model accepts. The other
      rows are imported whatever the rejected ones.
    - When a UAI appears on several valid rows, the last one wins (counted in `duplicates`).
    - Only the directory's fields are written (`IMPORTED_FIELDS`); district and réseau are
      kept. Schools absent from the file are left alone.
    - A row identical to the database is not saved: a second run of the same file writes
      nothing, history included. Creations and updates go through simple-history's bulk
      helpers, so each one still gets its historical row (without a user: it is an import).
    - All writes happen in one transaction. `stdout`, if given, receives progress lines.
    """
    report = ImportReport()
    academies = {a.code: a for a in Academie.objects.all()}
    max_length = {name: Etablissement._meta.get_field(name).max_length for name in TEXT_FIELDS}

    reader = csv.reader(lines_or_file, delimiter=";", quotechar='"')
    header = next(reader, None)
    if not header:
        raise AnnuaireFormatError(_("Le fichier est vide : la ligne d'en-tête est absente."))
    position = _column_positions(header)

    rows = {}  # normalised UAI → field values, the later row replacing the earlier one
    read = 0
    # A record's line is where it starts: csv's line_num is where it ends (quoted newlines).
    start_line = reader.line_num + 1
    for values in reader:
        line, start_line = start_line, reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        read += 1
        cells = {column: _cell(values, index) for column, index in position.items()}
        uai = normalize_uai(cells[COL_UAI])
        result = _parse_row(cells, academies, max_length)
        if isinstance(result, str):
            report.rejected.append((line, uai, result))
        else:
            if uai in rows:
                report.duplicates += 1
            rows[uai] = result
        if stdout is not None and read % PROGRESS_EVERY == 0:
            stdout.write(_("%(count)s lignes lues…") % {"count": read})

    with transaction.atomic():
        existing = Etablissement.objects.in_bulk(list(rows), field_name="uai")
        to_create, to_update = [], []
        for uai, values in rows.items():
            etablissement = existing.get(uai)
            if etablissement is None:
                to_create.append(Etablissement(uai=uai, **values))
                continue
            changed = False
            for name, value in values.items():
                if getattr(etablissement, name) != value:
                    setattr(etablissement, name, value)
                    changed = True
            if changed:
                to_update.append(etablissement)
            else:
                report.unchanged += 1

        if to_create:
            bulk_create_with_history(
                to_create,
                Etablissement,
                batch_size=BATCH_SIZE,
                default_change_reason=CHANGE_REASON,
            )
        if to_update:
            bulk_update_with_history(
                to_update,
                Etablissement,
                fields=list(IMPORTED_FIELDS),
                batch_size=BATCH_SIZE,
                default_change_reason=CHANGE_REASON,
            )
    report.created = len(to_create)
    report.updated = len(to_update)
    return report


def _column_positions(header):
    """Index of each required column; names compared without case (the API's export is
    lower-case) and without the BOM a file opened as plain UTF-8 leaves on the first one."""
    names = [name.strip().lstrip("\ufeff").strip().casefold() for name in header]
    positions, missing = {}, []
    for column in REQUIRED_COLUMNS:
        try:
            positions[column] = names.index(column.casefold())
        except ValueError:
            missing.append(column)
    if missing:
        raise AnnuaireFormatError(
            _("Colonnes obligatoires absentes de l'en-tête : %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return positions


def _cell(values, index):
    return values[index].strip() if index < len(values) else ""


def _parse_row(cells, academies, max_length):
    """The model's field values for one row, or the French reason it is rejected."""
    error = uai_error(cells[COL_UAI])
    if error:
        return error
    name = cells[COL_NAME]
    if not name:
        return _("nom de l'établissement manquant.")

    academie_code = normalize_academie_code(cells[COL_ACADEMIE])
    academie = academies.get(academie_code)
    if academie is None:
        return _("code académie inconnu « %(code)s ».") % {"code": academie_code}

    statut = STATUTS.get(cells[COL_STATUT].casefold())
    if statut is None:
        return _("statut public/privé inconnu « %(statut)s ».") % {"statut": cells[COL_STATUT]}

    departement = normalize_departement(cells[COL_DEPARTEMENT])
    if departement and not DEPARTEMENT_PATTERN.match(departement):
        return _("code département mal formé « %(code)s ».") % {"code": cells[COL_DEPARTEMENT]}

    values = {
        "name": name,
        "type": cells[COL_TYPE],
        "statut": statut,
        "postcode": normalize_postcode(cells[COL_POSTCODE]),
        "commune": cells[COL_COMMUNE],
        "departement": departement,
    }
    for field_name, value in values.items():
        if len(value) > max_length[field_name]:
            return _("« %(field)s » dépasse %(max)s caractères.") % {
                "field": Etablissement._meta.get_field(field_name).verbose_name,
                "max": max_length[field_name],
            }
    # The id, not the instance: comparing `etablissement.academie` would query once per row.
    values["academie_id"] = academie.pk
    return values
