"""Ambassadeurs du numérique (seed 001): the follow-up's end, the cohort's counts, the
accompaniment flow and its e-mails, each role's rights, and bad input on every form."""

import datetime
import html

import pytest
from django.urls import reverse

from programmes import ambassadeurs as services
from programmes.models import (
    AccompanimentRequest,
    Ambassador,
    CohortDiscipline,
    Commitment,
    Equipment,
    PortfolioEntry,
)
from programmes.models.ambassadeurs import follow_up_end
from tests.factories import (
    AccompanimentRequestFactory,
    AmbassadeursPartnerFactory,
    AmbassadorFactory,
    CohortFactory,
    PortfolioEntryFactory,
)


def errors_text(form):
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# --- follow-up: until the eve of the second anniversary of tenure ---------------------------
@pytest.mark.parametrize(
    ("tenure", "end"),
    [
        (datetime.date(2019, 9, 1), datetime.date(2021, 8, 31)),
        (datetime.date(2020, 1, 1), datetime.date(2021, 12, 31)),
        (datetime.date(2019, 3, 1), datetime.date(2021, 2, 28)),
        (datetime.date(2020, 2, 29), datetime.date(2022, 2, 28)),
        (datetime.date(2022, 3, 1), datetime.date(2024, 2, 29)),  # leap year's last day
    ],
)
def test_follow_up_end_is_the_eve_of_the_second_anniversary(tenure, end):
    assert follow_up_end(tenure) == end


def test_follow_up_end_is_unknown_before_tenure():
    assert follow_up_end(None) is None


def test_ambassador_is_followed_until_the_last_day_inclusive(amb):
    amb.thomas.tenure_on = datetime.date(2019, 9, 1)
    assert amb.thomas.is_followed(datetime.date(2021, 8, 31))
    assert not amb.thomas.is_followed(datetime.date(2021, 9, 1))


def test_ambassador_without_tenure_is_followed(amb):
    assert amb.thomas.tenure_on is None
    assert amb.thomas.is_followed(datetime.date(2030, 1, 1))


# --- cohort counts ------------------------------------------------------------------------
def test_cohort_counts_are_computed_by_degree_and_discipline(amb):
    for order, name in enumerate(["Documentation", "Espagnol", "Mathématiques", "Allemand"]):
        CohortDiscipline.objects.create(cohort=amb.cohort, name=name, order=order)
    AmbassadorFactory.create_batch(3, cohort=amb.cohort, second_degree=True)
    AmbassadorFactory(cohort=amb.cohort, second_degree=True, discipline="Allemand")
    AmbassadorFactory(cohort=amb.cohort, second_degree=True, discipline="Physique-chimie")

    counts = services.cohort_counts(amb.cohort)

    assert (counts["premier"], counts["second"], counts["total"]) == (2, 5, 7)
    assert counts["disciplines"] == [
        ("Documentation", None, 0),
        ("Espagnol", None, 0),
        ("Mathématiques", None, 3),
        ("Allemand", None, 1),
        ("Physique-chimie", None, 1),
    ]


def test_cohort_counts_ignore_other_cohorts(amb):
    AmbassadorFactory(cohort=CohortFactory(convention=amb.convention, school_year="2019-2020"))
    assert services.cohort_counts(amb.cohort)["total"] == 2


