"""Ambassadeurs du numérique: what the programme's staff do in the app — cohorts and their
disciplines, adding an ambassador, the convention's signatories and commitments, the export
of the list — each role's rights, bad input, and constant queries."""

import csv
import datetime
import html
import io

import openpyxl
import pytest
from django.urls import reverse

from accounts.models import Role, Statut
from exports.models import Export
from programmes.models import (
    Ambassador,
    Cohort,
    CohortDiscipline,
    Commitment,
    ConventionSignatory,
    ProgrammeMembership,
)
from tests.factories import (
    AmbassadeursPartnerFactory,
    AmbassadorFactory,
    CohortFactory,
    ConventionFactory,
    EtablissementFactory,
    user_with_role,
)

SLUG = "ambassadeurs-paris"
DISCIPLINES = ["Documentation", "Espagnol", "Mathématiques", "Allemand"]


@pytest.fixture
def w(amb):
    """The `amb` world with the convention's partners and the cohort's disciplines."""
    amb.rectorat = AmbassadeursPartnerFactory(name="Académie de Paris", kind="academie")
    amb.mgen = AmbassadeursPartnerFactory(name="MGEN", kind="mutuelle")
    amb.ville = AmbassadeursPartnerFactory(name="Ville de Paris", kind="collectivite")
    amb.foreign_partner = AmbassadeursPartnerFactory(name="Canopé", kind="etat")
    amb.convention.partners.set([amb.rectorat, amb.mgen, amb.ville])
    for order, name in enumerate(DISCIPLINES):
        CohortDiscipline.objects.create(cohort=amb.cohort, name=name, order=order)
    amb.school = amb.thomas.etablissement
    amb.teacher.statut = Statut.TITULAIRE
    amb.teacher.save(update_fields=["statut"])
    return amb


def text_of(response):
    return html.unescape(response.content.decode())


def errors_text(response):
    form = response.context["form"]
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# --- cohorts ---------------------------------------------------------------------------------
def cohort_data(**overrides):
    return {
        "school_year": "2019-2020",
        "planned_first_degree": "50",
        "planned_second_degree": "12",
        "disciplines": "Anglais\nMathématiques\n",
        **overrides,
    }


def test_staff_create_next_year_cohort_with_its_disciplines(client, w):
    client.force_login(w.staff)
    url = reverse("programmes:amb_cohort_create", args=[SLUG, w.convention.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, cohort_data())
    cohort = Cohort.objects.get(school_year="2019-2020")
    assert response.status_code == 302
    assert response.url == reverse("programmes:amb_cohort", args=[SLUG, cohort.pk])
    assert (cohort.convention, cohort.planned_first_degree, cohort.planned_second_degree) == (
        w.convention,
        50,
        12,
    )
    assert list(cohort.disciplines.values_list("name", flat=True)) == ["Anglais", "Mathématiques"]
    assert cohort.history.get().history_user == w.staff


def test_convention_page_links_to_the_new_cohort_form(client, w):
    client.force_login(w.staff)
    response = client.get(reverse("programmes:amb_convention", args=[SLUG, w.convention.pk]))
    assert reverse("programmes:amb_cohort_create", args=[SLUG, w.convention.pk]) in text_of(
        response
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"school_year": "2018-2019"}, "La promotion 2018-2019 existe déjà"),
        ({"school_year": "2019-2021"}, "sous la forme 2019-2020"),
        ({"school_year": "2019"}, "sous la forme 2019-2020"),
        ({"school_year": ""}, "Indiquez l'année scolaire."),
        ({"planned_first_degree": "-1"}, "L'effectif ne peut pas être négatif."),
        ({"planned_second_degree": "dix"}, "Saisissez un nombre entier."),
        ({"disciplines": "Anglais\nanglais"}, "« anglais » est écrite deux fois"),
        ({"planned_second_degree": "0"}, "annoncez un effectif du second degré"),
    ],
)
def test_cohort_form_refuses_bad_input_and_saves_nothing(client, w, overrides, message):
    client.force_login(w.staff)
    url = reverse("programmes:amb_cohort_create", args=[SLUG, w.convention.pk])
    response = client.post(url, cohort_data(**overrides))
    assert response.status_code == 400
    assert message in errors_text(response)
    assert Cohort.objects.filter(convention=w.convention).count() == 1
    assert CohortDiscipline.objects.count() == len(DISCIPLINES)


