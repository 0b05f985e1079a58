"""M@gistère in a browser (issue 10, point 4): a professeur des écoles finds a parcours in the
catalogue and applies to the session of their circonscription; the IEN accepts from their
dashboard; the teacher marks an activity done and sees their step; the programme's staff
create a parcours of the académie (objectives forgotten first) and write its sequence.
Screenshots and axe at every page."""

import pytest

from accounts.models import Corps, Role
from programmes.models import ActivityProgress, Enrolment, Parcours
from tests.factories import (
    AcademieFactory,
    CirconscriptionFactory,
    EtablissementFactory,
    ParcoursActivityFactory,
    ParcoursFactory,
    ParcoursSessionFactory,
    ProgrammeFactory,
    programme_staff,
    user_with_role,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    paris = AcademieFactory(code="01", name="Paris", region_academique="Île-de-France")
    programme = ProgrammeFactory(
        academie=paris, kind="magistere", slug="magistere-paris", title="Parcours M@gistère"
    )
    staff = programme_staff(programme, Role.DAFOR, full_name="Sylvie Renaud")
    ien = user_with_role(Role.IEN, academie=paris, full_name="Christine Delorme", corps=Corps.IEN)
    circonscription = CirconscriptionFactory(
        academie=paris, departement="075", name="Paris 19A", inspector=ien
    )
    school = EtablissementFactory(
        academie=paris,
        name="École élémentaire Colette Magny A",
        type="Ecole",
        departement="075",
        circonscription=circonscription,
    )
    teacher = user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Thomas Moreau", corps=Corps.PE
    )
    parcours = ParcoursFactory(title="Enseigner le calcul mental", sequence_is_example=True)
    ParcoursFactory(title="La laïcité", degree="les_deux")
    for order, (title, grouping, modality, minutes) in enumerate(
        [
            ("Se positionner", "individuelle", "distance", 30),
            ("Classe virtuelle d'ouverture", "collective", "distance", 60),
            ("Préparer ensemble une séquence", "collective", "presence", 180),
        ],
        start=1,
    ):
        ParcoursActivityFactory(
            parcours=parcours,
            order=order,
            title=title,
            grouping=grouping,
            modality=modality,
            duration_minutes=minutes,
        )
    session = ParcoursSessionFactory(
        parcours=parcours,
        academie=paris,
        plan="animations",
        circonscription=circonscription,
        organiser=ien,
        contextualisation="Le calcul mental au cycle 2.",
    )
    return {"staff": staff, "ien": ien, "teacher": teacher, "session": session}


def test_teacher_applies_ien_accepts_teacher_progresses(login_as, journey, world):
    # The teacher finds the parcours and applies to their circonscription's session.
    thomas = login_as(world["teacher"])
    thomas.get_by_role("link", name="Parcours M@gistère").first.click()
    thomas.get_by_role("heading", name="Parcours M@gistère", level=1).wait_for()
    journey.check("catalogue", thomas)
    thomas.get_by_label("Rechercher dans les titres").fill("calcul")
    thomas.get_by_role("button", name="Filtrer").click()
    thomas.get_by_role("link", name="Enseigner le calcul mental").click()
    thomas.get_by_role("heading", name="Objectifs").wait_for()
    journey.check("parcours", thomas)
    thomas.get_by_role("link", name="Animations pédagogiques de circonscription").click()
    thomas.get_by_label("Vos attentes (facultatif)").fill("Mes élèves de CP.")
    journey.check("session-before-applying", thomas)
    thomas.get_by_role("button", name="Candidater").click()
    thomas.get_by_text("Votre candidature est envoyée").wait_for()
    journey.check("my-courses-pending", thomas)

    # The IEN accepts from the session found on their dashboard.
    ien = login_as(world["ien"])
    ien.get_by_text("1 candidature à examiner").wait_for()
    journey.check("ien-dashboard", ien)
    ien.get_by_role("link", name="Enseigner le calcul mental").first.click()
    journey.check("ien-session", ien)
    ien.get_by_role("button", name="Accepter la candidature de Thomas Moreau").click()
    ien.get_by_text("Inscription acceptée pour Thomas Moreau").wait_for()
    assert Enrolment.objects.get().state == "accepted"

    # The teacher works through the parcours.
    thomas.goto("/programmes/magistere/mes-parcours/")
    thomas.get_by_role("link", name="Enseigner le calcul mental").click()
    journey.check("progress-start", thomas)
    thomas.get_by_role(
        "button", name="Marquer « Classe virtuelle d'ouverture » comme faite"
    ).click()
    thomas.get_by_text("Étape 3 sur 4").first.wait_for()
    journey.check("progress-step-3", thomas)
    assert ActivityProgress.objects.count() == 1


