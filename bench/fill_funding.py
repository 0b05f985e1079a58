"""Fill the benchmark database with the funded operations of the portfolio (issue 12).

BENCH_FUNDING_OPERATIONS (default 2,000) operations in the académie of bench/fill.py (Créteil),
FSE or FEDER, on the two 2014-2020 programmes, each with 2 to 4 plan lines: most balance to the
cent, one in seven is unbalanced (its last line is off by a few euros and cents), one in eleven
is incomplete (no stated total), and each has two actions of three objectives. Plus one record
with BENCH_FUNDING_LINES (200) plan lines, BENCH_FUNDING_ACTIONS (50) actions of 3 to 6
objectives and a deliverable each, its aim and objectives, and a consortium of a carrier and
four partners.

The pages measured are the portfolio list (`/financements/operations/`, 25 a page) and the big
record's page (`/financements/operations/<pk>/`), both as an administrator of the académie
(bench.administrateur.financements@…), who is created here. Run by bench/run.sh after
bench/fill.py, on the same database; everything goes in with bulk_create, a chunk per
transaction (no history rows: the bench measures reading).

Idempotent: when the académie has operations, nothing is written. Prints, as KEY=value lines
for bench/run.sh: a fresh session key of the administrator and the big record's pk.

    DATABASE_URL=postgres://… python bench/fill_funding.py
"""

import datetime
import os
import sys
import time
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

from accounts.models import Academie, Corps, Role, RoleMembership, User  # noqa: E402
from funding.models import (  # noqa: E402
    Action,
    ActionObjective,
    ConsortiumMember,
    Deliverable,
    FundingLine,
    Operation,
    OperationalProgramme,
    OperationObjective,
    ProgrammeObjective,
)
from programmes.models import Partner  # noqa: E402

OPERATIONS = int(os.environ.get("BENCH_FUNDING_OPERATIONS", "2000"))
BIG_LINES = int(os.environ.get("BENCH_FUNDING_LINES", "200"))
BIG_ACTIONS = int(os.environ.get("BENCH_FUNDING_ACTIONS", "50"))
CHUNK = 500  # operations per transaction, with their lines, actions and objectives
BATCH = 5000  # rows per INSERT
ADMIN_EMAIL = "bench.administrateur.financements@ac-creteil.fr"
BIG_SLUG = "banc-essai-grand-dossier"
CENT = Decimal("0.01")
# (resource, label) of the lines, in the order an operation takes them.
RESOURCES = [
    ("eu_aid", "Aide de l'Union européenne sollicitée"),
    ("valorisation", "Valorisation des postes Rectorat"),
    ("regional_aid", "Aide de la Région"),
    ("self_funding", "Autofinancement"),
]
STATUSES = ["planned", "running", "closed"]
LINE_STATUSES = ["requested", "agreed", "paid"]


def log(message):
    print(f"[fill_funding] {message}", file=sys.stderr, flush=True)


def session_cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.set_expiry(86400)
    session.save()
    return session.session_key


def the_administrator(academie):
    admin = User.objects.filter(email=ADMIN_EMAIL).first()
    if admin is None:
        admin = User.objects.create(
            email=ADMIN_EMAIL,
            full_name="Bench Administratrice",
            corps=Corps.ADMINISTRATIF,
            password=make_password("bench-formations"),
        )
    RoleMembership.objects.get_or_create(user=admin, role=Role.ADMINISTRATEUR, academie=academie)
    return admin


def programmes():
    """The two programmes and their codes (get_or_create: the demo may have made them)."""
    pon, _created = OperationalProgramme.objects.get_or_create(
        name="PON FSE 2014-2020",
        defaults={"period": "2014-2020", "funds": "fse", "eu_rate_ceiling": Decimal("60.00")},
    )
    lorraine, _created = OperationalProgramme.objects.get_or_create(
        name="PO FEDER-FSE Lorraine et massif des Vosges 2014-2020",
        defaults={
            "period": "2014-2020",
            "funds": "fse_feder",
            "eu_rate_ceiling": Decimal("60.00"),
        },
    )
    specific, _created = ProgrammeObjective.objects.get_or_create(
        programme=pon,
        code="1.10.1.1",
        defaults={
            "kind": "specific_objective",
            "label": "Augmenter le nombre de jeunes de moins de 25 ans participant à des actions "
            "de prévention du décrochage scolaire",
        },
    )
    axis, _created = ProgrammeObjective.objects.get_or_create(
        programme=lorraine,
        code="AP07",
        defaults={
            "kind": "priority_axis",
            "label": "Améliorer l'accès aux technologies de l'information et de la communication "
            "(TIC), leur utilisation et leur qualité",
        },
    )
    return [("fse", pon, specific), ("feder", lorraine, axis)]


def amounts(n, count):
    """`count` line amounts and the stated total of operation n (None: incomplete)."""
    total = Decimal(100_000 + (n * 7919) % 4_000_000) + Decimal(n % 100) * CENT
    eu = (total * Decimal("0.5997")).quantize(CENT)
    rest = total - eu
    shares = [eu]
    for k in range(1, count - 1):
        share = (rest / (count - k) / 2).quantize(CENT)
        shares.append(share)
        rest -= share
    shares.append(rest)
    if n % 7 == 3:  # unbalanced
        shares[-1] += Decimal("3.47")
    return shares, (None if n % 11 == 5 else total)


def operation_row(academie, n, programme_choice):
    fund, programme, objective = programme_choice
    starts = datetime.date(2015, 1, 1) + datetime.timedelta(days=(n * 37) % 3650)
    return Operation(
        academie=academie,
        slug=f"banc-essai-{n}",
        name=f"Opération du banc d'essai n° {n}",
        acronym=f"BE{n}" if n % 3 == 0 else "",
        acronym_expansion="Banc d'essai" if n % 3 == 0 else "",
        fund=fund,
        operational_programme=programme,
        objective=objective,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=365 * (1 + n % 4)),
        description="Opération créée pour le banc d'essai.",
        status=STATUSES[n % len(STATUSES)],
        plan_status="validated" if n % 5 == 0 and n % 7 != 3 and n % 11 != 5 else "draft",
    )