def test_cohort_page_shows_planned_and_recorded_figures(client, amb):
    client.force_login(amb.staff)
    response = client.get(
        reverse("programmes:amb_cohort", args=["ambassadeurs-paris", amb.cohort.pk])
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<td>48</td><td>2</td>" in text
    assert "<td>10</td><td>0</td>" in text


def test_discipline_belongs_to_the_second_degree_only(amb):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AmbassadorFactory(cohort=amb.cohort, degree="premier", discipline="Espagnol")


# --- accompaniment: ask, assign, visit ---------------------------------------------------
def request_data(**overrides):
    return {
        "purpose": "co_intervention",
        "timing": "hors",
        "wished_from": "2019-01-21",
        "wished_until": "2019-02-08",
        "details": "Première séance de programmation avec les robots.",
        **overrides,
    }


def test_ambassador_asks_for_accompaniment(client, amb):
    client.force_login(amb.thomas.user)
    response = client.post(reverse("programmes:amb_request_create"), request_data())
    accompaniment = AccompanimentRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("programmes:amb_request", args=[accompaniment.pk])
    assert accompaniment.ambassador == amb.thomas
    assert accompaniment.status == AccompanimentRequest.Status.DEMANDEE
    assert accompaniment.purpose == "co_intervention"
    assert accompaniment.history.get().history_user == amb.thomas.user


def test_accompaniment_request_sent_twice_is_saved_once(client, amb):
    client.force_login(amb.thomas.user)
    data = request_data(submission_token="6f1c9a52-8f0e-4b7e-9d55-0c2f3d8e1a10")
    first = client.post(reverse("programmes:amb_request_create"), data)
    second = client.post(reverse("programmes:amb_request_create"), data)
    assert AccompanimentRequest.objects.count() == 1
    assert second.status_code == 302
    assert second.url == first.url


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"purpose": ""}, "purpose", "Choisissez l'objet de l'accompagnement."),
        ({"purpose": "autre"}, "purpose", "Sélectionnez un choix valide"),
        ({"timing": ""}, "timing", "pendant ou hors temps scolaire"),
        ({"wished_from": "2019-01-09"}, "wished_from", "Choisissez une date à venir."),
        ({"wished_from": "32/01/2019"}, "wished_from", "Saisissez une date valide."),
        ({"wished_until": "2019-01-20"}, "wished_until", "La fin de la période doit suivre"),
    ],
)
def test_accompaniment_request_refuses_bad_input(client, amb, data, field, message):
    client.force_login(amb.thomas.user)
    response = client.post(reverse("programmes:amb_request_create"), request_data(**data))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not AccompanimentRequest.objects.exists()


def test_accompaniment_request_page_is_404_for_a_teacher_who_is_no_ambassador(client, amb):
    client.force_login(amb.teacher)
    assert client.get(reverse("programmes:amb_request_create")).status_code == 404
    assert client.post(reverse("programmes:amb_request_create"), request_data()).status_code == 404
    assert not AccompanimentRequest.objects.exists()


def test_staff_assign_an_accompanist_who_and_the_ambassador_are_told(
    client, amb, django_capture_on_commit_callbacks, mailoutbox
):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    client.force_login(amb.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:amb_assign", args=[accompaniment.pk]),
            {"accompanist": amb.accompanist.pk},
        )
    assert response.status_code == 302
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentRequest.Status.ATTRIBUEE
    assert (accompaniment.accompanist, accompaniment.assigned_by) == (amb.accompanist, amb.staff)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [amb.accompanist.email, amb.thomas.user.email]
    )
    to_accompanist = next(m for m in mailoutbox if m.to == [amb.accompanist.email])
    assert "Thomas Moreau" in to_accompanist.subject


def test_a_maitre_formateur_may_be_assigned_too(amb):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    services.assign_accompanist(request=accompaniment, accompanist=amb.mentor, by=amb.staff)
    accompaniment.refresh_from_db()
    assert accompaniment.accompanist == amb.mentor


def test_assigning_someone_outside_the_programme_is_refused(client, amb):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    client.force_login(amb.staff)
    response = client.post(
        reverse("programmes:amb_assign", args=[accompaniment.pk]),
        {"accompanist": amb.other_programme_staff.pk},
    )
    assert response.status_code == 400
    assert "Choisissez une personne de la liste." in response.content.decode()
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentRequest.Status.DEMANDEE


def test_assigning_nobody_is_refused(client, amb):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    client.force_login(amb.staff)
    response = client.post(reverse("programmes:amb_assign", args=[accompaniment.pk]), {})
    assert response.status_code == 400
    assert "Choisissez la personne qui accompagnera" in response.content.decode()


def visit_data(**overrides):
    return {
        "visit_on": "2019-01-10",
        "visit_minutes": "90",
        "report": "Séance co-animée ; les élèves ont programmé le robot en binômes.",
        **overrides,
    }


