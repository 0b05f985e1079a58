"""The tamper-evident timeline (`manage.py verify_ant_log`) and the scheduled messages:
window reminders to heads, daily digests to the office."""

import datetime
import hashlib
import hmac
import importlib
import json
import re
from io import StringIO

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Role
from notifications.models import Message
from requests import services, tasks, workflow
from requests.models import AntRequest, State, TransitionLog
from tests.factories import (
    IN_WINDOW,
    AntRequestFactory,
    CampaignFactory,
    ant_request,
    user_with_role,
)

# The June window closes on 8 July 2020.
THREE_DAYS_BEFORE = datetime.datetime(2020, 7, 5, 6, 0, tzinfo=datetime.UTC)
FIVE_DAYS_BEFORE = datetime.datetime(2020, 7, 3, 6, 0, tzinfo=datetime.UTC)


@pytest.fixture
def reviewed(draft, teacher, head, dafor):
    """Four chained entries: create, submit, endorse, start_review."""
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)
        workflow.perform(draft, "endorse", by=head)
        workflow.perform(draft, "start_review", by=dafor, comment="Dossier complet.")
    return draft


def verify():
    out = StringIO()
    call_command("verify_ant_log", stdout=out)
    return out.getvalue()


def entries(request):
    return list(TransitionLog.objects.filter(request=request).order_by("pk"))


# verify_ant_log ------------------------------------------------------------------------------
def test_an_intact_log_is_reported_with_its_step_count(reviewed, campaign, teacher, school):
    ant_request(campaign=campaign, coordinator=teacher, school=school, title="Une autre")
    assert verify().strip() == "Journal intègre : 5 étapes vérifiées."


def test_an_edited_comment_is_named(reviewed):
    edited = entries(reviewed)[3]
    TransitionLog.objects.filter(pk=edited.pk).update(comment="Dossier incomplet.")

    with pytest.raises(CommandError) as error:
        verify()

    message = str(error.value)
    assert error.value.returncode == 1
    assert reviewed.reference in message
    assert f"étape n° {edited.pk}" in message
    assert "20/06/2020 à 12:00" in message  # Paris time
    assert "modifié" in message


def test_a_deleted_entry_in_the_middle_breaks_the_link_of_the_next(reviewed):
    create, submit, endorse, review = entries(reviewed)
    submit.delete()

    with pytest.raises(CommandError) as error:
        verify()

    message = str(error.value)
    assert f"étape n° {endorse.pk}" in message
    assert "rompu" in message


def test_a_forged_entry_inserted_in_the_middle_is_caught(reviewed, head):
    create, submit, endorse, review = entries(reviewed)
    # Make room after "submit", then forge a well-hashed entry there that follows "submit".
    TransitionLog.objects.filter(pk=review.pk).update(id=review.pk + 100)
    TransitionLog.objects.filter(pk=endorse.pk).update(id=endorse.pk + 100)
    forged = TransitionLog(
        pk=endorse.pk,
        request=reviewed,
        transition="return_to_team",
        from_state="submitted",
        to_state="returned",
        actor=head,
        at=submit.at,
        comment="Retour fictif",
        previous_hash=submit.hash,
    )
    forged.hash = forged.compute_hash()
    forged.save(force_insert=True)

    with pytest.raises(CommandError) as error:
        verify()

    # The forgery is consistent in itself; the genuine entry after it no longer follows.
    message = str(error.value)
    assert f"étape n° {endorse.pk + 100}" in message
    assert "rompu" in message


def test_a_forged_entry_appended_with_a_stale_link_is_caught(reviewed, head):
    create, submit, endorse, review = entries(reviewed)
    forged = TransitionLog(
        request=reviewed,
        transition="validate",
        from_state="under_review",
        to_state="validated",
        actor=head,
        at=review.at,
        previous_hash=endorse.hash,  # claims to follow "endorse"
    )
    forged.hash = forged.compute_hash()
    forged.save()

    with pytest.raises(CommandError, match=f"étape n° {forged.pk} "):
        verify()


# What a forger who can write the database does: recompute the hashes from an entry on, with
# a plain SHA-256 (the chain as it was) or an HMAC under a key that is not the log's.
def plain_sha256(content):
    return hashlib.sha256(content).hexdigest()


def wrong_key(content):
    return hmac.new(b"not-the-log-key", content, hashlib.sha256).hexdigest()


def rehash_from(entry, hasher):
    """Rewrite the hashes of `entry` and of the entries after it, and the request's head."""
    previous = entry.previous_hash
    for later in TransitionLog.objects.filter(request=entry.request, pk__gte=entry.pk):
        content = {
            "request": later.request_id,
            "transition": later.transition,
            "from": later.from_state,
            "to": later.to_state,
            "actor": later.actor_id,
            "at": later.at.astimezone(datetime.UTC).isoformat(),
            "comment": later.comment,
            "previous": previous,
        }
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        previous = hasher(encoded)
        TransitionLog.objects.filter(pk=later.pk).update(
            previous_hash=content["previous"], hash=previous
        )
    AntRequest.objects.filter(pk=entry.request_id).update(log_head=previous)


