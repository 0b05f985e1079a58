"""The brigade's rules (seed 000): qualification from the promotion's modules, the dated status
history and the membership it keeps, the teams counted per level, the observation decisions
and their e-mails."""

import datetime

import pytest

from programmes import brigade as services
from programmes.brigade import BrigadeError
from programmes.models import (
    AnimateurStatus,
    ModuleCompletion,
    ObservationRequest,
    ProgrammeMembership,
)
from tests.factories import (
    AnimateurFactory,
    ObservationRequestFactory,
    PromotionFactory,
    TrainerTeamFactory,
    TrainingModuleFactory,
    animateur,
)

D = datetime.date


def done(person, module, day):
    return ModuleCompletion.objects.create(animateur=person, module=module, completed_on=day)


# Qualification ---------------------------------------------------------------------------------
@pytest.fixture
def promotion(brig):
    promotion = PromotionFactory(brigade=brig.brigade, number=2, school_year="2021-2022")
    promotion.tronc = TrainingModuleFactory(
        promotion=promotion, order=1, title="Tronc commun", starts_on=D(2022, 1, 10),
        ends_on=D(2022, 1, 14),
    )  # fmt: skip
    promotion.fil = TrainingModuleFactory(
        promotion=promotion, order=2, title="Fil rouge", starts_on=D(2022, 4, 4),
        ends_on=D(2022, 4, 8),
    )  # fmt: skip
    return promotion


def test_qualification_false_with_one_of_two_modules(brig, promotion):
    person = animateur(brig.brigade, promotion=promotion)
    done(person, promotion.tronc, D(2022, 1, 14))
    assert services.is_qualified(person) is False


def test_qualification_true_once_every_required_module_is_done(brig, promotion):
    person = animateur(brig.brigade, promotion=promotion)
    done(person, promotion.tronc, D(2022, 1, 14))
    done(person, promotion.fil, D(2022, 4, 8))
    assert services.is_qualified(person) is True


def test_qualification_counts_the_day_of_completion_and_not_before(brig, promotion):
    person = animateur(brig.brigade, promotion=promotion)
    done(person, promotion.tronc, D(2022, 1, 14))
    done(person, promotion.fil, D(2022, 4, 8))
    assert services.is_qualified(person, D(2022, 4, 7)) is False
    assert services.is_qualified(person, D(2022, 4, 8)) is True


def test_qualification_ignores_optional_modules(brig, promotion):
    optional = TrainingModuleFactory(promotion=promotion, order=3, required=False)
    person = animateur(brig.brigade, promotion=promotion)
    done(person, promotion.tronc, D(2022, 1, 14))
    done(person, promotion.fil, D(2022, 4, 8))
    assert optional.completions.count() == 0
    assert services.is_qualified(person) is True


def test_qualification_false_without_promotion(brig):
    assert services.is_qualified(animateur(brig.brigade, promotion=None)) is False


def test_qualification_false_when_the_promotion_has_no_module_yet(brig):
    empty = PromotionFactory(brigade=brig.brigade, number=3, school_year="2022-2023")
    assert services.is_qualified(animateur(brig.brigade, promotion=empty)) is False


def test_qualification_ignores_modules_of_another_promotion(brig, promotion):
    other = PromotionFactory(brigade=brig.brigade, number=1)
    other_module = TrainingModuleFactory(promotion=other, order=1)
    person = animateur(brig.brigade, promotion=promotion)
    done(person, promotion.tronc, D(2022, 1, 14))
    done(person, other_module, D(2021, 10, 8))
    assert services.is_qualified(person) is False


def test_record_completion_refuses_a_module_of_another_promotion(brig, promotion):
    other_module = TrainingModuleFactory(promotion=PromotionFactory(brigade=brig.brigade))
    person = animateur(brig.brigade, promotion=promotion)
    with pytest.raises(BrigadeError, match="n'appartient pas à la promotion"):
        services.record_completion(
            animateur=person, module=other_module, completed_on=D(2022, 1, 14), by=brig.staff
        )
    assert not ModuleCompletion.objects.exists()


def test_record_completion_refuses_a_day_before_the_module_or_in_the_future(brig, promotion):
    person = animateur(brig.brigade, promotion=promotion)
    for day in (D(2022, 1, 9), brig.today + datetime.timedelta(days=1)):
        with pytest.raises(BrigadeError):
            services.record_completion(
                animateur=person, module=promotion.tronc, completed_on=day, by=brig.staff
            )
    assert not ModuleCompletion.objects.exists()


def test_record_completion_refuses_twice(brig, promotion):
    person = animateur(brig.brigade, promotion=promotion)
    services.record_completion(
        animateur=person, module=promotion.tronc, completed_on=D(2022, 1, 14), by=brig.staff
    )
    with pytest.raises(BrigadeError, match="déjà enregistré"):
        services.record_completion(
            animateur=person, module=promotion.tronc, completed_on=D(2022, 1, 14), by=brig.staff
        )
    assert ModuleCompletion.objects.count() == 1


