"""The funding demo data (issue 12, point 7): the three projects of seed 003 with their
figures, plans, objectives, actions and axes exactly as written, the page's date, and a second
run that writes nothing.

`seed_demo` runs once for the module, inside a transaction rolled back at the end."""

import datetime
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from accounts.demo import demo_email
from accounts.models import User
from funding import plan
from funding.models import (
    Action,
    ActionObjective,
    ConsortiumMember,
    Deliverable,
    FundingLine,
    Operation,
    OperationalProgramme,
    OperationObjective,
    PortfolioPage,
    ProgrammeObjective,
)
from funding.permissions import may_edit, readable_operations
from programmes.models import Partner
from tests.factories import AcademieFactory

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 11, 30, 10, tzinfo=PARIS)
SEED = Path("/work/shared/seeds/003_b2695d9b707940b3.txt")
HISTORIES = [
    OperationalProgramme,
    ProgrammeObjective,
    Operation,
    ConsortiumMember,
    FundingLine,
    OperationObjective,
    Action,
    ActionObjective,
    Deliverable,
    PortfolioPage,
    Partner,
]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=True), transaction.atomic():
        # Without migrations (--nomigrations) the académies of the data migration are absent.
        AcademieFactory(code="01", name="Paris")
        AcademieFactory(code="12", name="Nancy-Metz")
        AcademieFactory(code="24", name="Créteil")
        out = StringIO()
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def operation(slug):
    return (
        Operation.objects.select_related("academie", "operational_programme", "objective")
        .prefetch_related("lines")
        .get(academie__code="12", slug=slug)
    )


def lines(op):
    return [(line.resource, line.label, line.amount, line.status) for line in op.lines.all()]


def normalised(text):
    """The seed's and the demo's typography made the same: apostrophes, spaces, markers."""
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


def test_demo_numavenir_has_the_seed_s_figures_and_a_balanced_plan_at_59_97(demo):
    numavenir = operation("numavenir-ambition-21")
    check = plan.check_operation(numavenir)

    assert numavenir.name == "Numavenir Ambition 21"
    assert (numavenir.starts_on, numavenir.ends_on) == (
        datetime.date(2019, 5, 1),
        datetime.date(2021, 12, 31),
    )
    assert numavenir.total_eligible_cost == Decimal("1002909.90")
    assert lines(numavenir) == [
        ("eu_aid", "Aide FSE sollicitée", Decimal("601409.90"), "requested"),
        ("valorisation", "Valorisation des postes Rectorat", Decimal("401500.00"), "requested"),
    ]
    assert check.state == plan.PlanState.BALANCED
    assert check.eu_rate == Decimal("59.97")
    assert not check.over_ceiling
    assert numavenir.fund == "fse"
    assert numavenir.operational_programme.name == "PON FSE 2014-2020"
    assert numavenir.objective.code == "1.10.1.1"
    assert numavenir.objective.kind == "specific_objective"
    assert numavenir.objective.label == (
        "Augmenter le nombre de jeunes de moins de 25 ans participant à des actions de "
        "prévention du décrochage scolaire"
    )
    assert numavenir.predecessor_name == "NUMAVENIR"
    assert numavenir.continuity_note == "s'inscrit en continuité du projet NUMAVENIR"
    assert numavenir.targeted_schools.startswith("Les Lycées Professionnels et particulièrement")
    assert (numavenir.status, numavenir.plan_status) == ("closed", "draft")


