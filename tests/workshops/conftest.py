"""Fixtures shared by the workshops' tests; each part adds its own in its section."""

import pytest

from accounts.models import Role
from tests.factories import (
    AcademieFactory,
    EtablissementFactory,
    ProgrammeFactory,
    SessionFactory,
    SessionTrainerFactory,
    programme_staff,
    user_with_role,
)


@pytest.fixture
def nancy_metz(db):
    return AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")


@pytest.fixture
def lycee_metz(nancy_metz):
    return EtablissementFactory(
        academie=nancy_metz,
        uai="0570030Y",
        name="Lycée Georges de La Tour",
        type="Lycée",
        postcode="57000",
        commune="Metz",
        departement="057",
    )


@pytest.fixture
def brigade_programme(nancy_metz):
    return ProgrammeFactory(
        academie=nancy_metz,
        kind="ambition_confiance",
        slug="ambition-confiance-nancy-metz",
        title="Ateliers ambition-confiance",
    )


@pytest.fixture
def saio(brigade_programme):
    """Lucie Antoine, SAIO of Nancy-Metz, on the programme's staff."""
    return programme_staff(brigade_programme, Role.SAIO, full_name="Lucie Antoine")


@pytest.fixture
def trainer(nancy_metz):
    return user_with_role(Role.FORMATEUR, academie=nancy_metz, full_name="Claire Vautrin")


@pytest.fixture
def workshop(brigade_programme, lycee_metz, trainer, saio):
    """A confirmed workshop on Tuesday 12 January 2027, 9h–12h, led by `trainer`."""
    session = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        title="Atelier ambition-confiance — seconde",
        level="Seconde",
        created_by=saio,
    )
    SessionTrainerFactory(session=session, user=trainer, role="lead")
    return session


# --- part A: scheduling ---
# --- end of part A ---
# --- part B: enrolment and convocations ---
# --- end of part B ---
# --- part C: attendance ---
# --- end of part C ---
# --- part D: calendars ---
# --- end of part D ---
# --- part E: reminders and observation ---
# --- end of part E ---