def test_staff_edit_cohort_counts_and_add_and_remove_disciplines(client, w):
    client.force_login(w.staff)
    url = reverse("programmes:amb_cohort_edit", args=[SLUG, w.cohort.pk])
    form = client.get(url).context["form"]
    assert form.initial["disciplines"] == "\n".join(DISCIPLINES)
    response = client.post(
        url,
        cohort_data(
            school_year="2018-2019",
            planned_first_degree="48",
            planned_second_degree="11",
            disciplines="Documentation\nMathématiques\nAllemand\nPhysique-chimie",
        ),
    )
    assert response.status_code == 302
    w.cohort.refresh_from_db()
    assert w.cohort.planned_second_degree == 11
    assert list(w.cohort.disciplines.values_list("name", flat=True)) == [
        "Documentation",
        "Mathématiques",
        "Allemand",
        "Physique-chimie",
    ]
    assert w.cohort.history.first().history_user == w.staff
    page = client.get(reverse("programmes:amb_cohort", args=[SLUG, w.cohort.pk]))
    assert "Physique-chimie" in text_of(page)
    assert "Espagnol" not in text_of(page)


def test_cohort_edit_keeps_a_discipline_an_ambassador_teaches(client, w):
    AmbassadorFactory(cohort=w.cohort, second_degree=True, discipline="Espagnol")
    client.force_login(w.staff)
    url = reverse("programmes:amb_cohort_edit", args=[SLUG, w.cohort.pk])
    response = client.post(
        url,
        cohort_data(school_year="2018-2019", planned_second_degree="15", disciplines="Allemand"),
    )
    assert response.status_code == 400
    assert "enseignent encore : Espagnol" in errors_text(response)
    w.cohort.refresh_from_db()
    assert w.cohort.planned_second_degree == 10  # nothing saved
    assert list(w.cohort.disciplines.values_list("name", flat=True)) == DISCIPLINES


# --- adding an ambassador --------------------------------------------------------------------
def add_url(w):
    return reverse("programmes:amb_ambassador_add", args=[SLUG, w.cohort.pk])


def add_data(w, **overrides):
    return {
        "email": w.teacher.email.upper(),
        "degree": "second",
        "discipline": "Espagnol",
        "uai": w.school.uai.lower(),
        "class_name": "4e B",
        **overrides,
    }


def test_staff_add_a_teacher_of_the_academie_as_ambassador(client, w):
    client.force_login(w.staff)
    assert client.get(add_url(w)).status_code == 200
    response = client.post(add_url(w), add_data(w))
    assert response.status_code == 302
    assert response.url == reverse("programmes:amb_cohort", args=[SLUG, w.cohort.pk])
    record = Ambassador.objects.get(user=w.teacher)
    assert (record.cohort, record.degree, record.discipline, record.etablissement) == (
        w.cohort,
        "second",
        "Espagnol",
        w.school,
    )
    assert record.class_name == "4e B"
    assert record.history.get().history_user == w.staff
    w.teacher.refresh_from_db()
    assert w.teacher.statut == Statut.STAGIAIRE


def test_first_degree_ambassador_has_no_discipline(client, w):
    client.force_login(w.staff)
    response = client.post(add_url(w), add_data(w, degree="premier", discipline=""))
    assert response.status_code == 302
    assert Ambassador.objects.get(user=w.teacher).discipline == ""


def refusal_cases():
    return [
        ("creteil_teacher", {}, "Aucun compte d'enseignant de l'académie"),
        ("unknown", {"email": "personne@ac-paris.fr"}, "Aucun compte d'enseignant de l'académie"),
        ("staff_no_teacher", {}, "Aucun compte d'enseignant de l'académie"),
        ("already", {}, "est déjà Ambassadeur de la promotion 2018-2019"),
        ("teacher", {"discipline": "Histoire-géographie"}, "pas parmi celles de la promotion"),
        ("teacher", {"degree": "premier"}, "ne s'indique que pour le second degré"),
        ("teacher", {"discipline": ""}, "Choisissez la discipline enseignée."),
        ("teacher", {"uai": "other_school"}, "n'enseigne pas dans cet établissement"),
        ("teacher", {"uai": ""}, "Indiquez l'UAI"),
        ("teacher", {"degree": "troisieme"}, "Choisissez le premier ou le second degré."),
        ("teacher", {"email": "pas-une-adresse"}, "Saisissez une adresse électronique valide."),
    ]