def test_staff_create_a_parcours_and_its_sequence(login_as, journey, world):
    staff = login_as(world["staff"])
    staff.goto("/programmes/magistere/parcours/")
    staff.get_by_role("link", name="Nouveau parcours").click()
    staff.get_by_label("Titre").fill("Les rituels en maternelle")
    staff.get_by_label("Public").select_option("enseignants")
    staff.get_by_label("Degré").select_option("premier")
    staff.get_by_label("Producteur").select_option("academie")
    staff.get_by_label("Origine").select_option("locale")
    staff.get_by_label("Nature").select_option("parcours")
    staff.get_by_role("button", name="Enregistrer le parcours").click()
    staff.get_by_text("Indiquez les objectifs du parcours").first.wait_for()
    journey.check("parcours-form-error", staff)
    staff.get_by_label("Objectifs").fill("Construire des rituels qui font apprendre.")
    staff.get_by_role("button", name="Enregistrer le parcours").click()
    staff.get_by_role("heading", name="Séquence de « Les rituels en maternelle »").wait_for()
    journey.check("sequence-form", staff)
    first = staff.get_by_role("group", name="Activité 1")
    first.get_by_label("Intitulé").fill("Observer des rituels filmés")
    first.get_by_label("Type").select_option("video")
    first.get_by_label("Individuelle ou collective").select_option("individuelle")
    first.get_by_label("Modalité").select_option("distance")
    first.get_by_label("Durée (minutes)").fill("45")
    staff.get_by_role("button", name="Enregistrer la séquence").click()
    staff.get_by_text("La séquence d'activités est enregistrée").wait_for()
    journey.check("parcours-page", staff)
    parcours = Parcours.objects.get(title="Les rituels en maternelle")
    assert list(parcours.activities.values_list("title", flat=True)) == [
        "Observer des rituels filmés"
    ]


def test_ien_writes_the_diagnostic_creates_a_session_and_invites(login_as, journey, world):
    from programmes.models import NeedsDiagnostic, ParcoursSession, ProgrammeMembership
    from tests.factories import ProgrammeMembershipFactory

    trainer = user_with_role(
        Role.FORMATEUR,
        academie=world["ien"].role_memberships.get().academie,
        full_name="Hélène Marchand",
    )
    ProgrammeMembershipFactory(
        programme=ProgrammeMembership.objects.get().programme,
        user=trainer,
        function="formateur_proximite",
    )
    ien = login_as(world["ien"])
    ien.get_by_role("link", name="Diagnostics des besoins de formation").click()
    journey.check("diagnostics", ien)
    ien.get_by_role("link", name="Nouveau diagnostic").click()
    ien.get_by_label("Circonscription").select_option(label="Paris 19A")
    ien.get_by_label("Année scolaire").fill("2026-2027")
    ien.get_by_label("Diagnostic des besoins").fill("Le calcul mental au cycle 2.")
    journey.check("diagnostic-form", ien)
    ien.get_by_role("button", name="Enregistrer le diagnostic").click()
    ien.get_by_text("Le diagnostic des besoins est enregistré").wait_for()
    assert NeedsDiagnostic.objects.count() == 1

    ien.goto("/programmes/magistere/sessions/nouvelle/")
    ien.get_by_role("combobox", name="Parcours").select_option(label="La laïcité")
    ien.get_by_label("Année scolaire").fill("2026-2027")
    ien.get_by_label("Cadre").select_option(label="Animations pédagogiques de circonscription")
    ien.get_by_label("Circonscription").select_option(label="Paris 19A")
    ien.get_by_text("Hélène Marchand", exact=True).click()
    journey.check("session-form", ien)
    ien.get_by_role("button", name="Enregistrer la session").click()
    ien.get_by_text("La session est créée").wait_for()
    journey.check("session-created", ien)
    ien.get_by_role("link", name="Ajouter une étape au calendrier").click()
    ien.get_by_label("Étape").select_option(label="Regroupement en présence")
    ien.get_by_label("Date").fill("2027-01-13")
    ien.get_by_role("button", name="Ajouter au calendrier").click()
    ien.get_by_text("Indiquez le lieu du regroupement en présence").first.wait_for()
    journey.check("step-form-error", ien)
    ien.get_by_label("Lieu").fill("École élémentaire Colette Magny A")
    ien.get_by_role("button", name="Ajouter au calendrier").click()
    ien.get_by_text("mercredi 13 janvier 2027").wait_for()
    ien.get_by_role("link", name="Inviter des enseignants").click()
    ien.get_by_label("Adresses électroniques des enseignants à inviter").fill(
        world["teacher"].email
    )
    journey.check("invite-form", ien)
    ien.get_by_role("button", name="Envoyer les invitations").click()
    ien.get_by_text("1 invitation envoyée").wait_for()
    journey.check("session-with-invitation", ien)
    session = ParcoursSession.objects.get(parcours__title="La laïcité")
    assert list(session.trainers.all()) == [trainer]
    assert session.enrolments.get().origin == "invitation"
