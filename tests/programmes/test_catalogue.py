"""The programme catalogue (issue 10, point 1): public pages, the staff's edit with history,
the programme's people, « Mes programmes », and the demo."""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from programmes.models import Programme, ProgrammeContact, ProgrammeMembership, ProgrammeResource
from tests.factories import (
    AcademieFactory,
    ProgrammeContactFactory,
    ProgrammeFactory,
    ProgrammeMembershipFactory,
    ProgrammeResourceFactory,
    programme_staff,
    user_with_role,
)

NB = "\u00a0"


def page(client, url):
    response = client.get(url)
    return response, response.content.decode()


# --- public pages -------------------------------------------------------------------------------
def test_catalogue_logged_out_lists_each_academies_programmes(client, cat_programme, academie):
    ProgrammeFactory(
        academie=academie,
        kind="ant",
        slug="ant-creteil",
        title="Aides négociées de territoire (ANT)",
        period="2020-2021",
    )

    response, html = page(client, reverse("programmes:catalogue"))

    assert response.status_code == 200
    assert "Académie de Nancy-Metz" in html
    assert "Académie de Créteil" in html
    assert "Ateliers ambition-confiance" in html
    assert "Depuis septembre 2021" in html
    assert "Aides négociées de territoire (ANT)" in html
    assert html.index("Académie de Créteil") < html.index("Académie de Nancy-Metz")
    assert "Ouvert" in html


def test_programme_page_logged_out_shows_contacts_mailbox_and_video_link(client, cat_programme):
    response, html = page(client, reverse("programmes:detail", args=[cat_programme.slug]))

    assert response.status_code == 200
    assert 'href="mailto:ce.saio@ac-nancy-metz.fr"' in html
    assert "Lucie Antoine" in html and "lucie.antoine@ac-nancy-metz.fr" in html
    assert 'href="https://www.youtube.com/watch?v=NMgf1st2qmE"' in html
    assert "<iframe" not in html
    assert "Gérer le programme" not in html


def test_programme_page_of_an_unknown_slug_is_404(client, db):
    assert client.get(reverse("programmes:detail", args=["inconnu"])).status_code == 404


def test_programme_page_of_the_ant_links_to_the_ant_catalogue(client, academie):
    programme = ProgrammeFactory(academie=academie, kind="ant", slug="ant-creteil")

    _response, html = page(client, reverse("programmes:detail", args=[programme.slug]))

    assert f'href="{reverse("requests:catalogue")}"' in html


@pytest.mark.parametrize("kind", Programme.Kind.values)
def test_programme_page_of_every_kind_says_where_to_take_part(client, academie, kind):
    programme = ProgrammeFactory(academie=academie, kind=kind)

    response, html = page(client, reverse("programmes:detail", args=[programme.slug]))

    assert response.status_code == 200
    assert 'id="participer"' in html
    assert "Connexion nécessaire." in html


def test_ambition_confiance_page_leads_to_the_observation_request(client, cat_programme):
    _response, html = page(client, reverse("programmes:detail", args=[cat_programme.slug]))

    assert reverse("programmes:brigade_observe", args=[cat_programme.slug]) in html


def test_programme_page_shows_its_staff_the_way_to_manage_it(client, cat_programme, cat_staff):
    client.force_login(cat_staff)

    _response, html = page(client, reverse("programmes:detail", args=[cat_programme.slug]))

    assert reverse("programmes:manage", args=[cat_programme.slug]) in html