def test_demo_planete_has_its_three_lines_balanced_at_59_29_and_its_consortium(demo):
    planete = operation("planete")
    check = plan.check_operation(planete)
    members = {
        (m.partner.name, m.partner.kind, m.role): m.note
        for m in planete.members.select_related("partner")
    }

    assert planete.name == (
        "PLANETE - Projet Lorrain Ambition Numérique en Territoires pour l'Éducation"
    )
    assert (planete.acronym, planete.acronym_expansion) == (
        "PLANETE",
        "Projet Lorrain Ambition Numérique en Territoires pour l'Éducation",
    )
    assert (planete.starts_on, planete.ends_on) == (
        datetime.date(2019, 10, 1),
        datetime.date(2023, 12, 31),
    )
    assert planete.total_eligible_cost == Decimal("4809825.00")
    assert lines(planete) == [
        ("eu_aid", "Aide FEDER sollicitée", Decimal("2851925.00"), "requested"),
        ("regional_aid", "Aide Région (Recherche UL)", Decimal("50000.00"), "requested"),
        (
            "valorisation_self",
            "Valorisation des postes Rectorat et autofinancement",
            Decimal("1907900.00"),
            "requested",
        ),
    ]
    assert check.state == plan.PlanState.BALANCED
    assert check.eu_rate == Decimal("59.29")
    assert planete.fund == "feder"
    assert planete.operational_programme.name == (
        "PO FEDER-FSE Lorraine et massif des Vosges 2014-2020"
    )
    assert planete.operational_programme.funds == "fse_feder"
    assert (planete.objective.code, planete.objective.kind) == ("AP07", "priority_axis")
    assert planete.objective.label == (
        "Améliorer l'accès aux technologies de l'information et de la communication (TIC), "
        "leur utilisation et leur qualité"
    )
    assert set(members) == {
        ("GIP FTLV", "gip", "carrier"),
        ("Université de Lorraine", "universite", "partner"),
    }
    assert (
        "plusieurs EPLE qui vont être associés en cours de projet"
        in (members["GIP FTLV", "gip", "carrier"])
    )
    assert (planete.status, planete.plan_status) == ("closed", "draft")


def test_demo_nova_has_only_its_total_and_shows_as_incomplete(demo):
    nova = operation("nova")
    check = plan.check_operation(nova)

    assert (nova.acronym, nova.acronym_expansion) == ("NOVA", "Naviguer Oser Valoriser Agir")
    assert (nova.starts_on, nova.ends_on) == (
        datetime.date(2019, 7, 9),
        datetime.date(2021, 12, 31),
    )
    assert nova.total_eligible_cost == Decimal("527500.00")
    assert lines(nova) == []
    assert check.state == plan.PlanState.INCOMPLETE
    assert check.eu_rate is None
    assert nova.fund == "fse"
    assert (nova.operational_programme.name, nova.objective.code) == (
        "PON FSE 2014-2020",
        "1.10.1.1",
    )
    assert nova.description.startswith(
        "Développement d'une application et mise en place de bornes de réalité virtuelle."
    )
    assert nova.status == "closed"


def test_demo_programmes_ceilings_are_the_demo_s_setting(demo):
    ceilings = dict(OperationalProgramme.objects.values_list("name", "eu_rate_ceiling"))

    assert ceilings == {
        "PON FSE 2014-2020": Decimal("60.00"),
        "PO FEDER-FSE Lorraine et massif des Vosges 2014-2020": Decimal("60.00"),
    }


def test_demo_numavenir_has_its_aim_three_objectives_and_seven_actions_8_11_6_5_6_5_10(demo):
    numavenir = operation("numavenir-ambition-21")
    objectives = list(numavenir.objectives.values_list("kind", "text"))
    actions = list(numavenir.actions.order_by("number"))

    assert [kind for kind, _text in objectives] == ["aim", "objective", "objective", "objective"]
    assert objectives[0][1].startswith("Répondre aux objectifs de l'Union Européenne")
    assert "9,5 %" in objectives[0][1]
    assert [(a.number, a.kind) for a in actions] == [(n, "action") for n in range(1, 8)]
    assert [a.objectives.count() for a in actions] == [8, 11, 6, 5, 6, 5, 10]
    assert actions[0].title == "Évolution des espaces et climat scolaire"
    assert actions[6].title == "Pilotage, suivi des participants et communication"


def test_demo_keeps_unexplained_acronyms_verbatim(demo):
    evaluation = Action.objects.get(operation__slug="numavenir-ambition-21", number=2)
    texts = list(evaluation.objectives.values_list("text", flat=True))

    assert texts[7] == (
        "Pérenniser et renforcer le partenariat avec le MLCLCM par la participation active de "
        "l'équipe Numavenir aux colloques et groupes de travail du mouvement au sein de la "
        "DGESCO\u00a0;"
    )
    assert texts[10] == (
        "Poursuivre les formations à l'EPCC dispensées dans les établissements partenaires."
    )