def test_accompanist_records_the_visit_and_the_ambassador_sees_the_report(
    client, amb, django_capture_on_commit_callbacks, mailoutbox
):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    services.assign_accompanist(request=accompaniment, accompanist=amb.accompanist, by=amb.staff)
    mailoutbox.clear()
    client.force_login(amb.accompanist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:amb_visit", args=[accompaniment.pk]), visit_data()
        )
    assert response.status_code == 302
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentRequest.Status.REALISEE
    assert (accompaniment.visit_on, accompaniment.visit_minutes) == (datetime.date(2019, 1, 10), 90)
    [mail] = [m for m in mailoutbox if "compte rendu" in m.subject]
    assert mail.to == [amb.thomas.user.email]
    assert "robot en binômes" in mail.body

    client.force_login(amb.thomas.user)
    page = client.get(reverse("programmes:amb_request", args=[accompaniment.pk])).content.decode()
    assert "Visite effectuée" in page
    assert "robot en binômes" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"visit_on": ""}, "visit_on", "Indiquez la date de la visite."),
        ({"visit_on": "2019-01-11"}, "visit_on", "dans le futur"),
        ({"visit_minutes": "5"}, "visit_minutes", "entre 15 minutes et 8 heures"),
        ({"visit_minutes": "une heure"}, "visit_minutes", "nombre entier"),
        ({"report": ""}, "report", "Rédigez le compte rendu"),
    ],
)
def test_visit_refuses_bad_input(client, amb, data, field, message):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    services.assign_accompanist(request=accompaniment, accompanist=amb.accompanist, by=amb.staff)
    client.force_login(amb.accompanist)
    response = client.post(
        reverse("programmes:amb_visit", args=[accompaniment.pk]), visit_data(**data)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["visit_form"].errors[field])
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentRequest.Status.ATTRIBUEE
    assert accompaniment.report == ""


def test_only_the_assigned_accompanist_records_the_visit(client, amb):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    services.assign_accompanist(request=accompaniment, accompanist=amb.accompanist, by=amb.staff)
    for user in (amb.mentor, amb.staff, amb.thomas.user):
        client.force_login(user)
        url = reverse("programmes:amb_visit", args=[accompaniment.pk])
        assert client.post(url, visit_data()).status_code == 404
    accompaniment.refresh_from_db()
    assert accompaniment.status == AccompanimentRequest.Status.ATTRIBUEE


def test_a_visited_request_cannot_be_reassigned(amb):
    from django.core.exceptions import ValidationError

    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    services.assign_accompanist(request=accompaniment, accompanist=amb.accompanist, by=amb.staff)
    services.record_visit(
        request=accompaniment,
        visit_on=datetime.date(2019, 1, 9),
        minutes=60,
        report="Fait.",
        by=amb.accompanist,
    )
    with pytest.raises(ValidationError):
        services.assign_accompanist(request=accompaniment, accompanist=amb.mentor, by=amb.staff)


# --- who sees an accompaniment request -------------------------------------------------------
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("thomas", 200),
        ("staff", 200),
        ("accompanist", 200),
        ("other", 404),
        ("mentor", 404),
        ("teacher", 404),
        ("other_programme_staff", 404),
        ("creteil_staff", 404),
    ],
)
def test_accompaniment_request_page_per_role(client, amb, who, status):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    services.assign_accompanist(request=accompaniment, accompanist=amb.accompanist, by=amb.staff)
    user = amb.thomas.user if who == "thomas" else getattr(amb, who)
    if who == "other":
        user = amb.other.user
    client.force_login(user)
    response = client.get(reverse("programmes:amb_request", args=[accompaniment.pk]))
    assert response.status_code == status


@pytest.mark.parametrize(
    "who", ["thomas", "accompanist", "other_programme_staff", "creteil_staff", "teacher"]
)
def test_only_the_programme_staff_assign(client, amb, who):
    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    user = amb.thomas.user if who == "thomas" else getattr(amb, who)
    client.force_login(user)
    response = client.post(
        reverse("programmes:amb_assign", args=[accompaniment.pk]),
        {"accompanist": amb.accompanist.pk},
    )
    assert response.status_code == 404
    accompaniment.refresh_from_db()
    assert accompaniment.accompanist is None


