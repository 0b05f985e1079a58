"""The attendance sheet (émargement) and the attestations of attendance as PDFs, read back
with pypdf; who may download them; the half-days the sheet has signature cells for."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Role
from tests.factories import (
    AcademieFactory,
    ParticipantFactory,
    SessionFactory,
    paris_time,
    user_with_role,
)
from workshops import attendance


def pdf_text(content):
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(text.split())


def sheet_url(session):
    return reverse("workshops:emargement", args=[session.pk])


def mine_url(session):
    return reverse("workshops:attestation_mine", args=[session.pk])


def their_url(session, participant):
    return reverse("workshops:attestation", args=[session.pk, participant.pk])


@pytest.fixture
def noted(workshop, metz_teachers, trainer, on_the_day):
    """Aline present for 3 h, Bruno present for 1,5 h, an observer absent."""
    aline, bruno = (ParticipantFactory(session=workshop, user=user) for user in metz_teachers)
    observer = ParticipantFactory(session=workshop, origin="observer")
    attendance.record_attendance(
        session=workshop,
        marks=[(aline, "present", None), (bruno, "present", "1.5"), (observer, "absent", None)],
        by=trainer,
    )
    return aline, bruno, observer


# The attendance sheet ----------------------------------------------------------------------
def test_emargement_pdf_lists_the_participants_with_a_cell_per_half_day(
    client, workshop, metz_teachers, trainer, lycee_metz
):
    for user in metz_teachers:
        user.corps, user.discipline = "certifie", "Lettres modernes"
        user.save()
        ParticipantFactory(session=workshop, user=user)
    ParticipantFactory(session=workshop, status="waiting", origin="enrolment")  # not listed
    client.force_login(trainer)
    response = client.get(sheet_url(workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="emargement-seance-{workshop.pk}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Feuille d’émargement" in text
    assert "Atelier ambition-confiance — seconde" in text
    assert "Ateliers ambition-confiance" in text
    assert "mardi 12 janvier 2027, de 9h00 à 12h00" in text
    assert "Lycée Georges de La Tour, Metz — salle B12" in text
    assert "Aline Berthier" in text and "Bruno Colin" in text
    assert "Certifié, Lettres modernes" in text
    assert "2 participants" in text
    assert "Claire Vautrin" in text  # the trainer, in the facts and the signature table
    assert "matin" in text and "après-midi" not in text  # 9h–12h: a morning only
    assert "Signature des formateurs" in text


def test_emargement_pdf_can_be_printed_with_nobody_enrolled(client, workshop, saio):
    client.force_login(saio)
    response = client.get(sheet_url(workshop))
    assert response.status_code == 200
    assert "0 participant" in pdf_text(response.content)


@pytest.mark.parametrize("who", ["participant", "other_academie_saio", "host_schools_head"])
def test_emargement_pdf_is_404_for_who_does_not_manage_the_session(
    client, workshop, lycee_metz, who
):
    user = {
        "participant": lambda: ParticipantFactory(session=workshop).user,
        "other_academie_saio": lambda: user_with_role(
            Role.SAIO, academie=AcademieFactory(code="01", name="Paris")
        ),
        "host_schools_head": lambda: user_with_role(
            Role.CHEF_ETABLISSEMENT, etablissement=lycee_metz
        ),
    }[who]()
    client.force_login(user)
    assert client.get(sheet_url(workshop)).status_code == 404


def test_emargement_pdf_of_a_session_without_a_date_is_404(client, brigade_programme, saio):
    session = SessionFactory(programme=brigade_programme, planned_undated=True, term=2)
    client.force_login(saio)
    assert client.get(sheet_url(session)).status_code == 404


def test_emargement_pdf_sends_anonymous_to_log_in(client, workshop):
    assert client.get(sheet_url(workshop)).status_code == 302


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2027, 1, 12, 9), (2027, 1, 12, 12), [(12, False)]),
        ((2027, 1, 12, 14), (2027, 1, 12, 17), [(12, True)]),
        ((2027, 1, 12, 9), (2027, 1, 12, 17), [(12, False), (12, True)]),
        ((2027, 1, 12, 12), (2027, 1, 12, 13), [(12, True)]),  # within lunch: the afternoon
        ((2027, 1, 12, 11), (2027, 1, 12, 12, 30), [(12, False)]),
        ((2027, 1, 12, 14), (2027, 1, 13, 12), [(12, True), (13, False)]),
        ((2027, 1, 12, 9), (2027, 1, 14, 17), [(d, h) for d in (12, 13, 14) for h in (0, 1)]),
    ],
)
def test_half_days_of_a_session(brigade_programme, start, end, expected):
    session = SessionFactory(
        programme=brigade_programme, starts_at=paris_time(*start), ends_at=paris_time(*end)
    )
    assert [(h.day.day, h.afternoon) for h in attendance.half_days(session)] == [
        (day, bool(afternoon)) for day, afternoon in expected
    ]
    assert all(h.day.month == 1 for h in attendance.half_days(session))


def test_emargement_of_a_two_day_session_has_four_signature_cells(client, brigade_programme, saio):
    session = SessionFactory(
        programme=brigade_programme,
        title="Tronc commun",
        starts_at=paris_time(2027, 1, 12, 9),
        ends_at=paris_time(2027, 1, 13, 17),
    )
    ParticipantFactory(session=session)
    client.force_login(saio)
    text = pdf_text(client.get(sheet_url(session)).content)
    assert text.count("après-midi") == 4  # 2 afternoons × (participants, trainers)
    assert "mardi 12 janvier 2027, mercredi 13 janvier 2027" in text


# The attestation ---------------------------------------------------------------------------
def test_participant_downloads_their_attestation_covering_their_hours(
    client, workshop, noted, on_the_day
):
    aline, bruno, _ = noted
    client.force_login(bruno.user)
    detail = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert mine_url(workshop) in detail
    response = client.get(mine_url(workshop))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Attestation de présence" in text
    assert "Bruno Colin" in text and "Aline Berthier" not in text
    assert "Atelier ambition-confiance — seconde" in text
    assert "mardi 12 janvier 2027" in text
    assert "1,5 h sur les 3 h de la séance" in text
    assert "L’académie de Nancy-Metz atteste que Bruno Colin a suivi 1,5 h" in text
    assert "Fait le 12 janvier 2027" in text


def test_manager_downloads_a_participants_attestation(client, workshop, noted, saio):
    aline, _, _ = noted
    client.force_login(saio)
    response = client.get(their_url(workshop, aline))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Aline Berthier" in text
    assert "a suivi 3 h de la séance" in text
    assert "sur les" not in text


def test_attestation_is_404_for_an_absent_person(client, workshop, noted, trainer):
    _, _, observer = noted
    client.force_login(observer.user)
    assert client.get(mine_url(workshop)).status_code == 404
    detail = client.get(reverse("workshops:detail", args=[workshop.pk])).content.decode()
    assert mine_url(workshop) not in detail
    client.force_login(trainer)
    assert client.get(their_url(workshop, observer)).status_code == 404


def test_attestation_of_another_participant_is_404(client, workshop, noted):
    aline, bruno, _ = noted
    client.force_login(bruno.user)
    assert client.get(their_url(workshop, aline)).status_code == 404


def test_attestation_before_attendance_is_noted_is_404(client, workshop, metz_teachers):
    participant = ParticipantFactory(session=workshop, user=metz_teachers[0])
    client.force_login(participant.user)
    assert client.get(mine_url(workshop)).status_code == 404


def test_attestation_is_404_for_a_manager_of_another_session(
    client, workshop, noted, brigade_programme, nancy_metz
):
    aline, _, _ = noted
    other_trainer = user_with_role(Role.FORMATEUR, academie=nancy_metz)
    other = SessionFactory(programme=brigade_programme)
    other.trainers.create(user=other_trainer, role="lead")
    client.force_login(other_trainer)
    assert client.get(their_url(workshop, aline)).status_code == 404
    # Nor through their own session's address.
    assert client.get(their_url(other, aline)).status_code == 404


def test_attestation_pdf_sends_anonymous_to_log_in(client, workshop, noted):
    aline, _, _ = noted
    assert client.get(mine_url(workshop)).status_code == 302
    assert client.get(their_url(workshop, aline)).status_code == 302


def test_attestation_date_is_the_day_it_is_issued(noted):
    from workshops import pdf

    aline, _, _ = noted
    aline.refresh_from_db()
    html = pdf.attestation_html(participant=aline, issued_on=datetime.date(2027, 2, 1))
    assert "Fait le 1er février 2027" in html
