"""Fill a database with an académie at scale for `make bench`.

2,000 schools, 90,000 staff, 20,000 ANT requests with their teams, chained timelines and
threads, in one académie (Créteil). Idempotent: an already filled database is left alone.
Prints the session cookie of the EAFC staff member the benchmark logs in as.

    DATABASE_URL=postgres://… python bench/fill.py
"""

import datetime
import os
import random
import sys
import time
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
from django.utils import timezone  # noqa: E402

from accounts.models import (  # noqa: E402
    Academie,
    Corps,
    District,
    Etablissement,
    Reseau,
    Role,
    RoleMembership,
    User,
)
from accounts.uai import uai_check_letter  # noqa: E402
from requests.models import (  # noqa: E402
    AntRequest,
    Campaign,
    State,
    SubmissionWindow,
    TeamMember,
    Theme,
    ThreadMessage,
    TrainerProfile,
    TransitionLog,
)

SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", 2000))
STAFF = int(os.environ.get("BENCH_STAFF", 90000))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", 20000))
BATCH = 5000
OFFICE_EMAIL = "bench.eafc@ac-creteil.fr"
PATHS = {
    State.DRAFT: [],
    State.SUBMITTED: ["submit"],
    State.RETURNED: ["submit", "return_to_team"],
    State.ENDORSED: ["submit", "endorse"],
    State.UNDER_REVIEW: ["submit", "endorse", "start_review"],
    State.CORRECTIONS: ["submit", "endorse", "start_review", "request_corrections"],
    State.DIAGNOSTIC: ["submit", "endorse", "start_review", "start_diagnostic"],
    State.VALIDATED: ["submit", "endorse", "start_review", "validate"],
    State.REJECTED: ["submit", "endorse", "start_review", "reject"],
    State.POSTPONED: ["submit", "endorse", "postpone"],
    State.IN_PROGRESS: ["submit", "endorse", "start_review", "validate", "start"],
    State.COMPLETED: ["submit", "endorse", "start_review", "validate", "start", "complete"],
    State.CANCELLED: ["submit", "cancel"],
}
TARGET = {
    "submit": State.SUBMITTED, "return_to_team": State.RETURNED, "endorse": State.ENDORSED,
    "start_review": State.UNDER_REVIEW, "request_corrections": State.CORRECTIONS,
    "start_diagnostic": State.DIAGNOSTIC, "validate": State.VALIDATED, "reject": State.REJECTED,
    "postpone": State.POSTPONED, "start": State.IN_PROGRESS, "complete": State.COMPLETED,
    "cancel": State.CANCELLED,
}  # fmt: skip


def log(message):
    print(f"[fill] {message}", flush=True)


def session_cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(86400)
    session.save()
    return session.session_key