def test_document_resource_downloads_as_an_attachment(client, cat_programme, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    resource = ProgrammeResource(programme=cat_programme, title="Plaquette", kind="document")
    resource.file.save("plaquette.pdf", ContentFile(b"%PDF-1.4 plaquette"), save=True)

    _response, html = page(client, reverse("programmes:detail", args=[cat_programme.slug]))
    url = reverse("programmes:resource_download", args=[cat_programme.slug, resource.pk])
    response = client.get(url)

    assert url in html
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plaquette"


def test_resource_of_another_programme_is_not_downloaded_through_this_one(
    client, cat_programme, cat_other_programme
):
    resource = ProgrammeResourceFactory(programme=cat_other_programme)

    url = reverse("programmes:resource_download", args=[cat_programme.slug, resource.pk])

    assert client.get(url).status_code == 404


def fill_catalogue(count):
    """`count` académies with a programme of each kind."""
    for _index in range(count):
        academie = AcademieFactory()
        for kind in Programme.Kind.values:
            ProgrammeFactory(academie=academie, kind=kind)


@pytest.mark.parametrize("academies", [1, 10])
def test_catalogue_reads_one_query_whatever_the_programmes(
    client, db, django_assert_num_queries, academies
):
    fill_catalogue(academies)

    with django_assert_num_queries(1):
        response = client.get(reverse("programmes:catalogue"))

    assert response.content.decode().count('data-testid="programme"') == 4 * academies


@pytest.mark.parametrize("rows", [1, 10])
def test_programme_page_reads_a_fixed_number_of_queries(
    client, cat_programme, django_assert_num_queries, rows
):
    for _index in range(rows):
        ProgrammeContactFactory(programme=cat_programme)
        ProgrammeResourceFactory(programme=cat_programme)

    # The programme and its académie, its contacts, its resources.
    with django_assert_num_queries(3):
        response = client.get(reverse("programmes:detail", args=[cat_programme.slug]))

    assert response.status_code == 200


# --- who may manage a programme -----------------------------------------------------------------
STAFF_PAGES = ["programmes:manage", "programmes:edit", "programmes:grant"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_open_to_the_programmes_staff(client, cat_programme, cat_staff, name):
    client.force_login(cat_staff)

    assert client.get(reverse(name, args=[cat_programme.slug])).status_code == 200


@pytest.mark.parametrize("name", STAFF_PAGES)
@pytest.mark.parametrize(
    "who", ["other_programme_staff", "other_academie_staff", "teacher", "saio"]
)
def test_staff_pages_are_404_for_anyone_else(client, cat_programme, cat_other_programme, who, name):
    if who == "other_programme_staff":
        user = programme_staff(cat_other_programme, Role.SAIO)
    elif who == "other_academie_staff":
        elsewhere = ProgrammeFactory(academie=AcademieFactory(), kind="ambition_confiance")
        user = programme_staff(elsewhere, Role.SAIO)
    elif who == "teacher":
        user = user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie)
    else:  # the académie's SAIO without a place in the programme's team
        user = user_with_role(Role.SAIO, academie=cat_programme.academie)
    client.force_login(user)

    assert client.get(reverse(name, args=[cat_programme.slug])).status_code == 404


def test_staff_pages_send_a_logged_out_visitor_to_log_in(client, cat_programme):
    response = client.get(reverse("programmes:manage", args=[cat_programme.slug]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_ended_staff_membership_no_longer_opens_the_staff_pages(client, cat_programme):
    user = user_with_role(Role.SAIO, academie=cat_programme.academie)
    ProgrammeMembershipFactory(
        programme=cat_programme,
        user=user,
        started_on=datetime.date(2021, 9, 1),
        ended_on=datetime.date(2022, 8, 31),
    )
    client.force_login(user)

    assert client.get(reverse("programmes:edit", args=[cat_programme.slug])).status_code == 404


# --- the edit, with history -------------------------------------------------------------------
def edit_data(programme, **changes):
    """The edit page's post for `programme` as it stands, with `changes` (field: value)."""
    data = {
        "title": programme.title,
        "summary": programme.summary,
        "presentation": programme.presentation,
        "period": programme.period,
        "started_on": programme.started_on.isoformat() if programme.started_on else "",
        "ended_on": programme.ended_on.isoformat() if programme.ended_on else "",
        "status": programme.status,
        "service_mailbox": programme.service_mailbox,
    }
    contacts = list(programme.contacts.order_by("order", "name"))
    data.update(
        {
            "contacts-TOTAL_FORMS": str(len(contacts) + 1),
            "contacts-INITIAL_FORMS": str(len(contacts)),
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
        }
    )
    for index, contact in enumerate(contacts):
        data.update(
            {
                f"contacts-{index}-id": str(contact.pk),
                f"contacts-{index}-programme": str(programme.pk),
                f"contacts-{index}-name": contact.name,
                f"contacts-{index}-function": contact.function,
                f"contacts-{index}-email": contact.email,
                f"contacts-{index}-phone": contact.phone,
                f"contacts-{index}-order": str(contact.order),
            }
        )
    resources = list(programme.resources.order_by("order", "title"))
    data.update(
        {
            "ressources-TOTAL_FORMS": str(len(resources) + 1),
            "ressources-INITIAL_FORMS": str(len(resources)),
            "ressources-MIN_NUM_FORMS": "0",
            "ressources-MAX_NUM_FORMS": "1000",
        }
    )
    for index, resource in enumerate(resources):
        data.update(
            {
                f"ressources-{index}-id": str(resource.pk),
                f"ressources-{index}-programme": str(programme.pk),
                f"ressources-{index}-title": resource.title,
                f"ressources-{index}-kind": resource.kind,
                f"ressources-{index}-url": resource.url,
                f"ressources-{index}-description": resource.description,
                f"ressources-{index}-order": str(resource.order),
            }
        )
    # The empty forms a browser sends: their initial order, nothing else.
    data[f"contacts-{len(contacts)}-order"] = "0"
    data[f"ressources-{len(resources)}-order"] = "0"
    data.update(changes)
    return data


def snapshot(programme):
    programme.refresh_from_db()
    return (
        [getattr(programme, f) for f in ("title", "period", "started_on", "ended_on", "status")],
        list(programme.contacts.order_by("pk").values_list("name", "email", "phone")),
        list(programme.resources.order_by("pk").values_list("title", "url")),
        Programme.history.count(),
        ProgrammeContact.history.count(),
    )


def test_staff_edit_saves_the_programme_and_a_new_contact_with_their_history(
    client, cat_programme, cat_staff
):
    client.force_login(cat_staff)
    data = edit_data(
        cat_programme,
        period="Depuis septembre 2021",
        status="clos",
        **{
            "contacts-2-name": "Patricia Bourgeois",
            "contacts-2-function": "Chargée de mission",
            "contacts-2-phone": "01.57.02.67.89",
            "contacts-2-order": "3",
        },
    )
    data["presentation"] = "La brigade grandit.\nElle compte 15 animateurs."

    response = client.post(reverse("programmes:edit", args=[cat_programme.slug]), data)

    assert response.status_code == 302
    cat_programme.refresh_from_db()
    assert cat_programme.status == "clos"
    assert cat_programme.contacts.filter(name="Patricia Bourgeois", phone="01.57.02.67.89").exists()
    last = cat_programme.history.latest()
    assert last.history_user == cat_staff
    assert last.history_type == "~"
    _response, html = page(client, reverse("programmes:manage", args=[cat_programme.slug]))
    assert "par Lucie Antoine" in html
    assert 'data-field="status"' in html and "Clos" in html
    assert "Elle compte 15 animateurs." in html
    assert f"Création (contact «{NB}Patricia Bourgeois{NB}»)" in html


def test_staff_edit_without_a_change_writes_no_history_row(client, cat_programme, cat_staff):
    client.force_login(cat_staff)
    before = snapshot(cat_programme)

    response = client.post(
        reverse("programmes:edit", args=[cat_programme.slug]), edit_data(cat_programme)
    )

    assert response.status_code == 302
    assert snapshot(cat_programme) == before


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"started_on": "2022-09-01", "ended_on": "2021-09-01", "contacts-2-name": "Nouveau",
             "contacts-2-function": "Service", "contacts-2-email": "nouveau@ac-test.fr"},
            "La date de fin ne peut pas précéder la date de début.",
        ),
        (
            {"title": "Nouveau titre", "contacts-0-email": "pas-une-adresse"},
            "Saisissez une adresse électronique valide.",
        ),
        (
            {"title": "Nouveau titre", "contacts-1-phone": "12345"},
            "Indiquez un numéro à dix chiffres, par exemple 01.57.02.67.89.",
        ),
        (
            {"title": "Nouveau titre", "contacts-0-email": "", "contacts-0-phone": ""},
            "Indiquez au moins une adresse électronique ou un numéro de téléphone.",
        ),
        (
            {"title": "Nouveau titre", "ressources-1-title": "Plaquette",
             "ressources-1-kind": "document"},
            "Indiquez l&#x27;adresse de la ressource ou joignez un fichier.",
        ),
        ({"title": "", "period": "2022-2023"}, "Indiquez le titre du programme."),
    ],
)  # fmt: skip
def test_staff_edit_with_bad_input_saves_nothing_and_says_why(
    client, cat_programme, cat_staff, changes, message
):
    client.force_login(cat_staff)
    before = snapshot(cat_programme)

    response = client.post(
        reverse("programmes:edit", args=[cat_programme.slug]), edit_data(cat_programme, **changes)
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Rien n'a été enregistré" in html
    assert snapshot(cat_programme) == before


def test_staff_edit_turns_a_pasted_video_player_address_into_the_videos_page(
    client, cat_programme, cat_staff
):
    client.force_login(cat_staff)
    data = edit_data(
        cat_programme,
        **{
            "ressources-1-title": "La vidéo",
            "ressources-1-kind": "video",
            "ressources-1-url": "https://www.youtube.com/embed/NMgf1st2qmE",
            "ressources-1-order": "2",
        },
    )

    client.post(reverse("programmes:edit", args=[cat_programme.slug]), data)

    assert cat_programme.resources.get(title="La vidéo").url == (
        "https://www.youtube.com/watch?v=NMgf1st2qmE"
    )


def test_staff_edit_by_another_programmes_staff_is_404_and_changes_nothing(
    client, cat_programme, cat_other_programme
):
    client.force_login(programme_staff(cat_other_programme, Role.SAIO))
    before = snapshot(cat_programme)

    response = client.post(
        reverse("programmes:edit", args=[cat_programme.slug]),
        edit_data(cat_programme, title="Piraté"),
    )

    assert response.status_code == 404
    assert snapshot(cat_programme) == before


def test_staff_edit_removes_a_contact_and_the_history_says_so(client, cat_programme, cat_staff):
    client.force_login(cat_staff)
    data = edit_data(cat_programme, **{"contacts-0-DELETE": "on"})

    client.post(reverse("programmes:edit", args=[cat_programme.slug]), data)

    assert list(cat_programme.contacts.values_list("name", flat=True)) == ["Lucie Antoine"]
    _response, html = page(client, reverse("programmes:manage", args=[cat_programme.slug]))
    assert f"Suppression (contact «{NB}SAIO{NB}»)" in html


@pytest.mark.parametrize("changes", [1, 8])
def test_manage_page_reads_a_fixed_number_of_queries(
    client, cat_programme, cat_staff, django_assert_num_queries, changes
):
    for index in range(changes):
        ProgrammeMembershipFactory(
            programme=cat_programme,
            user=user_with_role(Role.FORMATEUR, academie=cat_programme.academie),
            function="animateur",
        )
        cat_programme.period = f"Période {index}"
        cat_programme.save()
        ProgrammeContactFactory(programme=cat_programme)
    client.force_login(cat_staff)

    # Session, user, roles (menu), unread count; the programme; its memberships; the history
    # of the programme, of its contacts, of its resources, of its memberships.
    with django_assert_num_queries(10):
        response = client.get(reverse("programmes:manage", args=[cat_programme.slug]))

    assert response.status_code == 200


# --- the programme's people --------------------------------------------------------------------
def grant(client, programme, **data):
    return client.post(reverse("programmes:grant", args=[programme.slug]), data)


def test_staff_grant_a_function_to_a_person_of_the_academie(client, cat_programme, cat_staff):
    animateur = user_with_role(
        Role.ENSEIGNANT, academie=cat_programme.academie, full_name="Élise Girard"
    )
    client.force_login(cat_staff)

    response = grant(
        client,
        cat_programme,
        email=animateur.email.upper(),
        function="animateur",
        started_on="2022-01-10",
    )

    assert response.status_code == 302
    membership = cat_programme.memberships.get(user=animateur)
    assert (membership.function, membership.started_on) == ("animateur", datetime.date(2022, 1, 10))
    assert membership.history.get().history_user == cat_staff


@pytest.mark.parametrize(
    "case, message",
    [
        ("other_academie", "Aucun compte actif de l&#x27;académie de Nancy-Metz"),
        ("unknown", "Aucun compte actif de l&#x27;académie de Nancy-Metz"),
        ("duplicate", "exerce déjà la fonction"),
        ("no_function", "Choisissez la fonction."),
        ("bad_date", "Indiquez une date valide"),
    ],
)
def test_staff_grant_with_bad_input_says_why_and_adds_nobody(
    client, cat_programme, cat_staff, case, message
):
    person = user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie)
    data = {"email": person.email, "function": "animateur", "started_on": "2022-01-10"}
    if case == "other_academie":
        data["email"] = user_with_role(Role.ENSEIGNANT, academie=AcademieFactory()).email
    elif case == "unknown":
        data["email"] = "personne@ac-test.fr"
    elif case == "duplicate":
        ProgrammeMembershipFactory(programme=cat_programme, user=person, function="animateur")
    elif case == "no_function":
        data["function"] = ""
    else:
        data["started_on"] = "31/02/2022"
    count = ProgrammeMembership.objects.count()
    client.force_login(cat_staff)

    response = grant(client, cat_programme, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ProgrammeMembership.objects.count() == count


def test_staff_grant_again_after_the_end_of_the_same_function(client, cat_programme, cat_staff):
    person = user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie)
    ProgrammeMembershipFactory(
        programme=cat_programme,
        user=person,
        function="animateur",
        started_on=datetime.date(2021, 9, 1),
        ended_on=datetime.date(2022, 6, 30),
    )
    client.force_login(cat_staff)

    response = grant(
        client, cat_programme, email=person.email, function="animateur", started_on="2022-09-01"
    )

    assert response.status_code == 302
    assert cat_programme.memberships.filter(user=person).count() == 2


