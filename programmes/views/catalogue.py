"""The programme catalogue (issue 10, point 1).

Public pages, no log-in: every académie's programmes, and a page per programme with its
presentation, period, status, contacts and resources. The programme's staff (a current `STAFF`
membership) edit it, see who changed what and when, and manage its people; anyone else, another
programme's staff or another académie's included, gets a 404. « Mes programmes » lists the
programmes a logged-in person takes part in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import FormView

from accounts import dates
from accounts.submissions import AlreadySubmitted, SubmissionTokenForm, SubmitOnceMixin, once
from programmes import catalogue
from programmes.forms.catalogue import (
    ContactFormSet,
    EndForm,
    GrantForm,
    ProgrammeForm,
    ResourceFormSet,
)
from programmes.models import Programme, ProgrammeMembership, ProgrammeResource
from programmes.permissions import current_memberships, is_staff_of, programme_for_staff_or_404

# Where a logged-in person acts in each programme, after reading its public page: a partial
# template per programme. A part may write its own `_catalogue_actions.html` in its template
# folder; until it does, the catalogue's partial for the kind links to the part's pages (with
# `{% url … as %}`, so that a route renamed or not there yet hides its link rather than break
# the public page); the default partial stands in for the rest. `{% include %}` takes the
# first that exists.
PART_FOLDERS = {
    Programme.Kind.AMBITION_CONFIANCE: "brigade",
    Programme.Kind.AMBASSADEURS: "ambassadeurs",
    Programme.Kind.MAGISTERE: "magistere",
}
DEFAULT_ACTIONS = "programmes/catalogue/_actions_default.html"


def actions_templates(programme):
    names = []
    if programme.kind in PART_FOLDERS:
        names.append(f"programmes/{PART_FOLDERS[programme.kind]}/_catalogue_actions.html")
    names.append(f"programmes/catalogue/_actions_{programme.kind}.html")
    names.append(DEFAULT_ACTIONS)
    return names


# --- public pages -------------------------------------------------------------------------------
@login_not_required
@require_GET
def programme_list(request):
    return render(
        request,
        "programmes/catalogue/list.html",
        {"programmes": list(catalogue.public_programmes())},
    )


@login_not_required
@require_GET
def programme_detail(request, slug):
    try:
        programme = catalogue.public_programme(slug)
    except Programme.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "programmes/catalogue/detail.html",
        {
            "programme": programme,
            "actions_templates": actions_templates(programme),
            "may_manage": request.user.is_authenticated and is_staff_of(request.user, programme),
        },
    )


@login_not_required
@require_GET
def resource_download(request, slug, pk):
    """A document resource of the public page, downloaded (never shown inline)."""
    resource = get_object_or_404(
        ProgrammeResource.objects.exclude(file=""), programme__slug=slug, pk=pk
    )
    name = resource.file.name.rsplit("/", 1)[-1]
    return FileResponse(resource.file.open("rb"), as_attachment=True, filename=name)


# --- « Mes programmes » ---------------------------------------------------------------------
@require_GET
def my_programmes(request):
    """The user's programmes, each with their current function(s): one query."""
    memberships = (
        current_memberships(request.user)
        .select_related("programme", "programme__academie")
        .order_by("programme__title", "programme__pk", "function")
    )
    programmes = {}
    for membership in memberships:
        entry = programmes.setdefault(
            membership.programme_id,
            {"programme": membership.programme, "functions": [], "is_staff": False},
        )
        entry["functions"].append(membership)
        if membership.function == ProgrammeMembership.Function.STAFF:
            entry["is_staff"] = True
    entries = list(programmes.values())
    for entry in entries:
        entry["actions_templates"] = actions_templates(entry["programme"])
    return render(request, "programmes/catalogue/mine.html", {"entries": entries})


# --- the programme's staff ------------------------------------------------------------------
@require_GET
def manage(request, slug):
    """The staff's page of the programme: its people and the history of its changes."""
    programme = programme_for_staff_or_404(request.user, slug)
    current, ended = catalogue.memberships_of(programme)
    return render(
        request,
        "programmes/catalogue/manage.html",
        {
            "programme": programme,
            "current": current,
            "ended": ended,
            "history": catalogue.history(programme),
        },
    )


@require_http_methods(["GET", "POST"])
def edit(request, slug):
    """The programme, its contacts and its resources, saved together or not at all."""
    programme = programme_for_staff_or_404(request.user, slug)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProgrammeForm(data, instance=programme)
    contacts = ContactFormSet(data, instance=programme, prefix="contacts")
    resources = ResourceFormSet(data, files, instance=programme, prefix="ressources")
    # New contacts and resources are created here: a second post of the same page saves
    # nothing twice.
    token = SubmissionTokenForm(data)
    # Every form is validated, so that every error shows at once.
    valid = [form.is_valid(), contacts.is_valid(), resources.is_valid()]
    if request.method == "POST" and all(valid):
        result = reverse("programmes:manage", args=[programme.slug])
        try:
            with once(token, user=request.user, result_url=result):
                catalogue.save_programme(form=form, contacts=contacts, resources=resources)
        except AlreadySubmitted as already:
            return already.response(request)
        messages.success(request, _("Le programme est enregistré."))
        return redirect(result)
    forms_with_errors = bool(form.errors) or any(
        f.errors for formset in (contacts, resources) for f in formset.forms
    )
    return render(
        request,
        "programmes/catalogue/edit.html",
        {
            "programme": programme,
            "form": form,
            "contacts": contacts,
            "resources": resources,
            "token": token,
            "has_errors": forms_with_errors
            or bool(contacts.non_form_errors() or resources.non_form_errors()),
        },
    )


class GrantView(SubmitOnceMixin, FormView):
    form_class = GrantForm
    template_name = "programmes/catalogue/grant.html"

    def dispatch(self, request, *args, **kwargs):
        self.programme = programme_for_staff_or_404(request.user, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "programme": self.programme}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "programme": self.programme}

    def form_valid(self, form):
        data = form.cleaned_data
        result = reverse("programmes:manage", args=[self.programme.slug])
        try:
            with once(form, user=self.request.user, result_url=result):
                membership = catalogue.grant_membership(
                    programme=self.programme,
                    user=data["email"],
                    function=data["function"],
                    started_on=data["started_on"],
                    by=self.request.user,
                )
        except catalogue.MembershipError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Fonction «\u00a0%(function)s\u00a0» attribuée à %(name)s depuis le %(date)s.")
            % {
                "name": membership.user.full_name,
                "function": membership.get_function_display(),
                "date": dates.letter_day(membership.started_on),
            },
        )
        return redirect(result)


class EndView(FormView):
    form_class = EndForm
    template_name = "programmes/catalogue/end.html"

    def dispatch(self, request, *args, **kwargs):
        self.programme = programme_for_staff_or_404(request.user, kwargs["slug"])
        self.membership = get_object_or_404(
            self.programme.memberships.select_related("user"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"ended_on": timezone.localdate()}

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "membership": self.membership}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "programme": self.programme,
            "membership": self.membership,
        }

    def form_valid(self, form):
        try:
            membership = catalogue.end_membership(
                membership=self.membership,
                ended_on=form.cleaned_data["ended_on"],
                by=self.request.user,
            )
        except catalogue.MembershipError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "La fonction «\u00a0%(function)s\u00a0» de %(name)s prend fin le %(date)s\u00a0; "
                "elle restera dans la liste des fonctions terminées."
            )
            % {
                "function": membership.get_function_display(),
                "name": membership.user.full_name,
                "date": dates.letter_day(membership.ended_on),
            },
        )
        return redirect("programmes:manage", self.programme.slug)
