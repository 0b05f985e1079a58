"""The request page's object (`queries.get_request_for`): its collections read in one query by
requests/request_page.py must be the objects, the order and the values the ORM would give, and
must then be read without a query; the office-only collections only for the request's office."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.models import Corps, Etablissement, Role, RoleMembership, User
from requests import services, workflow
from requests.models import (
    AntRequest,
    Attachment,
    DiagnosticNote,
    StaffNote,
    State,
    TeamMember,
    ThreadMessage,
    TrainerAssignment,
    TransitionLog,
)
from requests.queries import get_request_for
from tests.factories import (
    CampaignFactory,
    DistrictFactory,
    EtablissementFactory,
    ReseauFactory,
    SubmissionWindowFactory,
    TrainerProfileFactory,
    ant_request,
    user_with_role,
)

# Inside the submission window; microseconds with a trailing zero, which PostgreSQL's JSON
# drops ("…00.12345+00:00") and the loader must read back as the same instant.
T0 = datetime.datetime(2020, 6, 20, 10, 0, 0, 123450, tzinfo=datetime.UTC)
# Text that JSON must carry unchanged: quotes, backslash, new line, emoji, JSON-like text.
TRICKY = 'Dire « l\'oral » : "oser" \\ parler\nligne 2 🎓 {"a": 1} null 123'


def at(**delta):
    return time_machine.travel(T0 + datetime.timedelta(**delta), tick=False)


# Fixtures ------------------------------------------------------------------------------------
@pytest.fixture
def campaign(academie):
    campaign = CampaignFactory(academie=academie)
    SubmissionWindowFactory(campaign=campaign)
    return campaign


@pytest.fixture
def colleague(school):
    return user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Karim Benali")


@pytest.fixture
def invitee(school):
    return user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Zoé D'Almeida", corps=Corps.PLP
    )


@pytest.fixture
def decliner(school):
    return user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Marc Refus")


@pytest.fixture
def other_teacher(other_school):
    return user_with_role(Role.ENSEIGNANT, etablissement=other_school, full_name="Ines Haddad")


def _trainer(academie, name):
    user = user_with_role(Role.FORMATEUR, academie=academie, full_name=name)
    TrainerProfileFactory(user=user, academie=academie)
    return user


@pytest.fixture
def trainer(academie):
    return _trainer(academie, "Sophie Lemaire")


@pytest.fixture
def second_trainer(academie):
    return _trainer(academie, "Yann Kerouac")


@pytest.fixture
def declined_trainer(academie):
    return _trainer(academie, "Nora Absente")


@pytest.fixture
def draft(campaign, teacher, colleague, school):
    with at():
        return ant_request(
            campaign=campaign, coordinator=teacher, school=school, members=[colleague]
        )


@pytest.fixture
def full(
    academie,
    campaign,
    school,
    other_school,
    teacher,
    colleague,
    invitee,
    decliner,
    head,
    dafor,
    trainer,
    second_trainer,
    declined_trainer,
):
    """A validated request with everything its page shows: three schools, a district and a
    réseau, a team (coordinator and colleague confirmed, one invited, one declined), three
    trainer assignments (accepted, proposed, declined), its timeline, attachments, thread,
    staff and diagnostic notes, a host school and the postponed request it carries over."""
    previous = CampaignFactory(academie=academie, school_year="2019-2020")
    with at(days=-300):
        old = ant_request(campaign=previous, coordinator=teacher, school=school, title="L'an passé")
    AntRequest.objects.filter(pk=old.pk).update(
        state=State.POSTPONED,
        priority=True,
        planned_hours=Decimal("20.0"),
        decided_at=T0 - datetime.timedelta(days=200),
    )
    district = DistrictFactory(academie=academie, name="District de Bobigny")
    reseau = ReseauFactory(academie=academie, name="Réseau REP+ Jean-Jaurès")
    with at():
        ant = ant_request(
            campaign=campaign,
            coordinator=teacher,
            school=school,
            members=[colleague],
            district=district,
            reseau=reseau,
            title=TRICKY,
        )
    ant.schools.add(other_school, EtablissementFactory(academie=academie, name="École Lamartine"))
    AntRequest.objects.filter(pk=ant.pk).update(carried_over_from=old)
    # Invited later than the coordinator, and a decline created last but invited first: the
    # team is in invitation order, not in creation order.
    TeamMember.objects.create(
        request=ant, user=invitee, status="invited", invited_at=T0 + datetime.timedelta(hours=1)
    )
    TeamMember.objects.create(
        request=ant,
        user=decliner,
        status="declined",
        invited_at=T0 - datetime.timedelta(days=1),
        answered_at=T0 - datetime.timedelta(hours=20),
    )
    with at(hours=1):
        workflow.perform(ant, "submit", by=teacher)
    with at(hours=2):
        workflow.perform(ant, "endorse", by=head)
    with at(hours=3):
        workflow.perform(ant, "start_review", by=dafor)
    with at(hours=4):
        gone = services.assign_trainer(request=ant, trainer=declined_trainer, by=dafor)
        services.answer_assignment(assignment=gone, accept=False, reason="Pas disponible.")
    with at(hours=5):  # two assignments at the same instant: in pk order
        accepted = services.assign_trainer(request=ant, trainer=trainer, by=dafor)
        services.assign_trainer(request=ant, trainer=second_trainer, by=dafor)
        services.answer_assignment(assignment=accepted, accept=True)
    with at(hours=6):
        services.post_message(request=ant, author=teacher, body=TRICKY)
        services.post_message(request=ant, author=dafor, body="Bien reçu.")
        services.add_staff_note(request=ant, author=dafor, body="Équipe déjà aidée en 2019.")
    with at(hours=7):
        services.add_staff_note(request=ant, author=dafor, body=TRICKY)
        workflow.perform(ant, "start_diagnostic", by=dafor)
        services.add_diagnostic_note(
            request=ant, author=dafor, meeting_on=datetime.date(2020, 9, 10), body="Seconde."
        )
        services.add_diagnostic_note(
            request=ant, author=dafor, meeting_on=datetime.date(2020, 9, 3), body=TRICKY
        )
    # Uploaded later but created first, then the other way round.
    Attachment.objects.create(
        request=ant,
        file="ant/x/compte-rendu.pdf",
        name="compte-rendu.pdf",
        size=2048,
        uploaded_by=colleague,
        uploaded_at=T0 + datetime.timedelta(hours=9),
    )
    Attachment.objects.create(
        request=ant,
        file="ant/x/diagnostic.pdf",
        name=TRICKY[:200],
        size=1,
        uploaded_by=teacher,
        uploaded_at=T0 + datetime.timedelta(hours=8),
    )
    with at(hours=10):
        workflow.perform(
            ant,
            "validate",
            by=dafor,
            comment=TRICKY,
            data={"host_school": other_school, "planned_hours": "18.5"},
        )
    return ant


# Helpers -------------------------------------------------------------------------------------
def values(obj):
    """Every column of a row, as Django gives it (aware datetimes, Decimals, dates)."""
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def person(user):
    return None if user is None else (user.pk, user.full_name, user.email)


# The collections and, for each, the person its page shows, read with the plain ORM.
READS = {
    "members": (TeamMember, "user"),
    "assignments": (TrainerAssignment, "trainer"),
    "transitions": (TransitionLog, "actor"),
    "attachments": (Attachment, "uploaded_by"),
    "thread": (ThreadMessage, "author"),
    "staff_notes": (StaffNote, "author"),
    "diagnostic_notes": (DiagnosticNote, "author"),
}


def orm_rows(ant, name):
    model, people = READS[name]
    return list(model.objects.filter(request_id=ant.pk).select_related(people))


def fresh(user):
    """The user as a new HTTP request sees them (their roles not yet loaded)."""
    return User.objects.get(pk=user.pk)


# Same objects, same order, same values --------------------------------------------------------
@pytest.mark.parametrize("name", list(READS))
def test_get_request_for_office_collection_is_what_the_orm_reads(full, dafor, name):
    expected = orm_rows(full, name)

    page = list(getattr(get_request_for(dafor, full.pk), name).all())

    assert len(expected) >= 2  # the scenario gives each collection several rows
    assert [values(obj) for obj in page] == [values(obj) for obj in expected]
    people = READS[name][1]
    assert [person(getattr(obj, people)) for obj in page] == [
        person(getattr(obj, people)) for obj in expected
    ]


def test_get_request_for_team_in_invitation_order_with_statuses(full, dafor):
    ant = get_request_for(dafor, full.pk)

    team = [(m.user.full_name, m.status) for m in ant.members.all()]

    assert team == [
        ("Marc Refus", "declined"),
        ("Claire Martin", "confirmed"),
        ("Karim Benali", "confirmed"),
        ("Zoé D'Almeida", "invited"),
    ]
    invited_at = [m.invited_at for m in ant.members.all()]
    assert invited_at[1] == invited_at[2] == T0  # the microseconds survive the JSON
    assert all(moment.utcoffset() == datetime.timedelta(0) for moment in invited_at)


def test_get_request_for_assignments_keep_their_status_and_reason(full, dafor):
    ant = get_request_for(dafor, full.pk)

    rows = [(a.trainer.full_name, a.status, a.decline_reason) for a in ant.assignments.all()]

    assert rows == [
        ("Nora Absente", "declined", "Pas disponible."),
        ("Sophie Lemaire", "accepted", ""),
        ("Yann Kerouac", "proposed", ""),
    ]


def test_get_request_for_text_and_booleans_survive_the_json(full, dafor):
    ant = get_request_for(dafor, full.pk)

    thread = list(ant.thread.all())

    assert TRICKY in [message.body for message in thread]
    assert {message.is_notification for message in thread} == {True, False}
    assert all(message.author is None for message in thread if message.is_notification)
    assert list(ant.transitions.all())[-1].comment == TRICKY
    assert [note.body for note in ant.staff_notes.all()][-1] == TRICKY
    assert [note.meeting_on for note in ant.diagnostic_notes.all()] == [
        datetime.date(2020, 9, 3),
        datetime.date(2020, 9, 10),
    ]
    assert [a.file.name for a in ant.attachments.all()] == [
        "ant/x/diagnostic.pdf",
        "ant/x/compte-rendu.pdf",
    ]


def test_get_request_for_schools_are_what_the_orm_reads(full, dafor):
    expected = list(Etablissement.objects.filter(ant_requests=full))

    page = list(get_request_for(dafor, full.pk).schools.all())

    assert len(expected) == 3
    assert [values(school) for school in page] == [values(school) for school in expected]


@pytest.mark.parametrize("fk", ["district", "reseau", "host_school", "carried_over_from"])
def test_get_request_for_optional_relation_is_what_the_orm_reads(full, dafor, fk):
    expected = getattr(AntRequest.objects.select_related(fk).get(pk=full.pk), fk)

    page = getattr(get_request_for(dafor, full.pk), fk)

    assert expected is not None
    assert values(page) == values(expected)


def test_get_request_for_request_itself_is_what_the_orm_reads(full, dafor):
    expected = AntRequest.objects.get(pk=full.pk)

    ant = get_request_for(dafor, full.pk)

    assert values(ant) == values(expected)
    assert ant.planned_hours == Decimal("18.5") and ant.state == State.VALIDATED
    assert ant.title == TRICKY


def test_get_request_for_whole_decimal_keeps_its_decimal_places(draft, dafor):
    AntRequest.objects.filter(pk=draft.pk).update(planned_hours=Decimal("18.0"))
    expected = AntRequest.objects.get(pk=draft.pk).planned_hours

    hours = get_request_for(dafor, draft.pk).planned_hours

    assert hours == expected  # the same number on both databases…
    assert str(hours) == str(expected) == "18.0"  # …with the same decimal places


def test_get_request_for_person_fields_left_out_load_on_access(
    full, dafor, django_assert_num_queries
):
    member = next(m for m in get_request_for(dafor, full.pk).members.all() if m.status == "invited")

    with django_assert_num_queries(1):
        corps = member.user.corps

    assert corps == User.objects.get(pk=member.user_id).corps == Corps.PLP


# No query once loaded -----------------------------------------------------------------------
def test_get_request_for_page_reads_everything_without_a_query(
    full, dafor, django_assert_num_queries
):
    ant = get_request_for(dafor, full.pk)

    with django_assert_num_queries(0):
        shown = {
            "schools": [str(school) for school in ant.schools.all()],
            "members": [(m.user.full_name, m.status) for m in ant.members.all()],
            "assignments": [a.trainer.full_name for a in ant.assignments.all()],
            "transitions": [(t.to_state, person(t.actor)) for t in ant.transitions.all()],
            "attachments": [(a.name, a.uploaded_by.full_name) for a in ant.attachments.all()],
            "thread": [(m.body, person(m.author)) for m in ant.thread.all()],
            "staff_notes": [n.author.full_name for n in ant.staff_notes.all()],
            "diagnostic_notes": [n.author.full_name for n in ant.diagnostic_notes.all()],
            "relations": (
                ant.district.name,
                ant.reseau.name,
                str(ant.host_school),
                ant.carried_over_from.reference,
                ant.campaign.title,
                ant.coordinating_school.name,
                ant.coordinator.full_name,
            ),
            # Each row knows its request, as prefetch_related tells it.
            "parents": {
                obj.request is ant
                for name in ("members", "assignments", "transitions", "attachments", "thread")
                for obj in getattr(ant, name).all()
            },
        }

    assert all(shown.values())
    assert shown["parents"] == {True}
    assert shown["relations"][:2] == ("District de Bobigny", "Réseau REP+ Jean-Jaurès")


@pytest.mark.parametrize("rows", [1, 30])
def test_get_request_for_query_count_is_constant(
    draft, teacher, school, dafor, django_assert_num_queries, rows
):
    for n in range(rows):
        user = user_with_role(Role.ENSEIGNANT, etablissement=school)
        TeamMember.objects.create(request=draft, user=user, status="confirmed")
        ThreadMessage.objects.create(request=draft, author=user, body=f"Message {n}")
        StaffNote.objects.create(request=draft, author=dafor, body=f"Note {n}")
        Attachment.objects.create(
            request=draft, file=f"ant/{n}.pdf", name=f"{n}.pdf", size=1, uploaded_by=user
        )
    # On PostgreSQL the statement is prepared on a connection's first page, then executed.
    get_request_for(dafor, draft.pk)
    office = fresh(dafor)

    # The user's roles, then the request with everything its page shows.
    with django_assert_num_queries(2):
        ant = get_request_for(office, draft.pk)

    with django_assert_num_queries(0):
        assert len(ant.members.all()) == rows + 2
        assert len(ant.thread.all()) == len(ant.staff_notes.all()) == rows
        assert len(ant.attachments.all()) == rows


def test_get_request_for_empty_request_loads_empty_collections(
    draft, dafor, django_assert_num_queries
):
    draft.schools.clear()
    ant = get_request_for(dafor, draft.pk)

    with django_assert_num_queries(0):
        assert list(ant.schools.all()) == []
        assert list(ant.thread.all()) == []
        assert list(ant.attachments.all()) == []
        assert list(ant.assignments.all()) == []
        assert list(ant.staff_notes.all()) == []
        assert list(ant.diagnostic_notes.all()) == []
        assert (ant.district, ant.reseau, ant.host_school, ant.carried_over_from) == (None,) * 4
        assert [t.transition for t in ant.transitions.all()] == ["create"]
        assert len(ant.members.all()) == 2


# Who reads what -------------------------------------------------------------------------------
def executed_sql(captured):
    """The text of the statements run, in lower case. On PostgreSQL the page's statement is
    prepared once per connection and then run as `EXECUTE name (…)`: its text is read back
    from `pg_prepared_statements`."""
    texts = []
    for query in captured:
        sql = query["sql"]
        executed = re.match(r"EXECUTE (\w+)", sql)
        if executed and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT statement FROM pg_prepared_statements WHERE name = %s",
                    [executed[1].lower()],
                )
                sql = cursor.fetchone()[0]
        texts.append(sql.lower())
    return " ".join(texts)


@pytest.mark.parametrize("who", ["teacher", "colleague", "invitee", "head", "trainer"])
def test_get_request_for_others_than_the_office_never_read_staff_tables(
    full, request, who, django_assert_num_queries
):
    user = fresh(request.getfixturevalue(who))

    with CaptureQueriesContext(connection) as queries:
        ant = get_request_for(user, full.pk)
    with django_assert_num_queries(0):
        team = [m.user.full_name for m in ant.members.all()]
        thread = [m.body for m in ant.thread.all()]

    sql = executed_sql(queries.captured_queries)
    assert "requests_threadmessage" in sql  # the page's statement itself was captured
    assert "requests_staffnote" not in sql
    assert "requests_diagnosticnote" not in sql
    assert "Karim Benali" in team and TRICKY in thread


def test_get_request_for_office_reads_staff_tables(full, dafor):
    with CaptureQueriesContext(connection) as queries:
        get_request_for(fresh(dafor), full.pk)

    sql = executed_sql(queries.captured_queries)
    assert "requests_staffnote" in sql and "requests_diagnosticnote" in sql


@pytest.fixture
def member_from_other_office(full, school, other_academie):
    """A teacher of the team who also works for another académie's office."""
    user = user_with_role(Role.ENSEIGNANT, etablissement=school, full_name="Double Casquette")
    RoleMembership.objects.create(user=user, role=Role.DAFOR, academie=other_academie)
    TeamMember.objects.create(request=full, user=user, status="confirmed")
    return user