STAFF_PAGES = [
    ("programmes:amb_convention_current", lambda w: ["ambassadeurs-paris"]),
    ("programmes:amb_convention", lambda w: ["ambassadeurs-paris", w.convention.pk]),
    ("programmes:amb_cohort", lambda w: ["ambassadeurs-paris", w.cohort.pk]),
    ("programmes:amb_list", lambda w: ["ambassadeurs-paris"]),
    ("programmes:amb_detail", lambda w: ["ambassadeurs-paris", w.thomas.pk]),
    ("programmes:amb_equipment_add", lambda w: ["ambassadeurs-paris", w.thomas.pk]),
    ("programmes:amb_queue", lambda w: ["ambassadeurs-paris"]),
]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("staff", 200),
        ("other_programme_staff", 404),
        ("creteil_staff", 404),
        ("accompanist", 404),
        ("thomas", 404),
    ],
)
def test_staff_pages_per_role(client, amb, name, args, who, status):
    user = amb.thomas.user if who == "thomas" else getattr(amb, who)
    client.force_login(user)
    response = client.get(reverse(name, args=args(amb)))
    assert response.status_code in ((200, 302) if status == 200 else (status,))


def test_staff_pages_are_404_for_another_academie_s_records(client, amb):
    """Staff of Paris asking for Créteil's ambassador through their own programme's slug."""
    client.force_login(amb.staff)
    url = reverse("programmes:amb_detail", args=["ambassadeurs-paris", amb.creteil_ambassador.pk])
    assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_log_in(client, amb):
    response = client.get(reverse("programmes:amb_me"))
    assert response.status_code == 302
    assert "connexion" in response.url or "login" in response.url


@pytest.mark.parametrize(
    "name", ["programmes:amb_me", "programmes:amb_portfolio_add", "programmes:amb_portfolio_pdf"]
)
def test_ambassador_pages_are_404_for_non_ambassadors(client, amb, name):
    for user in (amb.teacher, amb.staff):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 404


def test_ambassador_page_shows_profile_requests_portfolio_and_equipment(client, amb):
    AccompanimentRequestFactory(ambassador=amb.thomas)
    PortfolioEntryFactory(ambassador=amb.thomas, title="Un mur collaboratif")
    Equipment.objects.create(
        ambassador=amb.thomas,
        kind="individuel",
        label="Ordinateur portable",
        provider=AmbassadeursPartnerFactory(name="MGEN"),
        received_on=datetime.date(2019, 1, 7),
    )
    PortfolioEntryFactory(ambassador=amb.other, title="Le portfolio d'une autre")
    client.force_login(amb.thomas.user)
    page = client.get(reverse("programmes:amb_me")).content.decode()
    assert "Hélène Marchand" in page
    assert "Aider à la préparation" in page
    assert "Un mur collaboratif" in page
    assert "Ordinateur portable" in page
    assert "d'une autre" not in page


def test_ambassador_list_filters_and_never_shows_another_programme_s(client, amb):
    second = AmbassadorFactory(cohort=amb.cohort, second_degree=True, user__full_name="Zoé Roux")
    client.force_login(amb.staff)
    url = reverse("programmes:amb_list", args=["ambassadeurs-paris"])

    def names(**params):
        page = client.get(url, params).context["page"]
        return [a.user.full_name for a in page.object_list]

    assert names() == ["Léa Martin", "Thomas Moreau", "Zoé Roux"]
    assert names(degre="second") == [second.user.full_name]
    assert names(q="moreau") == ["Thomas Moreau"]
    assert names(promotion=str(amb.cohort.pk), degre="premier") == ["Léa Martin", "Thomas Moreau"]
    assert names(degre="troisieme") == ["Léa Martin", "Thomas Moreau", "Zoé Roux"]


def test_queue_shows_requests_waiting_for_an_accompanist_first(client, amb):
    assigned = AccompanimentRequestFactory(ambassador=amb.other)
    services.assign_accompanist(request=assigned, accompanist=amb.accompanist, by=amb.staff)
    waiting = AccompanimentRequestFactory(ambassador=amb.thomas)
    client.force_login(amb.staff)
    response = client.get(reverse("programmes:amb_queue", args=["ambassadeurs-paris"]))
    assert [r.pk for r in response.context["page"].object_list] == [waiting.pk, assigned.pk]
    filtered = client.get(
        reverse("programmes:amb_queue", args=["ambassadeurs-paris"]), {"etat": "attribuee"}
    )
    assert [r.pk for r in filtered.context["page"].object_list] == [assigned.pk]


