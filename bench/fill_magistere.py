"""Fill the benchmark database with a M@gistère catalogue of 500 parcours for `make bench`.

BENCH_PARCOURS (default 500) parcours in all: most of the national offer, one in ten a
Créteil parcours (local or shared nationally), each with a scripted sequence of 6 activities,
so that the catalogue page (`/programmes/magistere/parcours/`) sums hours over 3,000
activities. Run by bench/run.sh after bench/fill.py, on the same database; the page is
measured as the office user of fill.py (any logged-in user sees the catalogue).

Idempotent: when the database already holds that many parcours, nothing is written.

    DATABASE_URL=postgres://… python bench/fill_magistere.py
"""

import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from accounts.models import Academie  # noqa: E402
from programmes.models import Parcours, ParcoursActivity  # noqa: E402

COUNT = int(os.environ.get("BENCH_PARCOURS", "500"))
WORDS = [
    "calcul mental",
    "compréhension en lecture",
    "laïcité",
    "inclusion scolaire",
    "énergie au cycle 3",
    "arts visuels",
    "langues vivantes",
    "identité numérique",
    "espace en maternelle",
    "éducation civique et morale",
]
A = ParcoursActivity
SEQUENCE = [
    (A.Type.AUTO_EVALUATION, A.Grouping.INDIVIDUELLE, A.Modality.DISTANCE, 30),
    (A.Type.CLASSE_VIRTUELLE, A.Grouping.COLLECTIVE, A.Modality.DISTANCE, 60),
    (A.Type.ANALYSE, A.Grouping.INDIVIDUELLE, A.Modality.DISTANCE, 90),
    (A.Type.PREPARATION, A.Grouping.COLLECTIVE, A.Modality.PRESENCE, 180),
    (A.Type.AUTRE, A.Grouping.INDIVIDUELLE, A.Modality.DISTANCE, 90),
    (A.Type.ANALYSE, A.Grouping.COLLECTIVE, A.Modality.PRESENCE, 90),
]


def parcours(n, creteil):
    local = n % 10 == 0
    return Parcours(
        title=f"Enseigner {WORDS[n % len(WORDS)]} — parcours {n:04d}",
        academie=creteil if local else None,
        audience=Parcours.Audience.FORMATEURS if n % 7 == 0 else Parcours.Audience.ENSEIGNANTS,
        degree=(Parcours.Degree.PREMIER, Parcours.Degree.SECOND, Parcours.Degree.LES_DEUX)[n % 3],
        producer=Parcours.Producer.ACADEMIE if local else Parcours.Producer.DGESCO,
        origin=(
            (Parcours.Origin.LOCALE if n % 20 == 0 else Parcours.Origin.MUTUALISEE)
            if local
            else Parcours.Origin.NATIONALE
        ),
        kind=Parcours.Kind.MODULE if n % 11 == 0 else Parcours.Kind.PARCOURS,
        objectives="Identifier les besoins des élèves et construire une séquence.",
        sequence_is_example=True,
    )


def main():
    started = time.monotonic()
    existing = Parcours.objects.count()
    if existing >= COUNT:
        print(f"[fill_magistere] {existing} parcours already there", file=sys.stderr)
        print(f"PARCOURS={existing}")
        return
    creteil = Academie.objects.get(code="24")
    with transaction.atomic():
        rows = Parcours.objects.bulk_create(parcours(n, creteil) for n in range(existing, COUNT))
        ParcoursActivity.objects.bulk_create(
            ParcoursActivity(
                parcours=row,
                order=order,
                title=f"Activité {order}",
                type=type_,
                grouping=grouping,
                modality=modality,
                duration_minutes=minutes,
            )
            for row in rows
            for order, (type_, grouping, modality, minutes) in enumerate(SEQUENCE, start=1)
        )
    print(
        f"[fill_magistere] {len(rows)} parcours in {time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    print(f"PARCOURS={Parcours.objects.count()}")


if __name__ == "__main__":
    main()
