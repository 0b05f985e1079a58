"""Loading the official school calendar: the ministry's export through
`load_school_calendar`, and the shipped file through the data migration."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from workshops.models import SchoolHoliday

HEADER = "Description;Population;Date de début;Date de fin;Académies;Zones;annee_scolaire\n"
# The export's shape: one row per académie, Paris midnight in UTC, the end the day classes
# resume; rows for pupils or teachers only, and overseas zones, are left out.
EXPORT = HEADER + (
    "Vacances de Noël;-;2027-12-17T23:00:00+00:00;2028-01-02T23:00:00+00:00;Nancy-Metz;Zone B;"
    "2027-2028\n"
    "Vacances de Noël;-;2027-12-17T23:00:00+00:00;2028-01-02T23:00:00+00:00;Lille;Zone B;"
    "2027-2028\n"
    "Vacances d'Hiver;-;2028-02-11T23:00:00+00:00;2028-02-27T23:00:00+00:00;Paris;Zone C;"
    "2027-2028\n"
    "Vacances de la Toussaint;-;2027-10-22T22:00:00+00:00;2027-11-07T23:00:00+00:00;Corse;"
    "Corse;2027-2028\n"
    "Vacances de Noël;-;2027-12-17T23:00:00+00:00;2028-01-02T23:00:00+00:00;Guadeloupe;"
    "Guadeloupe;2027-2028\n"
    "Rentrée scolaire des enseignants;Enseignants;2027-08-31T22:00:00+00:00;;Paris;Zone C;"
    "2027-2028\n"
    "Vacances de Printemps;Élèves;2028-04-07T22:00:00+00:00;2028-04-23T22:00:00+00:00;Lyon;"
    "Zone A;2027-2028\n"
)


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "fr-en-calendrier-scolaire.csv"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def test_command_loads_zones_a_b_c_and_corsica_in_paris_dates(db, export, capsys):
    call_command("load_school_calendar", str(export))
    rows = {
        (h.zone, h.name): (h.first_day, h.last_day)
        for h in SchoolHoliday.objects.filter(school_year="2027-2028")
    }
    assert rows == {
        ("B", "Vacances de Noël"): (datetime.date(2027, 12, 18), datetime.date(2028, 1, 2)),
        ("C", "Vacances d'Hiver"): (datetime.date(2028, 2, 12), datetime.date(2028, 2, 27)),
        ("Corse", "Vacances de la Toussaint"): (
            datetime.date(2027, 10, 23),
            datetime.date(2027, 11, 7),
        ),
    }
    assert "3 périodes ajoutées, 0 mises à jour (2027-2028)" in capsys.readouterr().out


def test_command_twice_changes_nothing_and_a_new_export_moves_the_dates(db, export, tmp_path):
    call_command("load_school_calendar", str(export))
    call_command("load_school_calendar", str(export))
    assert SchoolHoliday.objects.filter(school_year="2027-2028").count() == 3
    moved = tmp_path / "moved.csv"
    moved.write_text(EXPORT.replace("2028-01-02T23:00:00", "2028-01-03T23:00:00"), "utf-8")
    call_command("load_school_calendar", str(moved))
    christmas = SchoolHoliday.objects.get(zone="B", school_year="2027-2028")
    assert christmas.last_day == datetime.date(2028, 1, 3)
    assert SchoolHoliday.objects.filter(school_year="2027-2028").count() == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date;vacances_zone_a\n2027-12-18;True\n", "colonnes manquantes"),
        (HEADER + "Vacances de Noël;-;le 18 décembre;2028-01-03;Metz;Zone B;2027-2028\n",
         "la date «\u00a0le 18 décembre\u00a0» n'est pas lisible"),
        (HEADER + "Vacances de Noël;-;2028-01-03T00:00:00+00:00;2027-12-18T00:00:00+00:00;"
         "Metz;Zone B;2027-2028\n", "la fin des vacances précède leur début"),
        (HEADER, "aucune période de vacances"),
    ],
)  # fmt: skip
def test_command_refuses_a_bad_file_in_french_and_loads_nothing(db, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_school_calendar", str(path))
    assert not SchoolHoliday.objects.exists()


def test_command_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire le fichier"):
        call_command("load_school_calendar", str(tmp_path / "absent.csv"))


def test_data_migration_loads_the_shipped_calendar_and_reverses(db):
    migration = importlib.import_module("workshops.migrations.0002_school_calendar")
    migration.load(apps, None)
    assert SchoolHoliday.objects.count() == 6 * 3 * 6  # years × zones × periods
    assert SchoolHoliday.objects.get(
        zone="B", school_year="2022-2023", name="Vacances de Noël"
    ).first_day == datetime.date(2022, 12, 17)
    SchoolHoliday.objects.create(
        zone="B",
        school_year="2027-2028",
        name="Vacances de Noël",
        first_day=datetime.date(2027, 12, 18),
        last_day=datetime.date(2028, 1, 2),
    )
    migration.unload(apps, None)
    assert list(SchoolHoliday.objects.values_list("school_year", flat=True)) == ["2027-2028"]