def failed_report():
    """What verify_ant_log says when it fails (exit code 1)."""
    with pytest.raises(CommandError) as error:
        verify()
    assert error.value.returncode == 1
    return str(error.value)


def breakages(request, message=None):
    """The breakage lines of the report on `request` alone, without the steps' dates."""
    message = message or failed_report()
    assert message.startswith(f"Journal altéré pour 1 demande :\nDemande {request.reference} :")
    lines = [line.split(" — ")[0] for line in message.splitlines() if line.startswith("  - ")]
    return [re.sub(r" du ../../.... à ..:..$", "", line) for line in lines]


def test_a_deleted_last_entry_is_a_missing_tail(reviewed):
    create, submit, endorse, review = entries(reviewed)
    TransitionLog.objects.filter(pk=review.pk).delete()

    assert breakages(reviewed) == [
        f"  - fin du journal manquante : étape n° {endorse.pk}",
        f"  - état incohérent : étape n° {endorse.pk}",
    ]


def test_a_deleted_last_entry_is_caught_when_the_state_is_put_back_too(reviewed):
    create, submit, endorse, review = entries(reviewed)
    TransitionLog.objects.filter(pk=review.pk).delete()
    AntRequest.objects.filter(pk=reviewed.pk).update(state=State.ENDORSED)

    assert breakages(reviewed) == [f"  - fin du journal manquante : étape n° {endorse.pk}"]


def test_the_next_entry_after_a_deleted_tail_shows_a_broken_link(reviewed, dafor):
    create, submit, endorse, review = entries(reviewed)
    TransitionLog.objects.filter(pk=review.pk).delete()
    AntRequest.objects.filter(pk=reviewed.pk).update(state=State.ENDORSED)
    reviewed.refresh_from_db()

    with time_machine.travel(IN_WINDOW):
        again = workflow.perform(reviewed, "start_review", by=dafor)

    assert breakages(reviewed) == [f"  - lien rompu : étape n° {again.pk}"]


def test_a_state_set_directly_is_a_state_mismatch(reviewed):
    review = entries(reviewed)[-1]
    AntRequest.objects.filter(pk=reviewed.pk).update(state=State.VALIDATED)

    message = failed_report()
    assert breakages(reviewed, message) == [f"  - état incohérent : étape n° {review.pk}"]
    assert (
        "«\u00a0Validée\u00a0» alors que sa dernière étape la mène à «\u00a0En instruction\u00a0»"
        in message
    )


@pytest.mark.parametrize("hasher", [plain_sha256, wrong_key])
def test_an_entry_edited_and_the_following_rehashed_without_the_key_are_altered(reviewed, hasher):
    create, submit, endorse, review = entries(reviewed)
    TransitionLog.objects.filter(pk=endorse.pk).update(comment="Visa sous réserve.")
    rehash_from(endorse, hasher)

    assert breakages(reviewed) == [
        f"  - étape altérée : étape n° {endorse.pk}",
        f"  - étape altérée : étape n° {review.pk}",
    ]


def test_every_request_at_fault_is_listed_and_the_intact_ones_are_not(
    reviewed, campaign, teacher, school
):
    intact = ant_request(campaign=campaign, coordinator=teacher, school=school, title="Intacte")
    other = ant_request(campaign=campaign, coordinator=teacher, school=school, title="Autre")
    AntRequest.objects.filter(pk=reviewed.pk).update(state=State.VALIDATED)
    TransitionLog.objects.filter(request=other).delete()

    message = failed_report()
    assert message.startswith("Journal altéré pour 2 demandes :")
    assert f"Demande {reviewed.reference} :\n  - état incohérent" in message
    assert (
        f"Demande {other.reference} :\n  - fin du journal manquante : la demande n'a plus "
        "aucune étape." in message
    )
    assert intact.reference not in message


def test_requests_of_the_factory_traits_and_carried_over_verify(campaign, teacher, school, dafor):
    for trait in ("submitted", "endorsed", "under_review", "validated"):
        AntRequestFactory(
            campaign=campaign, coordinator=teacher, coordinating_school=school, **{trait: True}
        )
    postponed = AntRequestFactory(
        campaign=campaign, coordinator=teacher, coordinating_school=school, under_review=True
    )
    workflow.perform(postponed, "postpone", by=dafor, comment="Contexte sanitaire.")
    later = CampaignFactory(academie=campaign.academie, school_year="2021-2022")
    # The postponed request and, since issue 9 (point 6), the validated one are carried over.
    created = services.carry_over_postponed(from_campaign=campaign, to_campaign=later, by=dafor)

    assert sorted(c.carried_over_from.state for c in created) == ["postponed", "validated"]
    assert verify().strip() == "Journal intègre : 13 étapes vérifiées."
    for carried in created:
        assert carried.log_head == entries(carried)[-1].hash