def test_my_accompaniments_lists_only_mine(client, amb):
    mine = AccompanimentRequestFactory(ambassador=amb.thomas)
    services.assign_accompanist(request=mine, accompanist=amb.accompanist, by=amb.staff)
    theirs = AccompanimentRequestFactory(ambassador=amb.other)
    services.assign_accompanist(request=theirs, accompanist=amb.mentor, by=amb.staff)
    client.force_login(amb.accompanist)
    response = client.get(reverse("programmes:amb_my_accompaniments"))
    assert [r.pk for r in response.context["requests"]] == [mine.pk]


# --- convention and commitments ----------------------------------------------------------
def test_staff_update_a_commitment_status_with_history(client, amb):
    commitment = Commitment.objects.create(convention=amb.convention, order=1, label="Tutorat")
    client.force_login(amb.staff)
    response = client.post(
        reverse("programmes:amb_commitment_status", args=["ambassadeurs-paris", commitment.pk]),
        {f"commitment-{commitment.pk}-status": "en_cours", f"commitment-{commitment.pk}-note": ""},
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "en_cours"
    assert commitment.history.first().history_user == amb.staff
    page = client.get(
        reverse("programmes:amb_convention", args=["ambassadeurs-paris", amb.convention.pk])
    )
    assert "Claire Vannier" in page.content.decode()


def test_a_commitment_status_that_does_not_exist_is_refused(client, amb):
    commitment = Commitment.objects.create(convention=amb.convention, order=1, label="Tutorat")
    client.force_login(amb.staff)
    response = client.post(
        reverse("programmes:amb_commitment_status", args=["ambassadeurs-paris", commitment.pk]),
        {f"commitment-{commitment.pk}-status": "abandonne"},
        follow=True,
    )
    assert "Sélectionnez un choix valide" in response.content.decode()
    commitment.refresh_from_db()
    assert commitment.status == "a_engager"


def test_other_staff_cannot_update_a_commitment(client, amb):
    commitment = Commitment.objects.create(convention=amb.convention, order=1, label="Tutorat")
    for user in (amb.other_programme_staff, amb.creteil_staff):
        client.force_login(user)
        response = client.post(
            reverse("programmes:amb_commitment_status", args=["ambassadeurs-paris", commitment.pk]),
            {f"commitment-{commitment.pk}-status": "realise"},
        )
        assert response.status_code == 404
    commitment.refresh_from_db()
    assert commitment.status == "a_engager"


def test_convention_page_says_the_signed_pdf_is_not_yet_uploaded(client, amb):
    client.force_login(amb.staff)
    page = client.get(
        reverse("programmes:amb_convention", args=["ambassadeurs-paris", amb.convention.pk])
    ).content.decode()
    assert "pas encore déposé" in page
    assert "22 novembre 2018" in page


# --- portfolio -----------------------------------------------------------------------------
def entry_data(**overrides):
    return {
        "on": "2019-01-08",
        "title": "Un blog de classe",
        "description": "Les élèves rédigent un article par semaine.",
        "skills": ["skill_communication", "skill_creativite"],
        **overrides,
    }


def test_ambassador_adds_a_portfolio_entry_with_its_dissemination(client, amb):
    client.force_login(amb.thomas.user)
    response = client.post(
        reverse("programmes:amb_portfolio_add"),
        entry_data(
            disseminated_on="2019-01-09",
            dissemination_audience="l'équipe du cycle 2",
            dissemination_count="6",
            dissemination_means="conseil de cycle",
        ),
    )
    assert response.status_code == 302
    entry = PortfolioEntry.objects.get()
    assert (entry.skill_communication, entry.skill_creativite) == (True, True)
    assert (entry.skill_collaboration, entry.skill_apprendre) == (False, False)
    assert entry.dissemination_count == 6


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"skills": []}, "skills", "Cochez au moins une compétence."),
        ({"title": ""}, "title", "Donnez un titre"),
        ({"on": "2019-01-11"}, "on", "datée du futur"),
        ({"disseminated_on": "2019-01-09"}, "dissemination_count", "combien de collègues"),
        ({"dissemination_count": "4"}, "disseminated_on", "quand vous l'avez diffusé"),
        (
            {
                "disseminated_on": "2019-01-01",
                "dissemination_count": "4",
                "dissemination_audience": "le cycle 3",
            },
            "disseminated_on",
            "ne peut précéder",
        ),
    ],
)
def test_portfolio_entry_refuses_bad_input(client, amb, data, field, message):
    client.force_login(amb.thomas.user)
    response = client.post(reverse("programmes:amb_portfolio_add"), entry_data(**data))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not PortfolioEntry.objects.exists()


