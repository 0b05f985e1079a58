"""Fill a database with an académie at scale for `make bench`.

By default 2,000 schools, 90,000 staff, 20,000 ANT requests with their teams, chained timelines
and threads, in one académie (Créteil); BENCH_SCHOOLS, BENCH_STAFF and BENCH_REQUESTS set the
scale (bench/run.sh runs 20,000 and 200,000). One school in BENCH_HOT_EVERY requests is the
same school (a big lycée), whose head the benchmark logs in as: their `/demandes/` grows with
the data. At least BENCH_MIN_UNDER_REVIEW requests are under review, for the decisions run.

Idempotent: an already filled database is left alone (a half-filled one, from an interrupted
run, is refused: drop it). The requests go in in chunks, each in its own transaction, with
bulk_create. Then, on every run, the benchmark's own users exist (the office user, the head
of the big school, BENCH_DECIDERS office users for bench/decisions.py) and the counts per
state are recounted (a bulk load goes around the code that keeps them). Prints, as KEY=value
lines for bench/run.sh: fresh session keys of those users, a request and a theme to show,
and how long filling took.

    DATABASE_URL=postgres://… python bench/fill.py
"""

import datetime
import functools
import multiprocessing
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
from django.core.management import call_command  # noqa: E402
from django.core.management.base import CommandError  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
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
HOT_EVERY = int(os.environ.get("BENCH_HOT_EVERY", 100))
DECIDERS = int(os.environ.get("BENCH_DECIDERS", 16))
MIN_UNDER_REVIEW = int(os.environ.get("BENCH_MIN_UNDER_REVIEW", 16 * 40 + 1))
BATCH = 5000  # rows per INSERT
PROCESSES = int(os.environ.get("BENCH_FILL_PROCESSES", os.cpu_count() or 1))
CHUNK = 5000  # requests per transaction, with their teams, timelines and threads
OFFICE_EMAIL = "bench.eafc@ac-creteil.fr"
HEAD_EMAIL = "bench.chef@ac-creteil.fr"
DECIDER_EMAIL = "bench.eafc{:02d}@ac-creteil.fr"
HOT_SCHOOL = 0  # index of the big school
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


@functools.cache
def password():
    return make_password("bench-formations")


def session_cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(86400)
    session.save()
    return session.session_key