def fill_portfolio(academie, choices):
    for first in range(0, OPERATIONS, CHUNK):
        rows, plans = [], []
        for n in range(first, min(first + CHUNK, OPERATIONS)):
            operation = operation_row(academie, n, choices[1 if n % 3 == 2 else 0])
            shares, total = amounts(n, 2 + n % 3)
            operation.total_eligible_cost = total
            rows.append(operation)
            plans.append(shares)
        with transaction.atomic():
            operations = Operation.objects.bulk_create(rows, batch_size=BATCH)
            lines, actions = [], []
            for operation, shares in zip(operations, plans, strict=True):
                for order, amount in enumerate(shares, start=1):
                    resource, label = RESOURCES[order - 1]
                    lines.append(
                        FundingLine(
                            operation=operation,
                            order=order,
                            resource=resource,
                            label=label,
                            amount=amount,
                            status=LINE_STATUSES[(operation.pk + order) % 3],
                        )
                    )
                for number in (1, 2):
                    actions.append(
                        Action(operation=operation, number=number, title=f"Action {number}")
                    )
            FundingLine.objects.bulk_create(lines, batch_size=BATCH)
            actions = Action.objects.bulk_create(actions, batch_size=BATCH)
            ActionObjective.objects.bulk_create(
                [
                    ActionObjective(action=action, order=order, text=f"Objectif {order}")
                    for action in actions
                    for order in (1, 2, 3)
                ],
                batch_size=BATCH,
            )
        log(f"{first + len(rows)}/{OPERATIONS} operations")


@transaction.atomic
def fill_big_record(academie, choices):
    fund, programme, objective = choices[1]
    operation = Operation.objects.create(
        academie=academie,
        slug=BIG_SLUG,
        name="Grand dossier du banc d'essai",
        acronym="GDBE",
        acronym_expansion="Grand dossier du banc d'essai",
        fund=fund,
        operational_programme=programme,
        objective=objective,
        starts_on=datetime.date(2019, 10, 1),
        ends_on=datetime.date(2027, 12, 31),
        description="Le dossier le plus long du banc d'essai.",
        targeted_schools="Les établissements de l'académie.",
        status="running",
        plan_status="draft",
    )
    # Equal lines, the first six in ten EU aid (60,00 %: at the ceiling, not over it), the
    # others spread over the other resources; they add up to the total.
    per_line = Decimal("24049.13")
    total = per_line * BIG_LINES
    eu_lines = BIG_LINES * 6 // 10
    lines = [
        FundingLine(
            operation=operation,
            order=order,
            resource="eu_aid" if order <= eu_lines else RESOURCES[1 + order % 3][0],
            label=f"Ligne {order}",
            amount=per_line,
            status=LINE_STATUSES[order % 3],
        )
        for order in range(1, BIG_LINES + 1)
    ]
    FundingLine.objects.bulk_create(lines, batch_size=BATCH)
    operation.total_eligible_cost = total
    operation.save(update_fields=["total_eligible_cost"])
    OperationObjective.objects.bulk_create(
        [OperationObjective(operation=operation, order=1, kind="aim", text="Finalité du dossier")]
        + [
            OperationObjective(operation=operation, order=k, text=f"Objectif {k}")
            for k in range(2, 6)
        ]
    )
    actions = Action.objects.bulk_create(
        [
            Action(
                operation=operation,
                kind="axis" if number % 10 == 0 else "action",
                number=number,
                title=f"Action {number} du grand dossier",
                description="Ce que l'action fait.",
                budget_share=Decimal("50000.00") if number % 2 else None,
            )
            for number in range(1, BIG_ACTIONS + 1)
        ]
    )
    ActionObjective.objects.bulk_create(
        [
            ActionObjective(action=action, order=order, text=f"Objectif {order} de l'action")
            for action in actions
            for order in range(1, 4 + action.number % 4)
        ],
        batch_size=BATCH,
    )
    Deliverable.objects.bulk_create(
        [
            Deliverable(
                action=action,
                kind="video" if action.number % 2 else "booklet",
                title=f"Livrable de l'action {action.number}",
                url=f"https://example.org/livrables/{action.number}",
                due_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=action.number * 7),
            )
            for action in actions
        ]
    )
    partners = [
        Partner.objects.get_or_create(
            name=f"Partenaire du banc d'essai {k}",
            defaults={"kind": "gip" if k == 0 else "eple"},
        )[0]
        for k in range(5)
    ]
    ConsortiumMember.objects.bulk_create(
        [
            ConsortiumMember(
                operation=operation,
                partner=partner,
                role="carrier" if k == 0 else "partner",
                joined_on=datetime.date(2019, 10, 1) + datetime.timedelta(days=90 * k),
            )
            for k, partner in enumerate(partners)
        ]
    )
    return operation


def main():
    started = time.monotonic()
    academie = Academie.objects.get(code="24")
    admin = the_administrator(academie)
    if Operation.objects.filter(academie=academie).exists():
        log("the operations are already there")
    else:
        choices = programmes()
        fill_portfolio(academie, choices)
        fill_big_record(academie, choices)
        log(f"filled in {time.monotonic() - started:.0f} s")
    big = Operation.objects.get(academie=academie, slug=BIG_SLUG)
    print(f"SESSION_FUNDING={session_cookie(admin)}")
    print(f"FUNDING_OPERATION={big.pk}")


if __name__ == "__main__":
    main()