# Re-keying ---------------------------------------------------------------------------------
def test_rekey_rechains_the_log_under_the_new_key(reviewed, settings, monkeypatch):
    settings.ANT_LOG_KEY = "the-new-key"
    with pytest.raises(CommandError, match="étape altérée"):
        verify()
    monkeypatch.setenv("ANT_LOG_OLD_KEY", "tests-ant-log-key")

    out = StringIO()
    call_command("verify_ant_log", rekey=True, stdout=out)

    assert out.getvalue().strip() == "Journal rechaîné sous la nouvelle clé : 4 étapes."
    assert verify().strip() == "Journal intègre : 4 étapes vérifiées."


def test_rekey_refuses_a_log_that_does_not_verify_under_the_old_key(
    reviewed, settings, monkeypatch
):
    AntRequest.objects.filter(pk=reviewed.pk).update(state=State.VALIDATED)
    before = list(TransitionLog.objects.values_list("hash", flat=True))
    settings.ANT_LOG_KEY = "the-new-key"
    monkeypatch.setenv("ANT_LOG_OLD_KEY", "tests-ant-log-key")

    with pytest.raises(CommandError) as error:
        call_command("verify_ant_log", rekey=True)

    assert "Rien n'a été rechaîné" in str(error.value)
    assert "état incohérent" in str(error.value)
    assert list(TransitionLog.objects.values_list("hash", flat=True)) == before


def test_rekey_needs_the_old_key(reviewed, monkeypatch):
    monkeypatch.delenv("ANT_LOG_OLD_KEY", raising=False)
    with pytest.raises(CommandError, match="ANT_LOG_OLD_KEY"):
        call_command("verify_ant_log", rekey=True)


# The migration to the HMAC chain ------------------------------------------------------------
@pytest.fixture
def migration():
    return importlib.import_module("requests.migrations.0006_log_head_hmac")


def test_the_migration_rechains_an_intact_sha256_log(reviewed, migration):
    migration.to_sha256(apps, None)  # the log as it was: plain SHA-256, no head
    AntRequest.objects.update(log_head="")
    assert workflow.log_breaks()

    migration.to_hmac(apps, None)

    assert verify().strip() == "Journal intègre : 4 étapes vérifiées."


def test_the_migration_keeps_earlier_tampering_visible(reviewed, migration):
    create, submit, endorse, review = entries(reviewed)
    migration.to_sha256(apps, None)
    AntRequest.objects.update(log_head="")
    TransitionLog.objects.filter(pk=submit.pk).update(comment="Réécrit avant la migration")
    TransitionLog.objects.filter(pk=endorse.pk).delete()

    migration.to_hmac(apps, None)

    assert breakages(reviewed) == [
        f"  - étape altérée : étape n° {submit.pk}",
        f"  - lien rompu : étape n° {review.pk}",
    ]


# Window reminders --------------------------------------------------------------------------
@pytest.fixture
def waiting(draft, teacher):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(draft, "submit", by=teacher)
    return draft


@pytest.fixture
def idle_head(other_school):
    """A head whose school has nothing waiting."""
    return user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=other_school)


def reminders():
    return list(Message.objects.filter(kind="ant_endorse_reminder"))


def test_heads_with_a_request_waiting_get_one_reminder_three_days_before(waiting, head, idle_head):
    with time_machine.travel(THREE_DAYS_BEFORE):
        tasks.send_window_reminders.delay()

    [reminder] = reminders()
    assert reminder.recipient == head
    assert waiting.reference in reminder.body_text
    assert "8 juillet 2020" in reminder.body_text


def test_the_service_counts_the_reminders_it_sent(waiting, head, idle_head):
    assert services.send_window_reminders(today=datetime.date(2020, 7, 5)) == 1


def test_no_reminder_five_days_before(waiting, head):
    with time_machine.travel(FIVE_DAYS_BEFORE):
        tasks.send_window_reminders.delay()
    assert reminders() == []


def test_no_reminder_when_nothing_waits(draft, head, idle_head):
    with time_machine.travel(THREE_DAYS_BEFORE):
        tasks.send_window_reminders.delay()
    assert reminders() == []


# Office digests ----------------------------------------------------------------------------
@pytest.fixture
def digest_reader(academie):
    return user_with_role(
        Role.DAFOR, academie=academie, full_name="Jeanne Résumé", notification_digest=True
    )


def test_digest_readers_get_one_daily_summary_and_no_immediate_message(
    waiting, head, dafor, digest_reader, other_academie_dafor
):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(waiting, "endorse", by=head)
    immediate = Message.objects.filter(kind="ant_update")
    assert not immediate.filter(recipient=digest_reader).exists()
    assert immediate.filter(recipient=dafor).count() == 1

    with time_machine.travel(IN_WINDOW + datetime.timedelta(hours=20)):
        tasks.send_office_digests.delay()

    [digest] = Message.objects.filter(kind="ant_office_digest")
    assert digest.recipient == digest_reader
    assert waiting.reference in digest.body_text and waiting.title in digest.body_text


def test_requests_endorsed_more_than_a_day_ago_are_not_in_the_digest(waiting, head, digest_reader):
    with time_machine.travel(IN_WINDOW):
        workflow.perform(waiting, "endorse", by=head)
    sent = services.send_office_digests(now=IN_WINDOW + datetime.timedelta(hours=25))
    assert sent == 0
    assert not Message.objects.filter(kind="ant_office_digest").exists()