# Status history --------------------------------------------------------------------------------
def test_add_animateur_starts_in_training_with_a_membership(brig, promotion):
    person = services.add_animateur(
        brigade=brig.brigade, user=brig.colleague, profession="psy_en", town="Thionville",
        home_school=brig.other_school, promotion=promotion, by=brig.staff, since=D(2022, 1, 10),
    )  # fmt: skip
    assert services.current_status(person) == AnimateurStatus.Status.EN_FORMATION
    membership = ProgrammeMembership.objects.get(user=brig.colleague, function="animateur")
    assert (membership.programme, membership.started_on) == (brig.programme, D(2022, 1, 10))


def test_add_animateur_refuses_someone_already_in_the_brigade(brig):
    AnimateurFactory(brigade=brig.brigade, user=brig.colleague)
    with pytest.raises(BrigadeError, match="fait déjà partie"):
        services.add_animateur(
            brigade=brig.brigade, user=brig.colleague, profession="cpe", town="Metz",
            by=brig.staff,
        )  # fmt: skip


def test_current_status_is_the_latest_entry_on_or_before_the_day(brig):
    person = animateur(brig.brigade, status="en_formation", since=D(2021, 9, 1))
    services.record_status(animateur=person, status="actif", on=D(2022, 4, 11), by=brig.staff)
    assert services.current_status(person, D(2022, 4, 10)) == "en_formation"
    assert services.current_status(person, D(2022, 4, 11)) == "actif"
    assert services.current_status(person, D(2021, 8, 31)) is None


def test_former_animatrice_rejoining_is_former_until_the_day_she_rejoins(brig):
    person = animateur(brig.brigade, status="ancien", since=D(2021, 6, 30))
    services.record_status(animateur=person, status="reintegre", on=D(2022, 9, 1), by=brig.staff)
    assert services.current_status(person, D(2022, 4, 11)) == "ancien"
    assert services.current_status(person, D(2022, 9, 1)) == "reintegre"
    assert ProgrammeMembership.objects.filter(
        user=person.user, function="animateur", started_on=D(2022, 9, 1), ended_on=None
    ).exists()


def test_rejoining_refused_for_someone_who_never_left(brig):
    person = animateur(brig.brigade, status="actif")
    with pytest.raises(BrigadeError, match="sortie de la brigade"):
        services.record_status(
            animateur=person, status="reintegre", on=D(2022, 9, 1), by=brig.staff
        )
    assert person.statuses.count() == 1


def test_leaving_ends_the_membership(brig):
    person = services.add_animateur(
        brigade=brig.brigade, user=brig.colleague, profession="cpe", town="Metz", by=brig.staff,
        since=D(2021, 9, 1),
    )  # fmt: skip
    services.record_status(animateur=person, status="ancien", on=D(2023, 7, 1), by=brig.staff)
    membership = ProgrammeMembership.objects.get(user=brig.colleague, function="animateur")
    assert membership.ended_on == D(2023, 7, 1)


def test_record_status_refuses_two_entries_the_same_day_and_a_repeat(brig):
    person = animateur(brig.brigade, status="actif", since=D(2021, 9, 1))
    with pytest.raises(BrigadeError, match="déjà enregistré à cette date"):
        services.record_status(animateur=person, status="ancien", on=D(2021, 9, 1), by=brig.staff)
    with pytest.raises(BrigadeError, match="déjà le statut"):
        services.record_status(animateur=person, status="actif", on=D(2022, 1, 1), by=brig.staff)
    assert person.statuses.count() == 1


def test_status_counts_count_each_animateur_once(brig):
    for _ in range(3):
        animateur(brig.brigade, status="actif")
    former = animateur(brig.brigade, status="ancien", since=D(2021, 6, 30))
    services.record_status(animateur=former, status="reintegre", on=D(2022, 9, 1), by=brig.staff)
    counts = services.status_counts(brig.brigade)
    assert counts == {"en_formation": 0, "actif": 3, "ancien": 0, "reintegre": 1}
    assert services.status_counts(brig.brigade, D(2022, 4, 11))["ancien"] == 1


# Teams -----------------------------------------------------------------------------------------
def test_teams_per_level_are_counted_from_the_teams(brig):
    for level, n in (("seconde", 5), ("premiere", 2), ("terminale", 2)):
        TrainerTeamFactory.create_batch(n, brigade=brig.brigade, level=level)
    TrainerTeamFactory(brigade=brig.other_brigade, level="seconde")
    assert services.teams_per_level(brig.brigade) == {"seconde": 5, "premiere": 2, "terminale": 2}