def end_url(programme, membership):
    return reverse("programmes:end_membership", args=[programme.slug, membership.pk])


def test_staff_end_a_function_which_is_kept_with_its_end_date(client, cat_programme, cat_staff):
    membership = ProgrammeMembershipFactory(
        programme=cat_programme,
        user=user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie),
        function="animateur",
    )
    client.force_login(cat_staff)

    response = client.post(end_url(cat_programme, membership), {"ended_on": "2022-06-30"})

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2022, 6, 30)
    _response, html = page(client, reverse("programmes:manage", args=[cat_programme.slug]))
    assert 'id="fonctions-terminees"' in html and "30 juin 2022" in html
    assert f"Modification (fonction de «{NB}{membership.user.full_name}{NB}»)" in html


@pytest.mark.parametrize(
    "case, message",
    [
        ("before_start", "La fin ne peut pas précéder le début, le 1er septembre 2021."),
        ("own", "Vous ne pouvez pas mettre fin à votre propre place"),
        ("already_ended", "Cette fonction a déjà pris fin le 30 juin 2022."),
        ("empty", "Indiquez la date de fin."),
    ],
)
def test_staff_end_with_bad_input_says_why_and_changes_nothing(
    client, cat_programme, cat_staff, case, message
):
    membership = ProgrammeMembershipFactory(
        programme=cat_programme,
        user=user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie),
        function="animateur",
        started_on=datetime.date(2021, 9, 1),
    )
    day = "2022-06-30"
    if case == "before_start":
        day = "2021-08-31"
    elif case == "own":
        membership = cat_staff.programme_memberships.get()
    elif case == "already_ended":
        membership.ended_on = datetime.date(2022, 6, 30)
        membership.save()
        day = "2022-07-14"
    else:
        day = ""
    before = membership.ended_on
    client.force_login(cat_staff)

    response = client.post(end_url(cat_programme, membership), {"ended_on": day})

    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    membership.refresh_from_db()
    assert membership.ended_on == before