# --- equipment and the follow-up record ------------------------------------------------------
def equipment_data(provider, **overrides):
    return {
        "kind": "collectif",
        "label": "Vidéoprojecteur interactif",
        "provider": provider.pk,
        "funding": "budget_ecoles",
        "received_on": "2019-01-07",
        **overrides,
    }


def test_staff_record_equipment_from_the_city_with_its_funding(client, amb):
    city = AmbassadeursPartnerFactory(name="Ville de Paris", kind="collectivite")
    amb.convention.partners.add(city)
    client.force_login(amb.staff)
    url = reverse("programmes:amb_equipment_add", args=["ambassadeurs-paris", amb.thomas.pk])
    response = client.post(url, equipment_data(city))
    assert response.status_code == 302
    assert Equipment.objects.get().get_funding_display() == "Budget participatif des écoles"


@pytest.mark.parametrize(
    ("provider", "data", "message"),
    [
        ("city", {"funding": ""}, "Indiquez lequel des budgets de Ville de Paris"),
        ("mgen", {"funding": "plan_numerique"}, "Seuls les équipements de la collectivité"),
        ("outsider", {}, "Sélectionnez un choix valide"),
        ("city", {"received_on": "2019-02-01"}, "dans le futur"),
        ("city", {"label": ""}, "Indiquez le matériel reçu."),
    ],
)
def test_equipment_refuses_bad_input(client, amb, provider, data, message):
    partners = {
        "city": AmbassadeursPartnerFactory(name="Ville de Paris", kind="collectivite"),
        "mgen": AmbassadeursPartnerFactory(name="MGEN", kind="mutuelle"),
    }
    amb.convention.partners.add(*partners.values())
    partners["outsider"] = AmbassadeursPartnerFactory(name="Hors convention")
    client.force_login(amb.staff)
    url = reverse("programmes:amb_equipment_add", args=["ambassadeurs-paris", amb.thomas.pk])
    response = client.post(url, equipment_data(partners[provider], **data))
    assert response.status_code == 200
    assert message in errors_text(response.context["form"])
    assert not Equipment.objects.exists()


def test_staff_complete_the_follow_up_record(client, amb):
    client.force_login(amb.staff)
    url = reverse("programmes:amb_detail", args=["ambassadeurs-paris", amb.other.pk])
    response = client.post(
        url,
        {
            "maitre_formateur": amb.mentor.pk,
            "class_name": "CM2",
            "memoire_title": "Écrire à plusieurs mains",
            "memoire_digital_dimension": "Un traitement de texte collaboratif.",
            "tenure_on": "2019-09-01",
        },
    )
    assert response.status_code == 302
    amb.other.refresh_from_db()
    assert amb.other.maitre_formateur == amb.mentor
    assert amb.other.follow_up_ends_on == datetime.date(2021, 8, 31)
    page = client.get(url).content.decode()
    assert "31 août 2021" in page
    assert amb.other.user.statut == "stagiaire"  # tenure is still to come