@pytest.mark.parametrize(("who", "overrides", "message"), refusal_cases())
def test_adding_an_ambassador_refuses_with_a_french_message(client, w, who, overrides, message):
    if who == "creteil_teacher":
        person = user_with_role(Role.ENSEIGNANT, etablissement=w.creteil_ambassador.etablissement)
        overrides = {"email": person.email, "uai": person.memberships[0].etablissement.uai}
    elif who == "staff_no_teacher":
        overrides = {"email": w.other_programme_staff.email}
    elif who == "already":
        overrides = {"email": w.thomas.user.email, "degree": "premier", "discipline": ""}
    if overrides.get("uai") == "other_school":  # a school of Paris where they do not teach
        overrides = {**overrides, "uai": EtablissementFactory(academie=w.academie).uai}
    client.force_login(w.staff)
    before = Ambassador.objects.count()
    response = client.post(add_url(w), add_data(w, **overrides))
    assert response.status_code == 400
    assert message in errors_text(response)
    assert Ambassador.objects.count() == before
    w.teacher.refresh_from_db()
    assert w.teacher.statut == Statut.TITULAIRE


def test_another_academie_s_teacher_is_told_no_such_account(client, w):
    """The message says nothing of an account elsewhere: the same as for an unknown address."""
    person = user_with_role(Role.ENSEIGNANT, etablissement=w.creteil_ambassador.etablissement)
    client.force_login(w.staff)
    elsewhere = client.post(add_url(w), add_data(w, email=person.email))
    nobody = client.post(add_url(w), add_data(w, email="personne@ac-paris.fr"))
    assert errors_text(elsewhere) == errors_text(nobody)


def test_a_teacher_whose_role_ended_cannot_be_added(client, w):
    w.teacher.role_memberships.update(
        started_on=datetime.date(2017, 9, 1), ended_on=datetime.date(2018, 12, 31)
    )
    client.force_login(w.staff)
    response = client.post(add_url(w), add_data(w))
    assert response.status_code == 400
    assert not Ambassador.objects.filter(user=w.teacher).exists()


def test_add_ambassador_sent_twice_is_saved_once(client, w):
    client.force_login(w.staff)
    data = add_data(w, submission_token="0b5d8a3e-4a8c-4c5e-9a0f-2f6e1c7d9b11")
    first = client.post(add_url(w), data)
    second = client.post(add_url(w), data)
    assert Ambassador.objects.filter(user=w.teacher).count() == 1
    assert second.status_code == 302
    assert second.url == first.url


# --- signatories ----------------------------------------------------------------------------
def signatory_data(w, **overrides):
    return {
        "name": "Gilles Pécout",
        "function": "Recteur de la région académique Île-de-France",
        "partner": w.rectorat.pk,
        "order": "1",
        **overrides,
    }


