"""The head of school informs their staff of a campaign (issue 9, point 4): « Il informe et
sensibilise ses personnels au dispositif des ANT ». One action per campaign and school, from
the published catalogue; the messages go through the outbox."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import dates
from accounts.models import Etablissement, Role
from accounts.permissions import etablissement_ids
from accounts.submissions import (
    AlreadySubmitted,
    SubmissionTokenForm,
    check_not_repeated,
    once,
)
from requests import services
from requests.models import Campaign


def catalogue_url(campaign):
    return f"{reverse('requests:catalogue')}#campagne-{campaign.pk}"


def _school_and_campaign(user, pk, school_value):
    """The school the head runs and the published campaign of its académie, or 404."""
    heads_of = etablissement_ids(user, Role.CHEF_ETABLISSEMENT)
    if not heads_of or not str(school_value).isdigit():
        raise Http404
    school = get_object_or_404(Etablissement, pk=int(school_value), pk__in=heads_of)
    campaign = get_object_or_404(
        Campaign,
        pk=pk,
        academie_id=school.academie_id,
        published_on__lte=timezone.localdate(),
    )
    return school, campaign


def already_sent_text(broadcast):
    return ngettext(
        "Les personnels de l'établissement %(school)s ont déjà été informés de cette campagne "
        "le %(date)s, par %(name)s (%(count)d personne).",
        "Les personnels de l'établissement %(school)s ont déjà été informés de cette campagne "
        "le %(date)s, par %(name)s (%(count)d personnes).",
        broadcast.recipients,
    ) % {
        "school": broadcast.school.name,
        "date": dates.letter_day(broadcast.sent_at),
        "name": broadcast.sent_by.full_name,
        "count": broadcast.recipients,
    }


@require_POST
def broadcast(request, pk):
    school, campaign = _school_and_campaign(request.user, pk, request.POST.get("school", ""))
    back = catalogue_url(campaign)
    token_form = SubmissionTokenForm(request.POST)
    try:
        check_not_repeated(token_form, user=request.user)
    except AlreadySubmitted as already:
        return already.response(request)
    try:
        with once(token_form, user=request.user, result_url=back):
            sent = services.broadcast_campaign(
                campaign=campaign, school=school, by=request.user, url=back
            )
    except AlreadySubmitted as already:
        return already.response(request)
    except services.AlreadyBroadcast as already:
        messages.info(request, already_sent_text(already.broadcast))
        return redirect(back)
    except services.CampaignOver:
        messages.error(
            request,
            _(
                "La campagne %(title)s est terminée : il n'y a plus lieu d'en informer vos "
                "personnels."
            )
            % {"title": campaign.title},
        )
        return redirect(back)
    if sent is None:
        messages.warning(
            request,
            _(
                "Aucun enseignant de l'établissement %(school)s n'a de compte dans "
                "Formations : aucun message n'a été envoyé."
            )
            % {"school": school.name},
        )
    else:
        messages.success(
            request,
            ngettext(
                "Le catalogue et les fenêtres de dépôt ont été envoyés à %(count)d personne de "
                "l'établissement %(school)s.",
                "Le catalogue et les fenêtres de dépôt ont été envoyés à %(count)d personnes de "
                "l'établissement %(school)s.",
                sent.recipients,
            )
            % {"count": sent.recipients, "school": school.name},
        )
    return redirect(back)
