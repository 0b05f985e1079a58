"""Fixtures shared by the funding tests; each part adds its own in its section."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from tests.factories import AcademieFactory, OperationFactory, numavenir_plan, user_with_role


@pytest.fixture
def nancy_metz(db):
    return AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")


@pytest.fixture
def paris(db):
    return AcademieFactory(code="01", name="Paris", region_academique="Île-de-France")


@pytest.fixture
def administrator(nancy_metz):
    return user_with_role(Role.ADMINISTRATEUR, academie=nancy_metz, full_name="Sophie Lambert")


@pytest.fixture
def dafor_reader(nancy_metz):
    return user_with_role(Role.DAFOR, academie=nancy_metz, full_name="Marc Thiébaut")


@pytest.fixture
def other_academie_administrator(paris):
    return user_with_role(Role.ADMINISTRATEUR, academie=paris, full_name="Paul Girard")


@pytest.fixture
def numavenir(nancy_metz):
    """Numavenir Ambition 21 with its balanced plan (59,97 % of FSE)."""
    return numavenir_plan(
        OperationFactory(
            academie=nancy_metz,
            slug="numavenir-ambition-21",
            name="Numavenir Ambition 21",
            predecessor_name="NUMAVENIR",
        )
    )


# --- part A ---
@pytest.fixture
def fa_nova(nancy_metz):
    """NOVA - Naviguer Oser Valoriser Agir: its total only, no plan line (incomplete)."""
    return OperationFactory(
        academie=nancy_metz,
        slug="nova-record",
        name="NOVA",
        acronym="NOVA",
        acronym_expansion="Naviguer Oser Valoriser Agir",
        starts_on=datetime.date(2019, 7, 9),
        ends_on=datetime.date(2021, 12, 31),
        total_eligible_cost=Decimal("527500.00"),
    )


# --- end of part A ---
# --- part B ---
@pytest.fixture
def nova(nancy_metz):
    """NOVA: a total and no line yet, so an incomplete plan (not a wrong one)."""
    return OperationFactory(
        academie=nancy_metz,
        slug="nova",
        name="NOVA",
        acronym="NOVA",
        acronym_expansion="Naviguer Oser Valoriser Agir",
        starts_on=datetime.date(2019, 7, 9),
        total_eligible_cost=Decimal("527500.00"),
    )


@pytest.fixture
def planete(nancy_metz):
    """PLANETE, FEDER, on the regional programme; its plan is one cent short: unbalanced, and
    its EU rate above the programme's 50 % ceiling."""
    from tests.factories import (
        FundingLineFactory,
        OperationalProgrammeFactory,
        ProgrammeObjectiveFactory,
    )

    programme = OperationalProgrammeFactory(
        name="PO FEDER-FSE Lorraine et massif des Vosges 2014-2020",
        funds="fse_feder",
        eu_rate_ceiling=Decimal("50.00"),
    )
    operation = OperationFactory(
        academie=nancy_metz,
        slug="planete",
        name="PLANETE",
        acronym="PLANETE",
        acronym_expansion="Projet Lorrain Ambition Numérique en Territoires pour l'Éducation",
        fund="feder",
        operational_programme=programme,
        objective=ProgrammeObjectiveFactory(
            programme=programme, kind="priority_axis", code="AP07", label="Axe 7"
        ),
        starts_on=datetime.date(2019, 10, 1),
        ends_on=datetime.date(2023, 12, 31),
        status="planned",
        total_eligible_cost=Decimal("4809825.00"),
    )
    FundingLineFactory(operation=operation, order=1, amount=Decimal("2851925.00"))
    FundingLineFactory(
        operation=operation, order=2, resource="regional_aid", amount=Decimal("50000.00")
    )
    FundingLineFactory(
        operation=operation,
        order=3,
        resource="valorisation_self",
        amount=Decimal("1907899.99"),
    )
    return operation


@pytest.fixture
def paris_operation(paris):
    return numavenir_plan(OperationFactory(academie=paris, slug="paris", name="Projet parisien"))


# --- end of part B ---
# --- part C ---
@pytest.fixture
def ien_reader(nancy_metz):
    return user_with_role(Role.IEN, academie=nancy_metz, full_name="Claire Munier")


@pytest.fixture
def teacher_of_nancy_metz(nancy_metz):
    """A teacher of a school of the académie: no funding role."""
    return user_with_role(Role.ENSEIGNANT, academie=nancy_metz, full_name="Julie Perrin")


@pytest.fixture
def numavenir_action(numavenir):
    from tests.factories import ActionFactory

    return ActionFactory(
        operation=numavenir, number=1, title="Prévenir le décrochage par le numérique"
    )


# --- end of part C ---
# --- part D ---
# --- end of part D ---
