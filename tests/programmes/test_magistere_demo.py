"""The M@gistère demo (issue 10, point 6): the seed's 13 parcours, the brigade's preparation
module, a Paris circonscription with its IEN, diagnostic and session; a second run writes
nothing."""

import pytest

from accounts.demo import demo_email, seed_demo
from accounts.models import Circonscription
from programmes import magistere
from programmes.demo import magistere as demo
from programmes.models import (
    ActivityProgress,
    Enrolment,
    NeedsDiagnostic,
    Parcours,
    ParcoursActivity,
    ParcoursSession,
    ProgrammeMembership,
    SessionStep,
)
from tests.factories import AcademieFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

MODELS = (
    Parcours,
    ParcoursActivity,
    Circonscription,
    NeedsDiagnostic,
    ParcoursSession,
    SessionStep,
    Enrolment,
    ActivityProgress,
    ProgrammeMembership,
)


@pytest.fixture
def seeded():
    paris = AcademieFactory(code="01", name="Paris")
    AcademieFactory(code="12", name="Nancy-Metz")
    AcademieFactory(code="24", name="Créteil")
    ProgrammeFactory(academie=paris, kind="magistere", slug="magistere-paris")
    seed_demo(password="demo-password-1")
    demo.seed()


def _counts():
    return [
        (model.objects.count(), model.history.count())
        for model in MODELS
        if hasattr(model, "history")
    ] + [Circonscription.objects.count()]


def test_demo_has_the_seed_s_13_parcours_and_the_preparation_module(seeded):
    national = Parcours.objects.filter(origin="nationale", producer="dgesco")
    assert national.count() == 13
    assert national.filter(audience="formateurs").count() == 2
    assert set(national.filter(audience="formateurs").values_list("title", flat=True)) == {
        "Former à distance",
        "Concevoir un parcours",
    }
    assert not national.filter(sequence_is_example=False).exists()
    assert not national.filter(activities__isnull=True).exists()
    module = Parcours.objects.get(title="Découvrir les ateliers ambition-confiance")
    assert (module.kind, module.origin, module.academie.name) == ("module", "locale", "Nancy-Metz")


def test_demo_session_of_calcul_mental_with_the_teacher_at_step_three(seeded):
    session = ParcoursSession.objects.get(parcours__title="Enseigner le calcul mental")
    assert session.plan == "animations"
    assert session.organiser.email == demo_email("ien.paris")
    assert session.circonscription.inspector == session.organiser
    assert magistere.diagnostic_for(session) is not None
    assert session.steps.count() == 3
    enrolment = Enrolment.objects.get(session=session)
    assert enrolment.user.email == demo_email("enseignant.paris") and enrolment.state == "accepted"
    done = enrolment.progress.values_list("activity_id", flat=True)
    activities = list(session.parcours.activities.all())
    assert magistere.step_of(enrolment.state, activities, done) == 3
    assert session.trainers.filter(email=demo_email("maitre-formateur.paris")).exists()


def test_demo_is_idempotent(seeded):
    before = _counts()
    demo.seed()
    assert _counts() == before


def test_bench_fill_makes_the_catalogue_once_and_its_page_stays_constant(
    client, monkeypatch, django_assert_num_queries
):
    """bench/fill_magistere.py: the parcours catalogue of `make bench`, filled once."""
    import importlib.util
    from pathlib import Path

    from django.conf import settings

    from accounts.models import Role
    from tests.factories import user_with_role

    path = Path(settings.BASE_DIR) / "bench" / "fill_magistere.py"
    spec = importlib.util.spec_from_file_location("fill_magistere", path)
    fill = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fill)
    monkeypatch.setattr(fill, "COUNT", 120)
    creteil = AcademieFactory(code="24", name="Créteil")
    fill.main()
    counts = (Parcours.objects.count(), ParcoursActivity.objects.count())
    fill.main()
    assert counts == (Parcours.objects.count(), ParcoursActivity.objects.count()) == (120, 720)
    client.force_login(user_with_role(Role.DAFOR, academie=creteil))
    with django_assert_num_queries(8):
        response = client.get("/programmes/magistere/parcours/?page=3")
    assert response.status_code == 200 and len(response.context["page"].object_list) == 20
