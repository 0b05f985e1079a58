"""Crispy forms whose HTML is shared (dsfr_crispy/rendering.py) and the `dsfr_form` tag: an
unbound form's fields are rendered once per process, key and language; a bound form is always
rendered afresh with its errors; the <form> tag and the CSRF token belong to each page."""

import datetime
import re

import pytest
import time_machine
from crispy_forms.helper import FormHelper
from django import forms
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from dsfr_crispy import rendering
from dsfr_crispy.layout import Submit
from requests import workflow
from requests.forms import AttachmentForm, DiagnosticNoteForm, MessageForm, TransitionForm
from requests.models import AntRequest, State
from tests.factories import CampaignFactory, SubmissionWindowFactory, ant_request, user_with_role

IN_WINDOW = datetime.datetime(2020, 6, 20, 10, 0, tzinfo=datetime.UTC)
CSRF_INPUT = 'name="csrfmiddlewaretoken"'
COMMENT_REQUIRED = "Un commentaire est obligatoire pour cette action."


@pytest.fixture(autouse=True)
def _no_shared_html(monkeypatch):
    """Each test starts with no shared HTML (the process-wide store outlives a test)."""
    monkeypatch.setattr(rendering, "_SHARED", {})


@pytest.fixture
def renders(monkeypatch):
    """The forms crispy was asked to render, in order (it still renders them)."""
    calls = []
    render = rendering.render_crispy_form

    def counting(form, *args, **kwargs):
        calls.append(type(form).__name__)
        return render(form, *args, **kwargs)

    monkeypatch.setattr(rendering, "render_crispy_form", counting)
    return calls


def tag(form, request):
    template = Template("{% load dsfr_forms %}{% dsfr_form form %}")
    return template.render(Context({"form": form, "request": request}))


class PlainForm(forms.Form):
    """A form that does not opt in to sharing (no `html_key`)."""

    name = forms.CharField(label="Nom")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", "Valider"))


# Shared fields -------------------------------------------------------------------------------
def test_form_fields_html_unbound_form_is_rendered_once(renders):
    first = rendering.form_fields_html(MessageForm(action="/x/"))
    second = rendering.form_fields_html(MessageForm(action="/y/"))

    assert renders == ["MessageForm"]
    assert second == first
    assert 'name="message-body"' in first and "Envoyer" in first
    # Only the fields and buttons are shared: no <form> tag, no token.
    assert "<form" not in first and CSRF_INPUT not in first


def test_form_fields_html_form_without_html_key_is_rendered_each_time(renders):
    rendering.form_fields_html(PlainForm())
    rendering.form_fields_html(PlainForm())

    assert renders == ["PlainForm", "PlainForm"]


def test_form_fields_html_different_html_keys_are_separate_entries(renders, under_review):
    def reject():
        return TransitionForm(transition=workflow.TRANSITIONS["reject"], ant=under_review)

    def corrections():
        return TransitionForm(
            transition=workflow.TRANSITIONS["request_corrections"], ant=under_review
        )

    html = {
        "reject": rendering.form_fields_html(reject()),
        "corrections": rendering.form_fields_html(corrections()),
    }
    again = (rendering.form_fields_html(reject()), rendering.form_fields_html(corrections()))

    assert renders == ["TransitionForm", "TransitionForm"]
    assert 'name="reject-comment"' in html["reject"] and "Refuser" in html["reject"]
    assert 'name="request_corrections-comment"' in html["corrections"]
    assert "Demander des corrections" in html["corrections"]
    assert again == (html["reject"], html["corrections"])


def test_form_fields_html_dated_form_is_one_entry_per_day(renders):
    with time_machine.travel(datetime.datetime(2020, 9, 10, 9, 0, tzinfo=datetime.UTC)):
        first_day = rendering.form_fields_html(DiagnosticNoteForm(action="/x/"))
        rendering.form_fields_html(DiagnosticNoteForm(action="/x/"))
    with time_machine.travel(datetime.datetime(2020, 9, 11, 9, 0, tzinfo=datetime.UTC)):
        next_day = rendering.form_fields_html(DiagnosticNoteForm(action="/x/"))

    assert renders == ["DiagnosticNoteForm", "DiagnosticNoteForm"]
    assert 'value="2020-09-10"' in first_day
    assert 'value="2020-09-11"' in next_day and "2020-09-10" not in next_day


