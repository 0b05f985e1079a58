"""The school and public holidays the scheduling rules warn about.

- School holidays are data (`SchoolHoliday`), one row per zone, school year and holiday,
  loaded from the ministry's « calendrier scolaire » export: the shipped file
  (workshops/data/calendrier_scolaire.csv, 2021-2022 to 2026-2027, loaded by the data
  migration) and any newer export (`manage.py load_school_calendar <file.csv>`).
- Public holidays are computed: the 11 national days, plus Good Friday and 26 December in
  Moselle and Alsace (DOMAIN.md § Calendar), mapped by the host school's département.
- The zone of a session is its académie's (ZONE_BY_ACADEMIE, keyed by académie code).
"""

import csv
import datetime
import io
from pathlib import Path
from zoneinfo import ZoneInfo

from dateutil.easter import easter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "calendrier_scolaire.csv"
PARIS = ZoneInfo("Europe/Paris")

# Académie code → zone (DOMAIN.md § Calendar). Caen (05) and Rouen (21) were in zone B
# before they merged into Normandie (70). Overseas académies have their own calendars.
ZONE_BY_ACADEMIE = {
    # Zone A: Besançon, Bordeaux, Clermont-Ferrand, Dijon, Grenoble, Limoges, Lyon, Poitiers.
    "03": "A",
    "04": "A",
    "06": "A",
    "07": "A",
    "08": "A",
    "10": "A",
    "13": "A",
    "22": "A",
    # Zone B: Aix-Marseille, Amiens, Lille, Nancy-Metz, Nantes, Nice, Normandie,
    # Orléans-Tours, Reims, Rennes, Strasbourg (and the former Caen and Rouen).
    "02": "B",
    "05": "B",
    "09": "B",
    "12": "B",
    "14": "B",
    "15": "B",
    "17": "B",
    "18": "B",
    "19": "B",
    "20": "B",
    "21": "B",
    "23": "B",
    "70": "B",
    # Zone C: Créteil, Montpellier, Paris, Toulouse, Versailles.
    "01": "C",
    "11": "C",
    "16": "C",
    "24": "C",
    "25": "C",
    # Corsica has its own calendar.
    "27": "Corse",
}

# The zones the loader keeps from the ministry's export (its « Zones » column).
OFFICIAL_ZONES = {"Zone A": "A", "Zone B": "B", "Zone C": "C", "Corse": "Corse"}

# Départements (as stored: "057") where Good Friday and 26 December are public holidays.
LOCAL_LAW_DEPARTEMENTS = frozenset({"057", "067", "068"})

NATIONAL_HOLIDAYS = {
    # (month, day): name
    (1, 1): gettext_lazy("jour de l'an"),
    (5, 1): gettext_lazy("fête du Travail"),
    (5, 8): gettext_lazy("Victoire 1945"),
    (7, 14): gettext_lazy("fête nationale"),
    (8, 15): gettext_lazy("Assomption"),
    (11, 1): gettext_lazy("Toussaint"),
    (11, 11): gettext_lazy("Armistice 1918"),
    (12, 25): gettext_lazy("Noël"),
}

# How the warnings name the official descriptions (« pendant les vacances de Noël »); any
# other description is shown as it is written.
HOLIDAY_NAMES = {
    "Vacances de la Toussaint": gettext_lazy("les vacances de la Toussaint"),
    "Vacances de Noël": gettext_lazy("les vacances de Noël"),
    "Vacances d'Hiver": gettext_lazy("les vacances d'hiver"),
    "Vacances de Printemps": gettext_lazy("les vacances de printemps"),
    "Pont de l'Ascension": gettext_lazy("le pont de l'Ascension"),
    "Vacances d'Été": gettext_lazy("les vacances d'été"),
}


def zone_of(academie):
    """The holiday zone of `academie` ("A", "B", "C", "Corse"), or None (overseas)."""
    return ZONE_BY_ACADEMIE.get(academie.code) if academie is not None else None


def holiday_label(name):
    label = HOLIDAY_NAMES.get(name)
    return str(label) if label is not None else name


def zone_label(zone):
    """« zone B », « Corse »."""
    if zone in ("A", "B", "C"):
        return _("zone %(zone)s") % {"zone": zone}
    return zone


def public_holidays(year, departement=""):
    """The public holidays of `year` in `departement` (stored form, "057"): {date: name}."""
    days = {
        datetime.date(year, month, day): name for (month, day), name in NATIONAL_HOLIDAYS.items()
    }
    sunday = easter(year)
    days[sunday + datetime.timedelta(days=1)] = gettext_lazy("lundi de Pâques")
    days[sunday + datetime.timedelta(days=39)] = gettext_lazy("Ascension")
    days[sunday + datetime.timedelta(days=50)] = gettext_lazy("lundi de Pentecôte")
    if departement in LOCAL_LAW_DEPARTEMENTS:
        days[sunday - datetime.timedelta(days=2)] = gettext_lazy("Vendredi saint")
        days[datetime.date(year, 12, 26)] = gettext_lazy("Saint-Étienne")
    return {day: str(name) for day, name in days.items()}


