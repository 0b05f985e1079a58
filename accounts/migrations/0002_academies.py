"""The académies of France (DOMAIN.md), so a fresh database can import the school directory."""

from django.db import migrations

REGIONS = {
    "Auvergne-Rhône-Alpes": ["06", "08", "10"],
    "Bourgogne-Franche-Comté": ["03", "07"],
    "Bretagne": ["14"],
    "Centre-Val de Loire": ["18"],
    "Corse": ["27"],
    "Grand Est": ["12", "15", "19"],
    "Hauts-de-France": ["09", "20"],
    "Île-de-France": ["01", "24", "25"],
    "Normandie": ["05", "21", "70"],
    "Nouvelle-Aquitaine": ["04", "13", "22"],
    "Occitanie": ["11", "16"],
    "Pays de la Loire": ["17"],
    "Provence-Alpes-Côte d'Azur": ["02", "23"],
    "Guadeloupe": ["32"],
    "Guyane": ["33"],
    "La Réunion": ["28"],
    "Martinique": ["31"],
    "Mayotte": ["43"],
}

ACADEMIES = {
    "01": "Paris",
    "02": "Aix-Marseille",
    "03": "Besançon",
    "04": "Bordeaux",
    "05": "Caen",
    "06": "Clermont-Ferrand",
    "07": "Dijon",
    "08": "Grenoble",
    "09": "Lille",
    "10": "Lyon",
    "11": "Montpellier",
    "12": "Nancy-Metz",
    "13": "Poitiers",
    "14": "Rennes",
    "15": "Strasbourg",
    "16": "Toulouse",
    "17": "Nantes",
    "18": "Orléans-Tours",
    "19": "Reims",
    "20": "Amiens",
    "21": "Rouen",
    "22": "Limoges",
    "23": "Nice",
    "24": "Créteil",
    "25": "Versailles",
    "27": "Corse",
    "28": "La Réunion",
    "31": "Martinique",
    "32": "Guadeloupe",
    "33": "Guyane",
    "43": "Mayotte",
    "70": "Normandie",
}
# Caen and Rouen merged into Normandie on 1 January 2020.
INACTIVE = {"05", "21"}


def create(apps, schema_editor):
    Academie = apps.get_model("accounts", "Academie")
    region_of = {code: region for region, codes in REGIONS.items() for code in codes}
    for code, name in ACADEMIES.items():
        Academie.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "region_academique": region_of[code],
                "is_active": code not in INACTIVE,
            },
        )


def remove(apps, schema_editor):
    apps.get_model("accounts", "Academie").objects.filter(code__in=ACADEMIES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
