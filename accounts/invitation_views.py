"""Invitations (issue 9, point 9): the office invites a person who has no account yet; the
person opens the link, chooses a password, and their account is ready (they are logged in).
A used, expired or unknown link shows a clear page, never a form."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import FormView

from accounts import invitations
from accounts.invitation_forms import AcceptInvitationForm, InvitationForm
from accounts.memberships import managed_academies
from accounts.models import Invitation
from accounts.submissions import SubmitOnceMixin, once

RECENT = 20


class InviteView(SubmitOnceMixin, FormView):
    form_class = InvitationForm
    template_name = "accounts/invitations/invite.html"

    def dispatch(self, request, *args, **kwargs):
        self.academies = managed_academies(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "academies": self.academies}

    def get_context_data(self, **kwargs):
        recent = (
            Invitation.objects.filter(academie_id__in=self.academies)
            .select_related("invited_by")
            .order_by("-created_at", "-pk")[:RECENT]
        )
        return {**super().get_context_data(**kwargs), "invitations": list(recent)}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with once(form, user=self.request.user) as submission:
                invitation = invitations.invite(
                    email=data["email"],
                    full_name=data["full_name"],
                    role=data["role"],
                    academie=data["academie"],
                    by=self.request.user,
                )
                submission.done(reverse("invitations"))
        except invitations.InvitationError as error:
            form.add_error("email", str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("L'invitation est envoyée à %(email)s.") % {"email": invitation.email},
        )
        return redirect("invitations")


@login_not_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request, token):
    invitation = invitations.find(token)
    if invitation is None:
        return _invalid(request, _("Ce lien d'invitation n'est pas valable."), status=404)
    if invitation.accepted_at is not None:
        return _invalid(
            request, _("Cette invitation a déjà servi : connectez-vous avec votre mot de passe.")
        )
    if invitation.is_expired():
        return _invalid(
            request,
            _("Cette invitation a expiré : demandez à l'EAFC de vous en envoyer une nouvelle."),
        )
    form = AcceptInvitationForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except invitations.InvitationError as error:
            return _invalid(request, str(error))
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Bienvenue : votre compte est créé."))
        return redirect("home")
    return render(
        request, "accounts/invitations/accept.html", {"form": form, "invitation": invitation}
    )


def _invalid(request, message, status=410):
    return render(request, "accounts/invitations/invalid.html", {"message": message}, status=status)