@transaction.atomic
def fill_people(academie):
    """Districts, réseaux, schools, staff with their roles, trainers, the campaign and its
    themes; returns the school ids, the user ids (in order), the campaign and the themes."""
    districts = District.objects.bulk_create(
        District(academie=academie, name=f"District {n:02d}") for n in range(40)
    )
    reseaux = Reseau.objects.bulk_create(
        Reseau(academie=academie, name=f"Réseau {n:03d}") for n in range(100)
    )
    log(f"{SCHOOLS} schools")
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
    school_ids = [s.pk for s in Etablissement.objects.bulk_create(schools, batch_size=BATCH)]

    log(f"{STAFF} staff")
    disciplines = ["Mathématiques", "Lettres", "Histoire-géographie", "Anglais"]
    user_ids = []
    for first in range(0, STAFF, BATCH):
        users = User.objects.bulk_create(
            User(
                email=f"agent{n}@ac-creteil.fr",
                full_name=f"Agent {n}",
                corps=Corps.CERTIFIE,
                discipline=disciplines[n % 4],
                password=password(),
            )
            for n in range(first, min(first + BATCH, STAFF))
        )
        user_ids += [user.pk for user in users]
    per_school = STAFF // SCHOOLS
    for first in range(0, STAFF, BATCH):
        RoleMembership.objects.bulk_create(
            RoleMembership(
                user_id=user_ids[n],
                role=Role.CHEF_ETABLISSEMENT if n % per_school == 0 else Role.ENSEIGNANT,
                etablissement_id=school_ids[(n // per_school) % SCHOOLS],
                academie=academie,
            )
            for n in range(first, min(first + BATCH, STAFF))
        )
    step = STAFF // 200
    for n in range(200):
        index = n * step + 7
        trainer = User.objects.get(pk=user_ids[index])
        RoleMembership.objects.create(user=trainer, role=Role.FORMATEUR, academie=academie)
        TrainerProfile.objects.create(
            user=trainer,
            academie=academie,
            disciplines=trainer.discipline,
            departement=departements[n % 3],
            home_school_id=school_ids[(index // per_school) % SCHOOLS],
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
    return school_ids, user_ids, campaign, [theme.pk for theme in themes]


def request_chunk(first, academie, school_ids, user_ids, campaign_id, theme_ids):
    """Requests `first` to `first + CHUNK` with their teams, timelines and threads; the
    requests in one transaction (kept short: on a database where triggers count requests per
    state, it locks the counts until it commits), the rest in another. Returns row counts."""
    rng = random.Random(2020 + first)
    per_school = STAFF // SCHOOLS
    states = list(PATHS)
    # When the cycle of states gives too few requests under review for bench/decisions.py,
    # one request in `boost` is under review.
    boost = REQUESTS // MIN_UNDER_REVIEW if (REQUESTS + 8) // 13 < MIN_UNDER_REVIEW else 0
    start = datetime.datetime(2020, 6, 16, 9, tzinfo=datetime.UTC)
    requests, school_of = [], []
    for n in range(first, min(first + CHUNK, REQUESTS)):
        school_index = rng.randrange(SCHOOLS)
        if n % HOT_EVERY == 0:
            school_index = HOT_SCHOOL
        state = states[n % len(states)]
        if boost and n % max(boost, 1) == 0:
            state = State.UNDER_REVIEW
        submitted = start + datetime.timedelta(hours=n % 2000)
        path = PATHS[state]
        school_of.append(school_index)
        requests.append(
            AntRequest(
                campaign_id=campaign_id,
                academie_id=academie,
                reference=f"ANT-2020-{n + 1:06d}",
                state=state,
                scale="etablissement",
                coordinating_school_id=school_ids[school_index],
                theme_id=theme_ids[n % 30],
                title=f"Projet de formation n° {n}",
                professional_questions="Comment faire progresser tous les élèves ?",
                expected_outcomes="Des pratiques partagées.",
                public_count=10 + n % 20,
                public_categories="Enseignants",
                priority=n % 97 == 0,
                coordinator_id=user_ids[school_index * per_school + 1],
                created_at=submitted,
                submitted_at=submitted if path else None,
                endorsed_at=submitted + datetime.timedelta(days=3) if "endorse" in path else None,
                decided_at=submitted + datetime.timedelta(days=30)
                if {"validate", "reject", "postpone"} & set(path)
                else None,
            )
        )
    with transaction.atomic():
        requests = AntRequest.objects.bulk_create(requests, batch_size=BATCH)
    members, links, entries, thread = [], [], [], []
    for request, school_index in zip(requests, school_of, strict=True):
        base = school_index * per_school
        coordinator = user_ids[base + 1]
        for k in (1, 2, 3):
            members.append(
                TeamMember(request_id=request.pk, user_id=user_ids[base + k], status="confirmed")
            )
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
                request_id=request.pk,
                transition=name,
                from_state=state,
                to_state=target,
                actor_id=coordinator,
                at=at,
                comment="",
                previous_hash=previous_hash,
            )
            entry.hash = entry.compute_hash()
            entries.append(entry)
            previous_hash, state = entry.hash, target
            at += datetime.timedelta(days=2)
            request.log_head = previous_hash
            if name != "create":
                thread.append(
                    ThreadMessage(
                        request_id=request.pk,
                        body=f"Étape : {name}",
                        is_notification=True,
                        created_at=at,
                    )
                )
        thread.append(
            ThreadMessage(
                request_id=request.pk,
                author_id=coordinator,
                body="Bonjour, voici notre projet.",
                created_at=at,
            )
        )
    with transaction.atomic():
        TeamMember.objects.bulk_create(members, batch_size=BATCH)
        AntRequest.schools.through.objects.bulk_create(links, batch_size=BATCH)
        TransitionLog.objects.bulk_create(entries, batch_size=BATCH)
        AntRequest.objects.bulk_update(requests, ["log_head"], batch_size=BATCH)
        ThreadMessage.objects.bulk_create(thread, batch_size=BATCH)
    return len(requests), len(members), len(entries), len(thread)


# What the forked children read: the ids, set before the fork rather than sent to each.
_SHARED = {}


def _chunk_in_child(first):
    return request_chunk(first, **_SHARED)


def fill_requests(academie, school_ids, user_ids, campaign, theme_ids):
    """The requests, CHUNK at a time, in PROCESSES processes (building model instances costs
    Python more than PostgreSQL takes to insert them)."""
    _SHARED.update(
        academie=academie.pk,
        school_ids=school_ids,
        user_ids=user_ids,
        campaign_id=campaign.pk,
        theme_ids=theme_ids,
    )
    totals = [0, 0, 0, 0]
    started = time.monotonic()
    # The children are forked: they must not share the parent's connection.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(PROCESSES) as pool:
        for counts in pool.imap_unordered(_chunk_in_child, range(0, REQUESTS, CHUNK)):
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            if totals[0] == REQUESTS or totals[0] % (CHUNK * 10) == 0:
                rate = totals[0] / (time.monotonic() - started)
                log(f"{totals[0]}/{REQUESTS} requests ({rate:.0f}/s)")
    log(
        f"{totals[0]} requests, {totals[1]} team members, {totals[2]} timeline entries, "
        f"{totals[3]} messages"
    )


def fill():
    academie = Academie.objects.get(code="24")
    if Campaign.objects.filter(academie=academie, school_year="2020-2021").exists():
        raise SystemExit(
            "[fill] this database was partly filled (an interrupted run?): drop it "
            "(BENCH_REFILL=1 make bench, or dropdb) and run again"
        )
    log(f"scale: {REQUESTS} requests, {SCHOOLS} schools, {STAFF} staff")
    started = time.monotonic()
    school_ids, user_ids, campaign, theme_ids = fill_people(academie)
    log(f"schools and staff in {time.monotonic() - started:.0f} s")
    fill_requests(academie, school_ids, user_ids, campaign, theme_ids)
    # Last: its presence says the database is filled.
    office = User.objects.create(email=OFFICE_EMAIL, full_name="Bench EAFC", password=password())
    RoleMembership.objects.create(user=office, role=Role.DAFOR, academie=academie)


def bench_user(email, full_name, role, academie, school=None):
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(email=email, full_name=full_name, password=password())
    RoleMembership.objects.get_or_create(
        user=user, role=role, academie=academie, etablissement=school
    )
    return user


def main():
    started = time.monotonic()
    needed = not User.objects.filter(email=OFFICE_EMAIL).exists()
    if needed:
        fill()
        log(f"filled in {time.monotonic() - started:.0f} s")
    seconds = time.monotonic() - started
    academie = Academie.objects.get(code="24")
    office = User.objects.get(email=OFFICE_EMAIL)
    # The head of the school with the most requests (the big school, when fill made it).
    busiest = (
        AntRequest.objects.filter(academie=academie)
        .values("coordinating_school")
        .annotate(n=Count("*"))
        .order_by("-n", "coordinating_school")
        .first()
    )
    head = bench_user(
        HEAD_EMAIL,
        "Bench Chef",
        Role.CHEF_ETABLISSEMENT,
        academie,
        Etablissement.objects.get(pk=busiest["coordinating_school"]),
    )
    deciders = [
        bench_user(DECIDER_EMAIL.format(n), f"Bench EAFC {n:02d}", Role.DAFOR, academie)
        for n in range(1, DECIDERS + 1)
    ]
    try:
        call_command("recount_ant_states", stdout=sys.stderr)
    except CommandError as error:
        log(f"recount_ant_states: {error}")
    sample = AntRequest.objects.filter(state=State.UNDER_REVIEW).order_by("pk").first()
    print(f"SESSION={session_cookie(office)}")
    print(f"SESSION_HEAD={session_cookie(head)}")
    print(f"DECIDERS={','.join(session_cookie(user) for user in deciders)}")
    print(f"REQUEST={sample.pk}")
    print(f"THEME={sample.theme_id}")
    print(f"REQUESTS={AntRequest.objects.count()}")
    print(f"HEAD_SCHOOL_REQUESTS={busiest['n']}")
    print(f"UNDER_REVIEW={AntRequest.objects.filter(state=State.UNDER_REVIEW).count()}")
    # Empty when the database was already filled.
    print(f"FILL_SECONDS={seconds:.0f}" if needed else "FILL_SECONDS=")


if __name__ == "__main__":
    timezone.activate("Europe/Paris")
    main()
