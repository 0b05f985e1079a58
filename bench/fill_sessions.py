"""Fill the benchmark database with a year of sessions for the calendars (issue 11).

BENCH_SESSIONS (default 20,000) sessions of the 2026-2027 school year in the académie of
bench/fill.py (Créteil), on its weekdays from 1 September to early July: ANT training days,
ambition-confiance workshops and M@gistère in-person days, mornings, afternoons or whole days,
one in forty over two days, some planned, some cancelled. Each has a lead trainer among the
académie's trainers (a co-trainer one time in three) and BENCH_SESSION_PARTICIPANTS (8)
teachers of its host school, one in eight of them on the waiting list.

Two people's calendars are measured: a busy trainer of the benchmark (bench.formatrice@…),
who leads one session in BENCH_HOT_TRAINER_EVERY (50) and takes part in one in 500, and the
head of fill.py's big school (bench.chef@…), which hosts one session in
BENCH_HOT_SCHOOL_EVERY (50): a month is a few dozen sessions each, among about 1,700 of the
académie. The pages are their January 2027 months (`/seances/agenda/?mois=2027-01` and
`/seances/etablissement/<uai>/?mois=2027-01`). Run by bench/run.sh after bench/fill.py, on the
same database; everything goes in with bulk_create, a chunk per transaction.

Idempotent: when the académie has sessions, nothing is written. Prints, as KEY=value lines for
bench/run.sh: a fresh session key of the trainer, the big school's UAI and the month shown.

    DATABASE_URL=postgres://… python bench/fill_sessions.py
"""

import datetime
import os
import random
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402

from accounts.models import Academie, Corps, Role, RoleMembership, User  # noqa: E402
from programmes.models import Programme  # noqa: E402
from workshops.models import Participant, Session, SessionTrainer  # noqa: E402

SESSIONS = int(os.environ.get("BENCH_SESSIONS", "20000"))
PARTICIPANTS = int(os.environ.get("BENCH_SESSION_PARTICIPANTS", "8"))
HOT_TRAINER_EVERY = int(os.environ.get("BENCH_HOT_TRAINER_EVERY", "50"))
HOT_SCHOOL_EVERY = int(os.environ.get("BENCH_HOT_SCHOOL_EVERY", "50"))
CHUNK = 5000  # sessions per transaction, with their trainers and participants
BATCH = 5000  # rows per INSERT
SCHOOL_YEAR = "2026-2027"
FIRST_DAY, LAST_DAY = datetime.date(2026, 9, 1), datetime.date(2027, 7, 3)
MONTH = "2027-01"
TRAINER_EMAIL = "bench.formatrice@ac-creteil.fr"
OFFICE_EMAIL = "bench.eafc@ac-creteil.fr"  # bench/fill.py's
HEAD_EMAIL = "bench.chef@ac-creteil.fr"  # bench/fill.py's, head of the big school
PARIS = ZoneInfo("Europe/Paris")
# (kind, programme kind, title)
KINDS = [
    ("ant", "ant", "Journée de formation ANT"),
    ("atelier", "ambition_confiance", "Atelier ambition-confiance"),
    ("magistere", "magistere", "Journée en présence M@gistère"),
]
# (start hour, end hour)
SLOTS = [(9, 12), (14, 17), (9, 17)]


def log(message):
    print(f"[fill_sessions] {message}", file=sys.stderr, flush=True)


def session_cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(86400)
    session.save()
    return session.session_key


def school_days():
    day, days = FIRST_DAY, []
    while day <= LAST_DAY:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def programmes(academie):
    found = {}
    for _kind, programme_kind, title in KINDS:
        found[programme_kind], _created = Programme.objects.get_or_create(
            academie=academie,
            kind=programme_kind,
            defaults={
                "slug": f"bench-{programme_kind.replace('_', '-')}",
                "title": f"{title} (banc d'essai)",
                "summary": "Programme du banc d'essai.",
                "presentation": "Programme du banc d'essai.",
                "status": "ouvert",
            },
        )
    return found


def the_trainer(academie):
    trainer = User.objects.filter(email=TRAINER_EMAIL).first()
    if trainer is None:
        trainer = User.objects.create(
            email=TRAINER_EMAIL,
            full_name="Bench Formatrice",
            corps=Corps.CERTIFIE,
            password=make_password("bench-formations"),
        )
    RoleMembership.objects.get_or_create(user=trainer, role=Role.FORMATEUR, academie=academie)
    return trainer


