"""The office's part of the request page about opinions (« avis externes »): the opinions
asked on the request with their answers, and the form to ask another. Read here so that the
request page includes it in one line, and only for the office: for anyone else nothing is
read and nothing is shown."""

from django import template
from django.urls import reverse

from accounts.submissions import SubmissionTokenForm
from requests import opinions, permissions
from requests.forms.opinions import OpinionRequestForm

register = template.Library()


@register.simple_tag
def office_opinions(ant, user):
    """{"opinions": […], "form": the asking form or None, "withdraw_form": the token of the
    withdraw buttons or None}, or None for anyone but the office."""
    if not permissions.is_office(user, ant):
        return None
    form = None
    if opinions.may_ask(user, ant):
        form = OpinionRequestForm(
            ant=ant, by=user, action=reverse("requests:opinion_ask", args=[ant.pk])
        )
    asked = opinions.office_opinions(ant)
    # One token for the « Retirer » buttons of the opinions not answered yet.
    withdraw_form = (
        SubmissionTokenForm(auto_id=False) if any(not o.is_answered for o in asked) else None
    )
    return {"opinions": asked, "form": form, "withdraw_form": withdraw_form}