def test_end_of_another_programmes_membership_is_404(
    client, cat_programme, cat_staff, cat_other_programme
):
    membership = ProgrammeMembershipFactory(programme=cat_other_programme, function="animateur")
    client.force_login(cat_staff)

    response = client.post(end_url(cat_programme, membership), {"ended_on": "2022-06-30"})

    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.ended_on is None


def test_staff_edit_posted_twice_adds_the_new_contact_once(client, cat_programme, cat_staff):
    client.force_login(cat_staff)
    data = edit_data(
        cat_programme,
        submission_token="3f2c6a8e-7d43-4d8e-9a4b-2b1f0c9d5e61",
        **{
            "contacts-2-name": "Patricia Bourgeois",
            "contacts-2-function": "Chargée de mission",
            "contacts-2-email": "patricia.bourgeois@ac-creteil.fr",
            "contacts-2-order": "3",
        },
    )
    url = reverse("programmes:edit", args=[cat_programme.slug])

    first = client.post(url, data)
    second = client.post(url, data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("programmes:manage", args=[cat_programme.slug])
    assert cat_programme.contacts.filter(name="Patricia Bourgeois").count() == 1


@pytest.mark.parametrize("who", ["other_programme_staff", "teacher", "animateur"])
def test_people_pages_refuse_anyone_but_the_staff_with_a_404_and_change_nothing(
    client, cat_programme, cat_other_programme, who
):
    membership = ProgrammeMembershipFactory(
        programme=cat_programme,
        user=user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie),
        function="animateur",
    )
    if who == "other_programme_staff":
        user = programme_staff(cat_other_programme, Role.SAIO)
    elif who == "teacher":
        user = user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie)
    else:  # a member of the programme, but not of its team
        user = membership.user
    newcomer = user_with_role(Role.ENSEIGNANT, academie=cat_programme.academie)
    count = ProgrammeMembership.objects.count()
    client.force_login(user)

    ended = client.post(end_url(cat_programme, membership), {"ended_on": "2022-06-30"})
    granted = grant(
        client, cat_programme, email=newcomer.email, function="staff", started_on="2022-01-10"
    )

    assert (ended.status_code, granted.status_code) == (404, 404)
    assert client.get(end_url(cat_programme, membership)).status_code == 404
    membership.refresh_from_db()
    assert membership.ended_on is None
    assert ProgrammeMembership.objects.count() == count