def test_get_request_for_office_of_another_academie_gets_no_staff_collection(
    full, member_from_other_office, django_assert_num_queries
):
    ant = get_request_for(fresh(member_from_other_office), full.pk)

    with django_assert_num_queries(0):
        assert "Double Casquette" in [m.user.full_name for m in ant.members.all()]
    # Not handed over by the page's query: read from the database only if asked for.
    with django_assert_num_queries(1):
        assert len(ant.staff_notes.all()) == 2
    with django_assert_num_queries(1):
        assert len(ant.diagnostic_notes.all()) == 2


@pytest.mark.parametrize(
    "who", ["other_teacher", "other_academie_dafor", "decliner", "declined_trainer"]
)
def test_get_request_for_someone_who_may_not_see_it_is_404(full, request, who):
    user = fresh(request.getfixturevalue(who))

    with pytest.raises(Http404):
        get_request_for(user, full.pk)


def test_get_request_for_unknown_request_is_404(full, dafor):
    with pytest.raises(Http404):
        get_request_for(dafor, full.pk + 1000)


@pytest.mark.parametrize("pk", [0, 2**63, 10**20])
def test_request_page_for_an_id_no_request_can_have_is_404(client, full, dafor, pk):
    client.force_login(dafor)

    response = client.get(f"/demandes/{pk}/")

    assert response.status_code == 404


def test_get_request_for_lists_schools_as_a_french_reader_would(draft, dafor, academie):
    names = ["Lycée Zola", "école Berthe", "Collège Anatole"]
    draft.schools.add(*(EtablissementFactory(academie=academie, name=name) for name in names))

    shown = [school.name for school in get_request_for(dafor, draft.pk).schools.all()]

    assert [name for name in shown if name in names] == [
        "Collège Anatole",
        "école Berthe",
        "Lycée Zola",
    ]
