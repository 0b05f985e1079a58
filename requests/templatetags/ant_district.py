"""The request page's district part (issue 9, point 3): the CLIF's or the coordinator's form
proposing the host school, shown only to those who may propose it."""

from django import template

from requests.forms.clif import HostProposalForm
from requests.permissions import may_propose_host_school

register = template.Library()


@register.simple_tag(takes_context=True)
def host_proposal_form(context, ant):
    """The proposal form for the page's user, or None when it is not theirs to propose."""
    user = context["request"].user
    if not may_propose_host_school(user, ant):
        return None
    return HostProposalForm(ant=ant)