# --- « Mes programmes » ------------------------------------------------------------------------
def test_my_programmes_lists_the_users_programmes_and_functions(
    client, cat_programme, cat_other_programme, cat_staff
):
    ProgrammeMembershipFactory(programme=cat_other_programme, user=cat_staff, function="animateur")
    client.force_login(cat_staff)

    response, html = page(client, reverse("programmes:mine"))

    assert response.status_code == 200
    assert html.count('data-testid="my-programme"') == 2
    assert "Équipe du programme" in html and "Animateur ou animatrice" in html
    assert reverse("programmes:manage", args=[cat_programme.slug]) in html
    assert reverse("programmes:manage", args=[cat_other_programme.slug]) not in html
    menu = [entry["label"] for entry in response.context["main_menu"]]
    assert "Mes programmes" in menu


@pytest.mark.parametrize("count", [1, 8])
def test_my_programmes_reads_a_fixed_number_of_queries(
    client, cat_staff, django_assert_num_queries, count
):
    for _index in range(count):
        programme = ProgrammeFactory(academie=AcademieFactory())
        ProgrammeMembershipFactory(programme=programme, user=cat_staff, function="animateur")
    client.force_login(cat_staff)

    # Session, user, roles (menu), unread count; the memberships with their programmes.
    with django_assert_num_queries(5):
        response = client.get(reverse("programmes:mine"))

    assert response.content.decode().count('data-testid="my-programme"') == count + 1


