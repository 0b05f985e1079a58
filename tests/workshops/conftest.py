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


@pytest.fixture(autouse=True)
def empty_school_calendar(request):
    """The tests say which holidays exist: the calendar the migration ships is removed first
    (a database built with `--nomigrations` has none to remove)."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if (
        "transactional_db" in names
        or "live_server" in names
        or (marker and marker.kwargs.get("transaction"))
    ):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    from workshops.models import SchoolHoliday

    SchoolHoliday.objects.all().delete()


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
@pytest.fixture
def school_calendar(db):
    """The shipped official calendar (the data migration's rows; tests run without
    migrations)."""
    from workshops.calendar import save_holidays, shipped_holidays
    from workshops.models import SchoolHoliday

    save_holidays(SchoolHoliday, shipped_holidays())


@pytest.fixture
def co_trainer(nancy_metz):
    return user_with_role(Role.FORMATEUR, academie=nancy_metz, full_name="Marc Thiriet")


@pytest.fixture
def lycee_nancy(nancy_metz):
    """A school of Meurthe-et-Moselle (054): no Good Friday there."""
    return EtablissementFactory(
        academie=nancy_metz,
        uai="0540041B",
        name="Lycée Henri-Poincaré",
        type="Lycée",
        postcode="54000",
        commune="Nancy",
        departement="054",
    )


# --- end of part A ---
# --- part B: enrolment and convocations ---
@pytest.fixture
def open_workshop(brigade_programme, lycee_metz, trainer, saio):
    """An open session of Nancy-Metz with two places, on 12 January 2027, led by `trainer`."""
    session = SessionFactory(
        programme=brigade_programme,
        host_school=lycee_metz,
        title="Atelier ouvert — l'orientation en seconde",
        capacity=2,
        open=True,
        created_by=saio,
    )
    SessionTrainerFactory(session=session, user=trainer, role="lead")
    return session


@pytest.fixture
def metz_teacher(lycee_metz):
    return user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz, full_name="Inès Berger")


# --- end of part B ---
# --- part C: attendance ---
@pytest.fixture
def on_the_day():
    """Tuesday 12 January 2027 at 10h, Paris: the `workshop` (9h–12h) has started."""
    import time_machine

    from tests.factories import paris_time

    with time_machine.travel(paris_time(2027, 1, 12, 10), tick=False):
        yield


@pytest.fixture
def metz_teachers(lycee_metz):
    """Two teachers of the host school, enrolled in nothing yet."""
    return [
        user_with_role(Role.ENSEIGNANT, etablissement=lycee_metz, full_name=name)
        for name in ("Aline Berthier", "Bruno Colin")
    ]


# --- end of part C ---
# --- part D: calendars ---
@pytest.fixture
def head_metz(lycee_metz):
    """The head of the Lycée Georges de La Tour."""
    return user_with_role(
        Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz, full_name="Marc Thiébaut"
    )


@pytest.fixture
def dafor_metz(nancy_metz):
    return user_with_role(Role.DAFOR, academie=nancy_metz, full_name="Anne Collignon")


# --- end of part D ---
# --- part E: reminders and observation ---
@pytest.fixture
def before_the_workshop(time_machine):
    """Tuesday 1 December 2026, 10h in Paris: six weeks before `workshop`."""
    from tests.factories import paris_time

    time_machine.move_to(paris_time(2026, 12, 1, 10), tick=False)
    return time_machine


@pytest.fixture
def preparation_module(nancy_metz):
    from tests.factories import ParcoursFactory

    return ParcoursFactory(
        local=True,
        academie=nancy_metz,
        kind="module",
        title="Découvrir les ateliers ambition-confiance",
    )


@pytest.fixture
def brigade(brigade_programme, preparation_module):
    """Nancy-Metz's brigade: two observers at most per workshop."""
    from tests.factories import BrigadeFactory

    return BrigadeFactory(
        programme=brigade_programme,
        preparation_module=preparation_module,
        max_observers_per_workshop=2,
    )


@pytest.fixture
def observer(nancy_metz):
    """Julien Mangin, CPE in a collège of Nancy-Metz, who asks to observe."""
    return user_with_role(
        Role.ENSEIGNANT,
        etablissement=EtablissementFactory(academie=nancy_metz, commune="Thionville"),
        full_name="Julien Mangin",
        email="julien.mangin@ac-nancy-metz.fr",
    )


@pytest.fixture
def observation_request(brigade, observer):
    """Julien Mangin's pending request, for January 2027."""
    import datetime

    from tests.factories import ObservationRequestFactory

    return ObservationRequestFactory(
        brigade=brigade,
        requester=observer,
        preferred_period="En janvier",
        preferred_from=datetime.date(2027, 1, 4),
        preferred_until=datetime.date(2027, 1, 29),
    )


# --- end of part E ---