def test_staff_add_edit_and_remove_a_signatory_with_history(client, w):
    client.force_login(w.staff)
    create = reverse("programmes:amb_signatory_create", args=[SLUG, w.convention.pk])
    assert client.get(create).status_code == 200
    assert client.post(create, signatory_data(w)).status_code == 302
    signatory = ConventionSignatory.objects.get()
    edit = reverse("programmes:amb_signatory_edit", args=[SLUG, signatory.pk])
    response = client.post(edit, signatory_data(w, function="Recteur de l'académie de Paris"))
    assert response.status_code == 302
    signatory.refresh_from_db()
    assert signatory.function == "Recteur de l'académie de Paris"
    page = text_of(client.get(reverse("programmes:amb_convention", args=[SLUG, w.convention.pk])))
    assert "Gilles Pécout</strong>, Recteur de l'académie de Paris (Académie de Paris)" in page
    response = client.post(reverse("programmes:amb_signatory_delete", args=[SLUG, signatory.pk]))
    assert response.status_code == 302
    assert not ConventionSignatory.objects.exists()
    history = ConventionSignatory.history.filter(convention_id=w.convention.pk)
    assert [h.history_type for h in history.order_by("history_date")] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {w.staff}
    page = client.get(reverse("programmes:amb_convention", args=[SLUG, w.convention.pk]))
    lines = [
        line for line in text_of(page).splitlines() if 'data-testid="signatory-history"' in line
    ]
    assert len(lines) == 3
    assert "retrait (par Claire Vannier)" in lines[0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Indiquez le nom du signataire."),
        ({"function": ""}, "Indiquez la fonction du signataire."),
        ({"partner": ""}, "Choisissez le partenaire pour lequel la personne signe."),
        ({"partner": "foreign"}, "Choisissez un partenaire de la convention."),
        ({"name": "anne hidalgo"}, "est déjà signataire de cette convention"),
        ({"order": "premier"}, "Saisissez un nombre entier."),
    ],
)
def test_signatory_form_refuses_bad_input(client, w, overrides, message):
    ConventionSignatory.objects.create(
        convention=w.convention, name="Anne Hidalgo", function="Maire de Paris", partner=w.ville
    )
    if overrides.get("partner") == "foreign":
        overrides["partner"] = w.foreign_partner.pk
    client.force_login(w.staff)
    url = reverse("programmes:amb_signatory_create", args=[SLUG, w.convention.pk])
    response = client.post(url, signatory_data(w, **overrides))
    assert response.status_code == 400
    assert message in errors_text(response)
    assert ConventionSignatory.objects.count() == 1


