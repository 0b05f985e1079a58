"""Fill the benchmark database with an école of 90 teachers for the training record's table.

One école of the 93 (Créteil) with BENCH_RECORD_TEACHERS (default 90) professeurs des écoles
and its head, the rule of the animations pédagogiques for the département and school year,
a 75 % service share for one teacher in ten, and each teacher a confirmed member of two
completed ANT of the 2020-2021 campaign fill.py made (their hours come from the ANT source).
The page measured is the head's table of that school year (`/programmes/formation/
enseignants/?annee=2020-2021`, 50 teachers a page) and the same with « seulement ceux à qui il
manque des heures », which reads the 90 teachers' hours to keep the short ones. Run by
bench/run.sh after bench/fill.py, on the same database.

Idempotent: when the école is there, nothing is written. Prints, as KEY=value lines for
bench/run.sh: a fresh session key of the head.

    DATABASE_URL=postgres://… python bench/fill_record.py
"""

import os
import sys
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import (  # noqa: E402
    Academie,
    Corps,
    Etablissement,
    Role,
    RoleMembership,
    User,
)
from accounts.uai import uai_check_letter  # noqa: E402
from programmes.models import AnimationHoursRule, ServiceShare  # noqa: E402
from requests.models import AntRequest, State, TeamMember  # noqa: E402

TEACHERS = int(os.environ.get("BENCH_RECORD_TEACHERS", "90"))
SCHOOL_YEAR = "2020-2021"  # the campaign of bench/fill.py
UAI_DIGITS = "0939990"  # beyond the UAI fill.py gives its schools
HEAD_EMAIL = "bench.directrice@ac-creteil.fr"


def log(message):
    print(f"[fill_record] {message}", file=sys.stderr, flush=True)


def session_cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(86400)
    session.save()
    return session.session_key


@transaction.atomic
def fill(academie):
    school = Etablissement.objects.create(
        uai=UAI_DIGITS + uai_check_letter(UAI_DIGITS),
        name="École élémentaire du banc d'essai",
        type="Ecole",
        statut="public",
        postcode="93000",
        commune="Bobigny",
        departement="093",
        academie=academie,
    )
    password = make_password("bench-formations")
    teachers = User.objects.bulk_create(
        User(
            email=f"bench.pe{n:03d}@ac-creteil.fr",
            full_name=f"Professeur des écoles {n:03d}",
            corps=Corps.PE,
            password=password,
        )
        for n in range(TEACHERS)
    )
    RoleMembership.objects.bulk_create(
        RoleMembership(user=user, role=Role.ENSEIGNANT, etablissement=school, academie=academie)
        for user in teachers
    )
    head = User.objects.create(email=HEAD_EMAIL, full_name="Bench Directrice", password=password)
    RoleMembership.objects.create(
        user=head, role=Role.CHEF_ETABLISSEMENT, etablissement=school, academie=academie
    )
    AnimationHoursRule.objects.get_or_create(
        departement="093",
        school_year=SCHOOL_YEAR,
        defaults={
            "academie": academie,
            "total_hours": Decimal("18"),
            "online_min_hours": Decimal("9"),
        },
    )
    ServiceShare.objects.bulk_create(
        ServiceShare(user=user, school_year=SCHOOL_YEAR, share=75) for user in teachers[::10]
    )
    completed = list(
        AntRequest.objects.filter(academie=academie, state=State.COMPLETED)
        .order_by("pk")
        .values_list("pk", flat=True)[: 2 * TEACHERS]
    )
    TeamMember.objects.bulk_create(
        TeamMember(request_id=request_id, user=teachers[n // 2], status="confirmed")
        for n, request_id in enumerate(completed)
    )
    log(f"{TEACHERS} teachers, {len(completed)} ANT team places")
    return head


def main():
    academie = Academie.objects.get(code="24")
    head = User.objects.filter(email=HEAD_EMAIL).first()
    if head is None:
        head = fill(academie)
    else:
        log("the école is already there")
    print(f"SESSION_RECORD={session_cookie(head)}")


if __name__ == "__main__":
    main()