def test_teams_per_level_shows_zero_for_a_level_without_team(brig):
    TrainerTeamFactory(brigade=brig.brigade, level="premiere")
    assert services.teams_per_level(brig.brigade) == {"seconde": 0, "premiere": 1, "terminale": 0}


def test_save_team_refuses_a_member_of_another_brigade(brig):
    team = TrainerTeamFactory(brigade=brig.brigade)
    stranger = animateur(brig.other_brigade)
    with pytest.raises(BrigadeError):
        services.save_team(team=team, members=[stranger])
    assert team.members.count() == 0


# Observation requests --------------------------------------------------------------------------
def test_ask_to_observe_tells_the_staff(brig, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        observation = services.ask_to_observe(
            brigade=brig.brigade, requester=brig.teacher, reason="Découvrir",
            preferred_period="Au printemps",
        )  # fmt: skip
    assert observation.status == "pending"
    [mail] = mailoutbox
    assert mail.to == [brig.staff.email]
    assert "Élise Girard" in mail.subject


def test_ask_to_observe_refused_outside_the_academie(brig):
    with pytest.raises(BrigadeError):
        services.ask_to_observe(
            brigade=brig.brigade, requester=brig.other_teacher, reason="x", preferred_period="y"
        )
    assert not ObservationRequest.objects.exists()


def test_accept_sets_day_and_school_and_mails_the_module(
    brig, mailoutbox, django_capture_on_commit_callbacks
):
    observation = ObservationRequestFactory(brigade=brig.brigade, requester=brig.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_observation(
            observation=observation, day=D(2027, 3, 4), school=brig.school, by=brig.staff
        )
    observation.refresh_from_db()
    assert (observation.status, observation.observation_day, observation.observation_school) == (
        "accepted", D(2027, 3, 4), brig.school
    )  # fmt: skip
    [mail] = mailoutbox
    assert mail.to == [brig.teacher.email]
    assert "4 mars 2027" in mail.subject
    assert "Découvrir les ateliers ambition-confiance" in mail.body
    assert "à suivre avant le 4\u00a0mars 2027" in mail.body.replace(" mars", "\u00a0mars")


def test_accept_within_the_limit_then_refuse_over_it(brig):
    brig.brigade.max_observers_per_workshop = 2
    brig.brigade.save()
    day = D(2027, 3, 4)
    for _ in range(2):
        services.accept_observation(
            observation=ObservationRequestFactory(brigade=brig.brigade),
            day=day, school=brig.school, by=brig.staff,
        )  # fmt: skip
    third = ObservationRequestFactory(brigade=brig.brigade)
    with pytest.raises(BrigadeError, match="le maximum"):
        services.accept_observation(observation=third, day=day, school=brig.school, by=brig.staff)
    third.refresh_from_db()
    assert third.status == "pending"
    # Another school the same day, or the same school another day, still has room.
    services.accept_observation(observation=third, day=day, school=brig.other_school, by=brig.staff)
    assert services.accepted_observers(brig.brigade, day, brig.school) == 2


def test_accept_refuses_a_school_of_another_academie_and_a_past_day(brig):
    from tests.factories import EtablissementFactory

    observation = ObservationRequestFactory(brigade=brig.brigade)
    with pytest.raises(BrigadeError, match="dans l'académie"):
        services.accept_observation(
            observation=observation, day=D(2027, 3, 4), school=EtablissementFactory(),
            by=brig.staff,
        )  # fmt: skip
    with pytest.raises(BrigadeError, match="passé"):
        services.accept_observation(
            observation=observation, day=D(2026, 11, 29), school=brig.school, by=brig.staff
        )
    observation.refresh_from_db()
    assert observation.status == "pending"


def test_decline_needs_a_reason_and_mails_it(brig, mailoutbox, django_capture_on_commit_callbacks):
    observation = ObservationRequestFactory(brigade=brig.brigade, requester=brig.teacher)
    with pytest.raises(BrigadeError, match="motif"):
        services.decline_observation(observation=observation, reason="  ", by=brig.staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_observation(
            observation=observation, reason="Plus d'atelier ce trimestre.", by=brig.staff
        )
    observation.refresh_from_db()
    assert observation.status == "declined"
    [mail] = mailoutbox
    assert mail.to == [brig.teacher.email]
    assert "Plus d'atelier ce trimestre." in mail.body


def test_a_decided_request_cannot_be_decided_again(brig):
    observation = ObservationRequestFactory(brigade=brig.brigade)
    services.decline_observation(observation=observation, reason="Complet.", by=brig.staff)
    with pytest.raises(BrigadeError, match="déjà reçu une réponse"):
        services.accept_observation(
            observation=observation, day=D(2027, 3, 4), school=brig.school, by=brig.staff
        )
    observation.refresh_from_db()
    assert observation.status == "declined"