# --- commitments ----------------------------------------------------------------------------
def test_staff_add_edit_and_remove_a_commitment(client, w):
    Commitment.objects.create(convention=w.convention, order=3, label="Former les stagiaires")
    client.force_login(w.staff)
    create = reverse("programmes:amb_commitment_create", args=[SLUG, w.convention.pk])
    assert client.get(create).status_code == 200
    label = "Doter chaque Ambassadeur d'un équipement individuel"
    response = client.post(create, {"label": label, "carriers": [w.mgen.pk]})
    assert response.status_code == 302
    commitment = Commitment.objects.get(label=label)
    assert commitment.order == 4  # after the last one
    assert list(commitment.carriers.all()) == [w.mgen]
    edit = reverse("programmes:amb_commitment_edit", args=[SLUG, commitment.pk])
    response = client.post(edit, {"label": label, "carriers": [w.mgen.pk, w.ville.pk]})
    assert response.status_code == 302
    assert set(commitment.carriers.all()) == {w.mgen, w.ville}
    page = text_of(client.get(reverse("programmes:amb_convention", args=[SLUG, w.convention.pk])))
    assert label in page
    response = client.post(reverse("programmes:amb_commitment_delete", args=[SLUG, commitment.pk]))
    assert response.status_code == 302
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    history = Commitment.history.filter(id=commitment.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {w.staff}
    page = text_of(client.get(reverse("programmes:amb_convention", args=[SLUG, w.convention.pk])))
    assert f"{label}\u00a0: retiré" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"label": "", "carriers": ["mgen"]}, "Indiquez l'engagement."),
        ({"label": "Former", "carriers": []}, "Choisissez au moins un partenaire"),
        (
            {"label": "Former", "carriers": ["foreign"]},
            "Choisissez des partenaires de la convention.",
        ),
    ],
)
def test_commitment_form_refuses_bad_input(client, w, data, message):
    partners = {"mgen": w.mgen.pk, "foreign": w.foreign_partner.pk}
    data = {**data, "carriers": [partners[name] for name in data["carriers"]]}
    client.force_login(w.staff)
    url = reverse("programmes:amb_commitment_create", args=[SLUG, w.convention.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in errors_text(response)
    assert not Commitment.objects.exists()


# --- who may: staff only; anyone else a 404 -------------------------------------------------
def staff_urls(w):
    signatory = ConventionSignatory.objects.create(
        convention=w.convention, name="Anne Hidalgo", function="Maire de Paris", partner=w.ville
    )
    commitment = Commitment.objects.create(convention=w.convention, order=1, label="Former")
    return {
        "cohort_create": reverse("programmes:amb_cohort_create", args=[SLUG, w.convention.pk]),
        "cohort_edit": reverse("programmes:amb_cohort_edit", args=[SLUG, w.cohort.pk]),
        "ambassador_add": add_url(w),
        "signatory_create": reverse(
            "programmes:amb_signatory_create", args=[SLUG, w.convention.pk]
        ),
        "signatory_edit": reverse("programmes:amb_signatory_edit", args=[SLUG, signatory.pk]),
        "commitment_create": reverse(
            "programmes:amb_commitment_create", args=[SLUG, w.convention.pk]
        ),
        "commitment_edit": reverse("programmes:amb_commitment_edit", args=[SLUG, commitment.pk]),
        "export": reverse("programmes:amb_export", args=[SLUG, "csv"]),
    }, {
        "signatory_delete": reverse("programmes:amb_signatory_delete", args=[SLUG, signatory.pk]),
        "commitment_delete": reverse(
            "programmes:amb_commitment_delete", args=[SLUG, commitment.pk]
        ),
    }


def person(w, who):
    return w.thomas.user if who == "ambassador" else getattr(w, who)


@pytest.mark.parametrize(
    "who", ["other_programme_staff", "creteil_staff", "ambassador", "teacher", "accompanist"]
)
def test_staff_pages_are_404_for_anyone_else(client, w, who):
    pages, deletes = staff_urls(w)
    client.force_login(person(w, who))
    for name, url in pages.items():
        assert client.get(url).status_code == 404, name
        if name != "export":  # a GET-only page: 405 for a POST, whoever sends it
            assert client.post(url, {}).status_code == 404, name
    for name, url in deletes.items():
        assert client.get(url).status_code == 404, name
        assert client.post(url).status_code == 404, name
    assert ConventionSignatory.objects.count() == 1
    assert Commitment.objects.count() == 1


def test_staff_pages_open_for_the_staff(client, w):
    pages, deletes = staff_urls(w)
    client.force_login(w.staff)
    for name, url in {**pages, **deletes}.items():
        assert client.get(url).status_code == 200, name


def test_removal_asks_first_and_removes_nothing_on_a_get(client, w):
    _pages, deletes = staff_urls(w)
    client.force_login(w.staff)
    page = text_of(client.get(deletes["signatory_delete"]))
    assert "Retirer Anne Hidalgo, Maire de Paris, des signataires de la convention\u00a0?" in page
    page = text_of(client.get(deletes["commitment_delete"]))
    assert "Retirer l'engagement «\u00a0Former\u00a0» de la convention\u00a0?" in page
    assert ConventionSignatory.objects.count() == 1
    assert Commitment.objects.count() == 1


def test_a_former_staff_member_gets_404(client, w):
    ProgrammeMembership.objects.filter(user=w.staff).update(ended_on=datetime.date(2019, 1, 1))
    pages, _deletes = staff_urls(w)
    client.force_login(w.staff)
    assert client.get(pages["ambassador_add"]).status_code == 404


def test_another_academie_s_records_are_404_for_the_staff(client, w):
    creteil_cohort = w.creteil_ambassador.cohort
    client.force_login(w.staff)
    for url in (
        reverse("programmes:amb_cohort_edit", args=[SLUG, creteil_cohort.pk]),
        reverse("programmes:amb_ambassador_add", args=[SLUG, creteil_cohort.pk]),
        reverse("programmes:amb_cohort_create", args=[SLUG, creteil_cohort.convention_id]),
    ):
        assert client.get(url).status_code == 404


def test_links_to_the_new_pages_are_on_the_staff_pages(client, w):
    client.force_login(w.staff)
    cohort = text_of(client.get(reverse("programmes:amb_cohort", args=[SLUG, w.cohort.pk])))
    assert add_url(w) in cohort
    assert reverse("programmes:amb_cohort_edit", args=[SLUG, w.cohort.pk]) in cohort
    convention = text_of(
        client.get(reverse("programmes:amb_convention", args=[SLUG, w.convention.pk]))
    )
    assert reverse("programmes:amb_signatory_create", args=[SLUG, w.convention.pk]) in convention
    assert reverse("programmes:amb_commitment_create", args=[SLUG, w.convention.pk]) in convention
    listing = text_of(client.get(reverse("programmes:amb_list", args=[SLUG]), {"degre": "premier"}))
    assert reverse("programmes:amb_export", args=[SLUG, "xlsx"]) + "?degre=premier" in listing


# --- the export of the list -----------------------------------------------------------------
def csv_rows(response):
    text = b"".join(
        response.streaming_content if response.streaming else [response.content]
    ).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_export_csv_lists_the_programme_s_ambassadors(client, w):
    w.thomas.tenure_on = datetime.date(2019, 9, 1)
    w.thomas.save()
    client.force_login(w.staff)
    response = client.get(reverse("programmes:amb_export", args=[SLUG, "csv"]))
    assert response.status_code == 200
    assert "ambassadeurs-ambassadeurs-paris-20190110.csv" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header[:3] == ["Ambassadeur", "Adresse électronique", "Promotion"]
    assert [row[0] for row in rows] == ["Léa Martin", "Thomas Moreau"]  # not Créteil's
    thomas = rows[1]
    assert thomas[2:4] == ["2018-2019", "Premier degré"]
    assert thomas[6] == w.thomas.etablissement.uai
    assert thomas[8] == "Hélène Marchand"
    assert thomas[10] == "31/08/2021"


def test_export_xlsx_keeps_the_list_s_filters(client, w):
    AmbassadorFactory(cohort=w.cohort, second_degree=True, user__full_name="Zoé Petit")
    client.force_login(w.staff)
    response = client.get(
        reverse("programmes:amb_export", args=[SLUG, "xlsx"]), {"degre": "second"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Zoé Petit"]
    assert rows[1][4] == "Mathématiques"


def test_export_of_an_unknown_format_is_404(client, w):
    client.force_login(w.staff)
    assert client.get(reverse("programmes:amb_export", args=[SLUG, "pdf"])).status_code == 404


def test_export_beyond_the_sync_limit_is_made_in_the_background(
    client, w, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(w.staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("programmes:amb_export", args=[SLUG, "csv"]))
    export = Export.objects.get()
    assert response.status_code == 302
    assert export.status == Export.Status.DONE
    with export.file.open("rb") as stored:
        text = stored.read().decode("utf-8-sig")
    assert "Thomas Moreau" in text
    assert "Inès Robert" not in text


def test_export_fails_when_the_owner_is_no_longer_staff(client, w, settings, tmp_path):
    from exports.services import produce

    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_SYNC_MAX_ROWS = 1
    client.force_login(w.staff)
    client.get(reverse("programmes:amb_export", args=[SLUG, "csv"]))  # no commit: not run yet
    ProgrammeMembership.objects.filter(user=w.staff).update(ended_on=datetime.date(2019, 1, 1))
    export = Export.objects.get()
    produce(export=export)
    export.refresh_from_db()
    assert export.status == Export.Status.FAILED
    assert not export.file


# --- constant queries -----------------------------------------------------------------------
@pytest.mark.parametrize("count", [1, 30])
def test_export_queries_do_not_grow_with_the_rows(client, w, django_assert_num_queries, count):
    AmbassadorFactory.create_batch(count, cohort=w.cohort)
    client.force_login(w.staff)
    url = reverse("programmes:amb_export", args=[SLUG, "xlsx"])
    client.get(url)  # the session and the user, loaded once
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 12])
def test_convention_page_queries_do_not_grow_with_signatories_and_commitments(
    client, w, django_assert_num_queries, count
):
    for n in range(count):
        signatory = ConventionSignatory.objects.create(
            convention=w.convention, name=f"Signataire {n}", function="Directeur", partner=w.mgen
        )
        signatory.function = "Directrice"
        signatory.save()
        commitment = Commitment.objects.create(convention=w.convention, order=n, label=f"E{n}")
        commitment.carriers.set([w.mgen, w.ville])
    client.force_login(w.staff)
    url = reverse("programmes:amb_convention", args=[SLUG, w.convention.pk])
    with django_assert_num_queries(14):
        response = client.get(url)
    assert len(response.context["signatory_history"]) == min(2 * count, 15)


@pytest.mark.parametrize("count", [1, 10])
def test_cohort_form_queries_do_not_grow_with_the_disciplines(
    client, w, django_assert_num_queries, count
):
    cohort = CohortFactory(convention=ConventionFactory(programme=w.programme, period="2019-2020"))
    for n in range(count):
        CohortDiscipline.objects.create(cohort=cohort, name=f"Discipline {n}", order=n)
    client.force_login(w.staff)
    url = reverse("programmes:amb_cohort_edit", args=[SLUG, cohort.pk])
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