def test_form_fields_html_each_language_is_a_separate_entry(renders):
    french = rendering.form_fields_html(MessageForm(action="/x/"))
    with translation.override("en"):
        rendering.form_fields_html(MessageForm(action="/x/"))
        rendering.form_fields_html(MessageForm(action="/x/"))
    again = rendering.form_fields_html(MessageForm(action="/x/"))

    assert renders == ["MessageForm", "MessageForm"]
    assert again == french


# Bound forms ---------------------------------------------------------------------------------
def test_form_fields_html_bound_invalid_form_shows_its_french_error(renders):
    rendering.form_fields_html(MessageForm(action="/x/"))  # the blank form is shared first
    form = MessageForm({"message-body": "   "}, action="/x/")

    html = rendering.form_fields_html(form)

    assert renders == ["MessageForm", "MessageForm"]
    assert "Écrivez votre message." in html
    assert "fr-input-group--error" in html and "fr-input--error" in html
    assert 'id="id_message-body_error"' in html
    assert 'aria-describedby="id_message-body_error"' in html


def test_form_fields_html_bound_form_is_rendered_each_time_and_never_shared(renders):
    posted = MessageForm({"message-body": "Message de Claire, pas des autres"}, action="/x/")
    invalid = MessageForm({"message-body": ""}, action="/x/")

    for form in (posted, posted, invalid):
        rendering.form_fields_html(form)
    blank = rendering.form_fields_html(MessageForm(action="/x/"))

    assert renders == ["MessageForm"] * 4
    assert "Message de Claire" not in blank
    assert "Écrivez votre message." not in blank and "fr-input-group--error" not in blank


# The tag -------------------------------------------------------------------------------------
def test_dsfr_form_writes_the_form_tag_and_a_token_on_each_page(renders, rf):
    pages = [tag(MessageForm(action="/demandes/7/messages/"), rf.get("/")) for _ in range(2)]

    assert renders == ["MessageForm"]
    for html in pages:
        opening = re.match(r"<form([^>]*)>", html)[1]
        assert 'method="post"' in opening and 'action="/demandes/7/messages/"' in opening
        assert "novalidate" in opening and html.endswith("</form>")
        assert html.count(CSRF_INPUT) == 1
        assert 'name="message-body"' in html
        assert "enctype" not in html


def test_dsfr_form_multipart_form_gets_its_enctype(rf):
    html = tag(AttachmentForm(action="/demandes/7/pieces/"), rf.get("/"))

    assert 'enctype="multipart/form-data"' in html
    assert 'action="/demandes/7/pieces/"' in html and 'type="file"' in html


def test_dsfr_form_writes_the_helper_id_and_class(rf):
    form = MessageForm(action="/x/")
    form.helper.form_id = "nouveau-message"
    form.helper.form_class = "fr-mb-2w"

    html = tag(form, rf.get("/"))

    assert 'id="nouveau-message"' in html and 'class="fr-mb-2w"' in html


def test_dsfr_form_bound_form_keeps_the_users_input(renders, rf):
    tag(MessageForm(action="/x/"), rf.get("/"))

    html = tag(MessageForm({"message-body": "Bonjour l'EAFC"}, action="/x/"), rf.post("/x/"))

    assert renders == ["MessageForm", "MessageForm"]
    assert "Bonjour l&#x27;EAFC" in html and html.count(CSRF_INPUT) == 1


# The request page ----------------------------------------------------------------------------
OFFICE_TRANSITIONS = {
    "request_corrections",
    "start_diagnostic",
    "validate",
    "reject",
    "postpone",
    "cancel",
}


@pytest.fixture
def campaign(academie):
    campaign = CampaignFactory(academie=academie)
    SubmissionWindowFactory(campaign=campaign)
    return campaign


def _under_review(campaign, school, **names):
    teacher = user_with_role(Role.ENSEIGNANT, etablissement=school, full_name=names["teacher"])
    colleague = user_with_role(Role.ENSEIGNANT, etablissement=school)
    head = user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=school)
    dafor = user_with_role(Role.DAFOR, academie=campaign.academie)
    ant = ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])
    with time_machine.travel(IN_WINDOW):
        workflow.perform(ant, "submit", by=teacher)
        workflow.perform(ant, "endorse", by=head)
        workflow.perform(ant, "start_review", by=dafor)
    return ant