def school_holidays(zone, first_day, last_day):
    """The zone's holidays that share a day with [first_day, last_day]."""
    from workshops.models import SchoolHoliday

    if zone is None:
        return SchoolHoliday.objects.none()
    return SchoolHoliday.objects.filter(
        zone=zone, first_day__lte=last_day, last_day__gte=first_day
    ).order_by("first_day")


# The ministry's export ------------------------------------------------------------------------
class CalendarFileError(ValueError):
    """A file that is not a usable « calendrier scolaire » export; the message is French."""


# Column names of the CSV export, and of the API's JSON-like export, for the same facts.
COLUMNS = {
    "description": ("Description", "description"),
    "population": ("Population", "population"),
    "start": ("Date de début", "start_date"),
    "end": ("Date de fin", "end_date"),
    "zones": ("Zones", "zones"),
    "school_year": ("annee_scolaire", "Année scolaire"),
}


def _column(header, fact):
    for name in COLUMNS[fact]:
        if name in header:
            return name
    return None


def _paris_day(value, line):
    """The Paris day of a moment written in ISO 8601 (UTC or with an offset), or of a date."""
    text = value.strip()
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CalendarFileError(
            _("Ligne %(line)d\u00a0: la date «\u00a0%(value)s\u00a0» n'est pas lisible.")
            % {"line": line, "value": text}
        ) from None
    if moment.tzinfo is None:  # a bare date or local time: already Paris time
        return moment.date()
    return moment.astimezone(PARIS).date()


def read_official_csv(content):
    """The holidays of a ministry export (text, semicolon-separated): a list of dicts with
    zone, school_year, name, first_day and last_day. Keeps the whole-population rows of
    zones A, B, C and Corsica; the export's end is the day classes resume (`[start, end)`),
    so the last day of holidays is the day before. Rows repeated per académie come once."""
    if content.startswith("\ufeff"):
        content = content[1:]
    reader = csv.DictReader(io.StringIO(content), delimiter=";")
    header = reader.fieldnames or []
    columns = {fact: _column(header, fact) for fact in COLUMNS}
    missing = [COLUMNS[fact][0] for fact, name in columns.items() if name is None]
    if missing:
        raise CalendarFileError(
            _(
                "Ce fichier n'est pas un export du calendrier scolaire\u00a0: colonnes "
                "manquantes (%(columns)s). Attendu\u00a0: un CSV séparé par des "
                "points-virgules, avec les colonnes %(expected)s."
            )
            % {
                "columns": ", ".join(missing),
                "expected": ", ".join(names[0] for names in COLUMNS.values()),
            }
        )
    holidays = {}
    for line, row in enumerate(reader, start=2):
        zone = OFFICIAL_ZONES.get((row[columns["zones"]] or "").strip())
        population = (row[columns["population"]] or "").strip()
        if zone is None or population not in ("", "-"):
            continue
        start, end = (row[columns["start"]] or "").strip(), (row[columns["end"]] or "").strip()
        name = (row[columns["description"]] or "").strip()
        school_year = (row[columns["school_year"]] or "").strip()
        if not start or not end:
            continue  # a single date (« Rentrée scolaire des élèves »): not a holiday period
        if not name or len(school_year) != 9:
            raise CalendarFileError(
                _("Ligne %(line)d\u00a0: la description ou l'année scolaire manque.")
                % {"line": line}
            )
        first_day = _paris_day(start, line)
        last_day = _paris_day(end, line) - datetime.timedelta(days=1)
        if last_day < first_day:
            raise CalendarFileError(
                _("Ligne %(line)d\u00a0: la fin des vacances précède leur début.") % {"line": line}
            )
        holidays[(zone, school_year, name)] = {
            "zone": zone,
            "school_year": school_year,
            "name": name,
            "first_day": first_day,
            "last_day": last_day,
        }
    if not holidays:
        raise CalendarFileError(
            _("Ce fichier ne contient aucune période de vacances des zones A, B, C ou de Corse.")
        )
    return list(holidays.values())


def save_holidays(model, holidays):
    """Upsert `holidays` (from read_official_csv) on (zone, school_year, name): a newer
    export replaces the dates it changes. `model` is SchoolHoliday (or its historical
    version in a migration). Returns (created, updated)."""
    created = updated = 0
    for holiday in holidays:
        _row, was_created = model.objects.update_or_create(
            zone=holiday["zone"],
            school_year=holiday["school_year"],
            name=holiday["name"],
            defaults={"first_day": holiday["first_day"], "last_day": holiday["last_day"]},
        )
        if was_created:
            created += 1
        else:
            updated += 1
    return created, updated


def shipped_holidays():
    return read_official_csv(SHIPPED_FILE.read_text(encoding="utf-8"))