def fill(academie, trainer, hot_school_id):
    rng = random.Random(2026)
    office = User.objects.get(email=OFFICE_EMAIL)
    by_kind = programmes(academie)
    trainers = list(
        RoleMembership.objects.filter(academie=academie, role=Role.FORMATEUR)
        .exclude(user=trainer)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )
    teachers = {}
    for school_id, user_id in (
        RoleMembership.objects.filter(academie=academie, role=Role.ENSEIGNANT)
        .order_by("etablissement_id", "user_id")
        .values_list("etablissement_id", "user_id")
    ):
        teachers.setdefault(school_id, []).append(user_id)
    school_ids = sorted(teachers)
    days = school_days()
    log(
        f"{SESSIONS} sessions on {len(days)} days, {len(school_ids)} schools, "
        f"{len(trainers)} trainers"
    )
    totals = [0, 0, 0]
    for first in range(0, SESSIONS, CHUNK):
        sessions, plans = [], []
        for n in range(first, min(first + CHUNK, SESSIONS)):
            kind, programme_kind, title = KINDS[n % len(KINDS)]
            school_id = (
                hot_school_id
                if n % HOT_SCHOOL_EVERY == 0
                else school_ids[rng.randrange(len(school_ids))]
            )
            day = days[n * len(days) // SESSIONS]
            start_hour, end_hour = SLOTS[n % len(SLOTS)]
            starts_at = datetime.datetime.combine(day, datetime.time(start_hour), tzinfo=PARIS)
            last = day + datetime.timedelta(days=1) if n % 40 == 39 else day
            ends_at = datetime.datetime.combine(last, datetime.time(end_hour), tzinfo=PARIS)
            status = "confirmed"
            if n % 20 == 7:
                status = "cancelled"
            elif n % 10 == 3:
                status = "planned"
            sessions.append(
                Session(
                    academie=academie,
                    programme=by_kind[programme_kind],
                    kind=kind,
                    title=f"{title} n° {n}",
                    school_year=SCHOOL_YEAR,
                    host_school_id=school_id,
                    room=f"Salle {n % 40 + 1}",
                    starts_at=starts_at,
                    ends_at=ends_at,
                    capacity=PARTICIPANTS + 4,
                    status=status,
                    cancel_reason="Intempéries" if status == "cancelled" else "",
                    created_by=office,
                )
            )
            lead = trainer.pk if n % HOT_TRAINER_EVERY == 0 else trainers[n % len(trainers)]
            co = trainers[(n * 7 + 3) % len(trainers)] if n % 3 == 0 else None
            pool = teachers.get(school_id, [])
            people = rng.sample(pool, min(PARTICIPANTS, len(pool)))
            if n % 500 == 250 and trainer.pk not in people:
                people.append(trainer.pk)
            plans.append((lead, co if co != lead else None, people))
        with transaction.atomic():
            sessions = Session.objects.bulk_create(sessions, batch_size=BATCH)
            session_trainers, participants = [], []
            for session, (lead, co, people) in zip(sessions, plans, strict=True):
                session_trainers.append(SessionTrainer(session=session, user_id=lead, role="lead"))
                if co is not None:
                    session_trainers.append(SessionTrainer(session=session, user_id=co, role="co"))
                for k, user_id in enumerate(people):
                    participants.append(
                        Participant(
                            session=session,
                            user_id=user_id,
                            origin="designated",
                            status="waiting" if k % 8 == 7 else "enrolled",
                        )
                    )
            SessionTrainer.objects.bulk_create(session_trainers, batch_size=BATCH)
            Participant.objects.bulk_create(participants, batch_size=BATCH)
        totals = [
            totals[0] + len(sessions),
            totals[1] + len(session_trainers),
            totals[2] + len(participants),
        ]
        log(f"{totals[0]}/{SESSIONS} sessions")
    log(f"{totals[0]} sessions, {totals[1]} trainers' places, {totals[2]} participants")


def main():
    started = time.monotonic()
    academie = Academie.objects.get(code="24")
    trainer = the_trainer(academie)
    head = User.objects.get(email=HEAD_EMAIL)
    hot_school = next(
        m.etablissement for m in head.memberships if m.role == Role.CHEF_ETABLISSEMENT
    )
    if Session.objects.filter(academie=academie).exists():
        log("the sessions are already there")
    else:
        fill(academie, trainer, hot_school.pk)
        log(f"filled in {time.monotonic() - started:.0f} s")
    print(f"SESSION_TRAINER={session_cookie(trainer)}")
    print(f"CALENDAR_SCHOOL={hot_school.uai}")
    print(f"CALENDAR_MONTH={MONTH}")


if __name__ == "__main__":
    main()