def test_a_past_tenure_makes_the_trainee_a_titulaire(amb):
    amb.thomas.tenure_on = datetime.date(2019, 1, 1)
    services.update_ambassador(ambassador=amb.thomas, by=amb.staff)
    amb.thomas.user.refresh_from_db()
    assert amb.thomas.user.statut == "titulaire"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tenure_on": "2017-09-01"}, "ne peut précéder l'année de la promotion"),
        ({"maitre_formateur": "accompanist"}, "Choisissez une personne de la liste."),
    ],
)
def test_follow_up_record_refuses_bad_input(client, amb, data, message):
    if data.get("maitre_formateur") == "accompanist":
        data = {"maitre_formateur": amb.accompanist.pk}  # an accompanist, not a maître-formateur
    client.force_login(amb.staff)
    url = reverse("programmes:amb_detail", args=["ambassadeurs-paris", amb.other.pk])
    response = client.post(url, {"class_name": "CM2", **data})
    assert response.status_code == 200
    assert message in errors_text(response.context["form"])
    amb.other.refresh_from_db()
    assert (amb.other.class_name, amb.other.maitre_formateur) == ("CE1", None)
    assert Ambassador.objects.get(pk=amb.other.pk).tenure_on is None


# --- the convention: signature and signed PDF ---------------------------------------------
def convention_data(**overrides):
    return {
        "title": "Convention de partenariat",
        "signed_on": "2018-11-22",
        "signed_at": "Salle des Actes du palais académique de la Sorbonne",
        "summary": "",
        **overrides,
    }


def test_staff_upload_the_signed_pdf_and_download_it(client, amb, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client.force_login(amb.staff)
    url = reverse("programmes:amb_convention_edit", args=["ambassadeurs-paris", amb.convention.pk])
    upload = SimpleUploadedFile("convention.pdf", b"%PDF-1.4 signed", "application/pdf")
    response = client.post(url, convention_data(signed_pdf=upload))
    assert response.status_code == 302
    amb.convention.refresh_from_db()
    assert amb.convention.signed_pdf
    assert amb.convention.history.first().history_user == amb.staff
    download = client.get(
        reverse("programmes:amb_convention_pdf", args=["ambassadeurs-paris", amb.convention.pk])
    )
    assert b"".join(download.streaming_content) == b"%PDF-1.4 signed"
    client.force_login(amb.creteil_staff)
    assert (
        client.get(
            reverse("programmes:amb_convention_pdf", args=["ambassadeurs-paris", amb.convention.pk])
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": ""}, "title", "Indiquez l'intitulé"),
        ({"signed_on": "2019-02-01"}, "signed_on", "dans le futur"),
        ({"file": b"GIF89a"}, "signed_pdf", "Seuls les fichiers PDF sont acceptés."),
        ({"signed_on": "", "file": b"%PDF-1.4"}, "signed_on", "date de signature"),
    ],
)
def test_convention_form_refuses_bad_input(client, amb, settings, tmp_path, data, field, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    data = dict(data)
    content = data.pop("file", None)
    if content is not None:
        data["signed_pdf"] = SimpleUploadedFile("convention.pdf", content, "application/pdf")
    client.force_login(amb.staff)
    url = reverse("programmes:amb_convention_edit", args=["ambassadeurs-paris", amb.convention.pk])
    response = client.post(url, convention_data(**data))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    amb.convention.refresh_from_db()
    assert not amb.convention.signed_pdf
    assert amb.convention.title.startswith("Convention de partenariat relative")


# --- dashboard panels ----------------------------------------------------------------------
def test_dashboard_shows_each_actor_their_ambassadeurs_panel(client, amb):
    from programmes import dashboard

    accompaniment = AccompanimentRequestFactory(ambassador=amb.thomas)
    AccompanimentRequestFactory(ambassador=amb.other)
    assert [i["url"] for i in dashboard.ambassador_items(amb.thomas.user)] == [
        reverse("programmes:amb_me"),
        reverse("programmes:amb_request", args=[accompaniment.pk]),
    ]
    assert dashboard.ambassador_items(amb.teacher) == []
    staff_items = dashboard.ambassadeurs_staff_items(amb.staff)
    assert staff_items[-1]["hint"] == "2 demandes attendent un accompagnateur"
    assert dashboard.ambassadeurs_staff_items(amb.other_programme_staff) == []
    services.assign_accompanist(request=accompaniment, accompanist=amb.accompanist, by=amb.staff)
    assert [i["label"] for i in dashboard.accompanist_items(amb.accompanist)] == ["Thomas Moreau"]
    client.force_login(amb.thomas.user)
    home = html.unescape(client.get("/").content.decode())
    assert "Mon parcours d'Ambassadeur du numérique" in home