def test_demo_nova_has_its_four_numbered_objectives_as_actions(demo):
    actions = list(Action.objects.filter(operation__slug="nova").order_by("number"))

    assert [(a.number, a.kind) for a in actions] == [(n, "objective") for n in range(1, 5)]
    assert actions[3].title == "mettre en relation les entreprises et les futurs employés"
    assert actions[1].title == (
        "faire découvrir les métiers en tension par des vidéos «\u00a0petit format\u00a0»,"
    )


def test_demo_planete_has_its_three_axes_with_their_text(demo):
    axes = list(Action.objects.filter(operation__slug="planete").order_by("number"))

    assert [(a.number, a.kind, a.title) for a in axes] == [
        (1, "axis", "e-Lab en territoires"),
        (2, "axis", "ressources numériques et intelligence artificielle"),
        (3, "axis", "Plateforme LUNE"),
    ]
    assert axes[2].description.startswith("pLateforme des Usages du Numérique Educatif")


def test_demo_deliverables_are_attached_to_their_actions_without_links_or_dates(demo):
    deliverables = list(
        Deliverable.objects.filter(action__operation__slug="numavenir-ambition-21")
        .order_by("action__number", "pk")
        .values_list("action__number", "kind", "url", "due_on", "delivered_on")
    )

    assert deliverables == [
        (2, "booklet", "", None, None),
        (2, "video", "", None, None),
        (3, "session_sheets", "", None, None),
        (5, "course", "", None, None),
        (7, "film", "", None, None),
    ]


@pytest.mark.skipif(not SEED.exists(), reason="the seed is not on this machine")
def test_demo_texts_are_the_seed_s_words(demo):
    seed = normalised(SEED.read_text())
    texts = [
        *OperationObjective.objects.values_list("text", flat=True),
        *ActionObjective.objects.values_list("text", flat=True),
        *Action.objects.values_list("title", flat=True),
        *Action.objects.exclude(description="").values_list("description", flat=True),
        *Operation.objects.values_list("name", flat=True),
        *Operation.objects.exclude(targeted_schools="").values_list("targeted_schools", flat=True),
        *ConsortiumMember.objects.exclude(note="").values_list("note", flat=True),
    ]
    for operation_ in Operation.objects.all():
        texts += [
            paragraph.removeprefix("- ")
            for paragraph in operation_.description.split("\n")
            if paragraph
        ]

    missing = [text for text in texts if normalised(text) not in seed]

    assert len(texts) > 80
    assert missing == []


def test_demo_portfolio_page_says_it_was_updated_on_6_may_2021(demo):
    page = PortfolioPage.objects.get(academie__code="12")

    assert page.title == "Les projets et actions soutenus par le FSE"
    assert page.updated_on == datetime.date(2021, 5, 6)


def test_demo_administrator_of_nancy_metz_edits_the_three_projects(demo):
    admin = User.objects.get(email=demo_email("admin"))
    saio = User.objects.get(email=demo_email("saio"))

    assert set(readable_operations(admin).values_list("slug", flat=True)) == {
        "numavenir-ambition-21",
        "nova",
        "planete",
    }
    assert all(may_edit(admin, op) for op in Operation.objects.all())
    assert readable_operations(saio).count() == 3
    assert not any(may_edit(saio, op) for op in Operation.objects.all())


def test_demo_second_run_writes_no_row_and_no_history(demo):
    def counts():
        return {
            model.__name__: (model.objects.count(), model.history.count()) for model in HISTORIES
        }

    before = counts()
    stamps = list(Operation.objects.order_by("pk").values_list("updated_at", flat=True))

    with time_machine.travel(NOW + datetime.timedelta(days=1)):
        call_command("seed_demo", stdout=StringIO())

    assert counts() == before
    assert list(Operation.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert before["Operation"] == (3, 3)