@transaction.atomic
def fill():
    rng = random.Random(2020)
    academie = Academie.objects.get(code="24")
    districts = District.objects.bulk_create(
        District(academie=academie, name=f"District {n:02d}") for n in range(40)
    )
    reseaux = Reseau.objects.bulk_create(
        Reseau(academie=academie, name=f"Réseau {n:03d}") for n in range(100)
    )
    log("schools")
    departements = ["093", "094", "077"]
    schools = []
    for n in range(SCHOOLS):
        dept = departements[n % 3]
        digits = f"{dept}{n // 3 + 5000:04d}"
        kind = ["Ecole", "Collège", "Lycée"][n % 3]
        schools.append(
            Etablissement(
                uai=digits + uai_check_letter(digits),
                name=f"{kind} n° {n}",
                type=kind,
                statut="public",
                postcode=f"{dept[1:]}{n % 1000:03d}",
                commune=f"Commune {n % 300}",
                departement=dept,
                academie=academie,
                district=districts[n % 40],
                reseau=reseaux[n % 100],
            )
        )
    schools = Etablissement.objects.bulk_create(schools, batch_size=BATCH)

    log("staff")
    password = make_password("bench-formations")
    users = [
        User(
            email=f"agent{n}@ac-creteil.fr",
            full_name=f"Agent {n}",
            corps=Corps.CERTIFIE,
            discipline=["Mathématiques", "Lettres", "Histoire-géographie", "Anglais"][n % 4],
            password=password,
        )
        for n in range(STAFF)
    ]
    users = User.objects.bulk_create(users, batch_size=BATCH)
    per_school = STAFF // SCHOOLS
    memberships = []
    for n, user in enumerate(users):
        school = schools[(n // per_school) % SCHOOLS]
        role = Role.CHEF_ETABLISSEMENT if n % per_school == 0 else Role.ENSEIGNANT
        memberships.append(
            RoleMembership(user=user, role=role, etablissement=school, academie=academie)
        )
    RoleMembership.objects.bulk_create(memberships, batch_size=BATCH)
    office = User.objects.create(email=OFFICE_EMAIL, full_name="Bench EAFC", password=password)
    RoleMembership.objects.create(user=office, role=Role.DAFOR, academie=academie)
    for n in range(200):
        trainer = users[n * 400 + 7]
        RoleMembership.objects.create(user=trainer, role=Role.FORMATEUR, academie=academie)
        TrainerProfile.objects.create(
            user=trainer,
            academie=academie,
            disciplines=trainer.discipline,
            departement=departements[n % 3],
            home_school=schools[(n * 400 + 7) // per_school],
        )

    log("campaign")
    campaign = Campaign.objects.create(
        academie=academie,
        school_year="2020-2021",
        title="ANT 2020-2021",
        published_on=datetime.date(2020, 6, 15),
    )
    SubmissionWindow.objects.create(
        campaign=campaign, opens_on=datetime.date(2020, 6, 15), closes_on=datetime.date(2020, 7, 8)
    )
    SubmissionWindow.objects.create(campaign=campaign, opens_on=datetime.date(2020, 8, 21))
    themes = Theme.objects.bulk_create(
        Theme(
            campaign=campaign,
            title=f"Thématique {n}",
            description="Description.",
            kind="transversal" if n % 2 else "disciplinaire",
            discipline="Mathématiques",
            target_public="Enseignants",
        )
        for n in range(30)
    )

    log("requests")
    states = list(PATHS)
    start = datetime.datetime(2020, 6, 16, 9, tzinfo=datetime.UTC)
    requests = []
    for n in range(REQUESTS):
        school_index = rng.randrange(SCHOOLS)
        state = states[n % len(states)]
        submitted = start + datetime.timedelta(hours=n % 2000)
        path = PATHS[state]
        requests.append(
            AntRequest(
                campaign=campaign,
                academie=academie,
                reference=f"ANT-2020-{n + 1:05d}",
                state=state,
                scale="etablissement",
                coordinating_school=schools[school_index],
                theme=themes[n % 30],
                title=f"Projet de formation n° {n}",
                professional_questions="Comment faire progresser tous les élèves ?",
                expected_outcomes="Des pratiques partagées.",
                public_count=10 + n % 20,
                public_categories="Enseignants",
                priority=n % 97 == 0,
                coordinator=users[school_index * per_school + 1],
                created_at=submitted,
                submitted_at=submitted if path else None,
                endorsed_at=submitted + datetime.timedelta(days=3) if "endorse" in path else None,
                decided_at=submitted + datetime.timedelta(days=30)
                if {"validate", "reject", "postpone"} & set(path)
                else None,
            )
        )
    requests = AntRequest.objects.bulk_create(requests, batch_size=BATCH)
    log("teams, timelines, threads")
    members, entries, thread, links = [], [], [], []
    school_index = {school.pk: index for index, school in enumerate(schools)}
    for request in requests:
        base = school_index[request.coordinating_school_id] * per_school
        for k in (1, 2, 3):
            members.append(TeamMember(request=request, user=users[base + k], status="confirmed"))
        links.append(
            AntRequest.schools.through(
                antrequest_id=request.pk, etablissement_id=request.coordinating_school_id
            )
        )
        previous_hash, state = "", ""
        at = request.created_at
        for name in ["create", *PATHS[request.state]]:
            target = State.DRAFT if name == "create" else TARGET[name]
            entry = TransitionLog(
                request=request,
                transition=name,
                from_state=state,
                to_state=target,
                actor=users[base + 1],
                at=at,
                comment="",
                previous_hash=previous_hash,
            )
            entry.request_id = request.pk
            entry.actor_id = users[base + 1].pk
            entry.hash = entry.compute_hash()
            entries.append(entry)
            previous_hash, state = entry.hash, target
            at += datetime.timedelta(days=2)
            if name != "create":
                thread.append(
                    ThreadMessage(
                        request=request, body=f"Étape : {name}", is_notification=True, created_at=at
                    )
                )
        thread.append(
            ThreadMessage(
                request=request,
                author=users[base + 1],
                body="Bonjour, voici notre projet.",
                created_at=at,
            )
        )
    TeamMember.objects.bulk_create(members, batch_size=BATCH)
    AntRequest.schools.through.objects.bulk_create(links, batch_size=BATCH)
    TransitionLog.objects.bulk_create(entries, batch_size=BATCH)
    ThreadMessage.objects.bulk_create(thread, batch_size=BATCH)
    log(f"{len(requests)} requests, {len(entries)} timeline entries, {len(thread)} messages")


def main():
    started = time.monotonic()
    if not User.objects.filter(email=OFFICE_EMAIL).exists():
        fill()
        log(f"filled in {time.monotonic() - started:.0f} s")
    office = User.objects.get(email=OFFICE_EMAIL)
    sample = AntRequest.objects.filter(state=State.UNDER_REVIEW).order_by("pk").first()
    print(f"SESSION={session_cookie(office)}")
    print(f"REQUEST={sample.pk}")
    print(f"THEME={sample.theme_id}")


if __name__ == "__main__":
    timezone.activate("Europe/Paris")
    main()