@pytest.fixture
def under_review(campaign, school):
    return _under_review(campaign, school, teacher="Claire Martin")


def transition_forms(html, ant):
    """The page's transition forms: name → the form's inner HTML."""
    action = re.escape(reverse("requests:transition", args=[ant.pk, "NAME"]))
    pattern = r'<form[^>]*action="' + action.replace("NAME", r"(\w+)") + r'"[^>]*>(.*?)</form>'
    return dict(re.findall(pattern, html, flags=re.DOTALL))


def token_of(form_html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_html)[1]


def test_request_page_twice_has_a_token_in_each_transition_form(
    client, dafor, under_review, renders
):
    client.force_login(dafor)
    url = reverse("requests:detail", args=[under_review.pk])

    first = client.get(url).content.decode()
    rendered_first = len(renders)
    second = client.get(url).content.decode()

    assert rendered_first >= len(OFFICE_TRANSITIONS)
    assert len(renders) == rendered_first  # the second page reused every form's fields
    for html in (first, second):
        forms_ = transition_forms(html, under_review)
        assert set(forms_) == OFFICE_TRANSITIONS
        assert all(inner.count(CSRF_INPUT) == 1 for inner in forms_.values())


def test_request_page_token_in_shared_html_is_accepted(dafor, under_review, academie):
    url = reverse("requests:detail", args=[under_review.pk])
    other_office = user_with_role(Role.DAFOR, academie=academie)
    warm = Client()
    warm.force_login(other_office)
    warm.get(url)  # the forms' fields are now shared
    client = Client(enforce_csrf_checks=True)
    client.force_login(dafor)
    action = reverse("requests:transition", args=[under_review.pk, "start_diagnostic"])

    forms_ = transition_forms(client.get(url).content.decode(), under_review)
    refused = client.post(action, {"start_diagnostic-comment": ""})
    response = client.post(
        action,
        {
            "csrfmiddlewaretoken": token_of(forms_["start_diagnostic"]),
            "start_diagnostic-comment": "",
        },
    )

    assert refused.status_code == 403
    assert response.status_code == 302
    assert AntRequest.objects.get(pk=under_review.pk).state == State.DIAGNOSTIC


def test_request_page_missing_comment_shows_the_error_in_its_form_only(client, dafor, under_review):
    client.force_login(dafor)
    url = reverse("requests:detail", args=[under_review.pk])
    client.get(url)  # the blank forms are shared

    response = client.post(
        reverse("requests:transition", args=[under_review.pk, "request_corrections"]),
        {"request_corrections-comment": "   "},
    )
    forms_ = transition_forms(response.content.decode(), under_review)
    after = client.get(url).content.decode()

    assert response.status_code == 400
    assert COMMENT_REQUIRED in forms_["request_corrections"]
    assert "fr-input-group--error" in forms_["request_corrections"]
    assert forms_["request_corrections"].count(CSRF_INPUT) == 1
    # The other forms asking for a comment stay blank; the error was not shared.
    assert all(
        "fr-error-text" not in forms_[name] for name in OFFICE_TRANSITIONS - {"request_corrections"}
    )
    assert COMMENT_REQUIRED not in after and "fr-input-group--error" not in after
    assert AntRequest.objects.get(pk=under_review.pk).state == State.UNDER_REVIEW


def test_request_page_validate_form_offers_each_request_its_own_host_schools(
    client, dafor, campaign, under_review, other_school
):
    elsewhere = _under_review(campaign, other_school, teacher="Ines Haddad")
    client.force_login(dafor)

    pages = {
        ant.pk: transition_forms(
            client.get(reverse("requests:detail", args=[ant.pk])).content.decode(), ant
        )["validate"]
        for ant in (under_review, elsewhere)
    }

    assert "Collège Jean-Jaurès" in pages[under_review.pk]
    assert "Collège Pablo-Neruda" not in pages[under_review.pk]
    assert "Collège Pablo-Neruda" in pages[elsewhere.pk]
    assert "Collège Jean-Jaurès" not in pages[elsewhere.pk]
