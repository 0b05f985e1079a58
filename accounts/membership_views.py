"""The office's roles pages (issue 9, point 9): the académie's memberships with their history,
granting a role, ending one. For the EAFC/DAFOR and the administrators of the académie; a 404
for everyone else, and for a membership of another académie."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView

from accounts import memberships
from accounts.membership_forms import GrantForm
from accounts.models import RoleMembership
from accounts.submissions import SubmitOnceMixin, once

PAGE_SIZE = 50
FILTERS = {"en-cours": True, "terminees": False, "toutes": None}


@require_GET
def membership_list(request):
    academies = memberships.managed_academies(request.user)
    state = request.GET.get("etat", "en-cours")
    if state not in FILTERS:
        state = "en-cours"
    qs = memberships.memberships_of(academies, current=FILTERS[state])
    context = {
        "page": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "state": state,
        "filters": [
            ("en-cours", _("En cours")),
            ("terminees", _("Terminés")),
            ("toutes", _("Tous")),
        ],
        "changes": list(memberships.recent_changes(academies)),
    }
    return render(request, "accounts/memberships/list.html", context)


class GrantView(SubmitOnceMixin, FormView):
    form_class = GrantForm
    template_name = "accounts/memberships/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.academies = memberships.managed_academies(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "academies": self.academies}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with once(form, user=self.request.user) as submission:
                membership = memberships.grant(
                    user=data["email"],
                    role=data["role"],
                    academie=data["academie"],
                    etablissement=data.get("etablissement"),
                    district=data.get("district"),
                    by=self.request.user,
                )
                submission.done(reverse("memberships"))
        except memberships.MembershipError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Rôle attribué : %(membership)s, à %(name)s.")
            % {"membership": membership, "name": membership.user.full_name},
        )
        return redirect("memberships")


@require_POST
def end_membership(request, pk):
    academies = memberships.managed_academies(request.user)
    membership = get_object_or_404(
        RoleMembership.objects.filter(academie_id__in=academies).select_related("user"), pk=pk
    )
    try:
        memberships.end(membership=membership, by=request.user)
    except memberships.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Le rôle de %(name)s a pris fin aujourd'hui ; il reste dans l'historique.")
            % {"name": membership.user.full_name},
        )
    return redirect("memberships")
