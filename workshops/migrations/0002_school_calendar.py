"""The official school holidays of zones A, B and C, 2021-2022 to 2026-2027, from the file
shipped in workshops/data/ (the ministry's « calendrier scolaire » export shape). Newer years
are loaded with `manage.py load_school_calendar <file.csv>`."""

from django.db import migrations


def load(apps, schema_editor):
    from workshops.calendar import save_holidays, shipped_holidays

    save_holidays(apps.get_model("workshops", "SchoolHoliday"), shipped_holidays())


def unload(apps, schema_editor):
    from workshops.calendar import shipped_holidays

    SchoolHoliday = apps.get_model("workshops", "SchoolHoliday")
    for holiday in shipped_holidays():
        SchoolHoliday.objects.filter(
            zone=holiday["zone"], school_year=holiday["school_year"], name=holiday["name"]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_workshops_foundation")]

    operations = [migrations.RunPython(load, unload)]