def test_my_programmes_without_membership_says_so(client, nancy_metz):
    client.force_login(user_with_role(Role.ENSEIGNANT, academie=nancy_metz))

    _response, html = page(client, reverse("programmes:mine"))

    assert "Vous ne participez à aucun programme pour l'instant" in html


def test_dashboard_shows_the_staff_their_programmes(client, cat_programme, cat_staff):
    client.force_login(cat_staff)

    _response, html = page(client, reverse("home"))

    assert reverse("programmes:manage", args=[cat_programme.slug]) in html


def test_public_pages_are_linked_from_the_layout_when_logged_out(client, db):
    _response, html = page(client, reverse("login"))

    assert f'href="{reverse("programmes:catalogue")}"' in html


# --- the demo -----------------------------------------------------------------------------------
def test_demo_seed_gives_the_seeds_programmes_and_a_second_run_writes_nothing(db):
    from accounts.demo import seed_demo
    from programmes.demo import catalogue as demo

    for code, name in (("01", "Paris"), ("12", "Nancy-Metz"), ("24", "Créteil")):
        AcademieFactory(code=code, name=name)
    seed_demo(password="demo-test")
    demo.seed()
    models = (Programme, ProgrammeContact, ProgrammeResource, ProgrammeMembership)

    def counts():
        return [(m.objects.count(), m.history.count()) for m in models]

    first = counts()
    demo.seed()

    assert counts() == first
    ac = Programme.objects.get(academie__code="12", kind="ambition_confiance")
    assert ac.service_mailbox == "ce.saio@ac-nancy-metz.fr"
    assert ac.started_on == datetime.date(2021, 9, 1)
    assert set(ac.contacts.values_list("name", "email")) == {
        ("SAIO", "ce.saio@ac-nancy-metz.fr"),
        ("Lucie Antoine", "lucie.antoine@ac-nancy-metz.fr"),
    }
    assert ac.resources.get().url == "https://www.youtube.com/watch?v=NMgf1st2qmE"
    assert ac.memberships.get(function="staff").user.full_name == "Lucie Antoine"
    ant = Programme.objects.get(academie__code="24", kind="ant")
    assert ant.contacts.get().phone == "01.57.02.67.89"
    assert ant.memberships.get(function="staff").user.full_name == "Patricia Bourgeois"
    ambassadeurs = Programme.objects.get(academie__code="01", kind="ambassadeurs")
    assert ambassadeurs.period == "2018-2019"
    assert "48 professeurs stagiaires" in ambassadeurs.presentation
    assert not ambassadeurs.contacts.exists()
    assert Programme.objects.filter(academie__code="01", kind="magistere").exists()
