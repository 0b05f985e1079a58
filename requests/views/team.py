"""The team's and the heads' side of ANT requests, and the request page itself.

Every view looks the request up with `queries.get_request_for` (404 for anyone who may not see
it); actions are small POST views that call one service or `workflow.perform`, turn a
TransitionError into a message and redirect to the request page. When a form is invalid, the
page is shown again with the form's errors, nothing saved. A form sent twice (a double click)
is saved once: its second post is sent to the first one's result (accounts/submissions.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import FormView

from accounts.models import Role
from accounts.permissions import has_role
from accounts.submissions import (
    AlreadySubmitted,
    SubmissionTokenForm,
    SubmitOnceMixin,
    check_not_repeated,
    once,
)
from requests import permissions, queries, services, workflow
from requests.forms.team import (
    AntRequestForm,
    AttachmentForm,
    DiagnosticNoteForm,
    InviteForm,
    MessageForm,
    StaffNoteForm,
    TransitionForm,
    published_campaigns,
)
from requests.models import State, TeamMember
from requests.views.back import back_link
from requests.views.project import project_context
from requests.workflow import TransitionError

PAGE_SIZE = 20
# The office decides in its own area of the page; other transitions are plain actions.
DECISIONS = ("validate", "reject", "postpone")


def _page(queryset, request, param):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(param))


def _is_school_staff(user):
    return has_role(user, Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT)


def _may_draft(user):
    # The staff of a school, and the CLIF for their district (issue 9, point 3).
    return _is_school_staff(user) or has_role(user, Role.CLIF)


# Lists -------------------------------------------------------------------------------------
@require_GET
def request_list(request):
    user = request.user
    is_head = has_role(user, Role.CHEF_ETABLISSEMENT)
    context = {
        "may_create": _may_draft(user),
        "is_head": is_head,
        "invitations": list(
            TeamMember.objects.filter(user=user, status=TeamMember.Status.INVITED)
            .select_related("request", "request__coordinator", "request__coordinating_school")
            .order_by("-invited_at")
        ),
        "mine": _page(queries.my_requests(user), request, "page"),
    }
    if is_head:
        context["to_endorse"] = _page(queries.awaiting_endorsement(user), request, "visa")
        context["schools_page"] = _page(queries.school_requests(user), request, "etab")
    return render(request, "requests/team/list.html", context)


# Create and edit ---------------------------------------------------------------------------
def window_status(campaign, today=None):
    """What the team is told about submitting: the window open now, or the next one."""
    if campaign is None:
        return {}
    today = today or timezone.localdate()
    prefetch_related_objects([campaign], "windows")
    return {
        "campaign": campaign,
        "open": campaign.open_window(today),
        "next": campaign.next_window(today),
    }


class AntRequestCreateView(SubmitOnceMixin, FormView):
    form_class = AntRequestForm
    template_name = "requests/team/form.html"

    def dispatch(self, request, *args, **kwargs):
        # Drafting is for the staff of a school (teachers, heads) and the CLIF; others have
        # no such page.
        if not _may_draft(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaigns = published_campaigns(self.request.user)
        context["has_campaign"] = campaigns.exists()
        context["window"] = window_status(campaigns.first())
        return context

    def form_valid(self, form):
        with once(form, user=self.request.user) as submission:
            ant = services.create_request(
                campaign=form.cleaned_data["campaign"],
                coordinator=self.request.user,
                schools=form.cleaned_data["schools"],
                **form.project_fields(),
            )
            submission.done(ant.get_absolute_url())
        messages.success(
            self.request,
            _(
                "Le brouillon %(reference)s est enregistré. Invitez vos collègues puis "
                "transmettez la demande à votre chef d'établissement."
            )
            % {"reference": ant.reference},
        )
        return redirect(ant)


class AntRequestEditView(FormView):
    form_class = AntRequestForm
    template_name = "requests/team/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.ant = queries.get_request_for(request.user, kwargs["pk"])
        if not permissions.may_edit(request.user, self.ant):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.ant}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ant"] = self.ant
        context["has_campaign"] = True
        context["window"] = window_status(self.ant.campaign)
        return context

    def form_valid(self, form):
        try:
            services.update_request(
                ant=self.ant,
                by=self.request.user,
                schools=form.cleaned_data["schools"],
                **form.project_fields(),
            )
        except TransitionError as error:
            messages.error(self.request, str(error))
        else:
            messages.success(self.request, _("Les modifications sont enregistrées."))
        return redirect(self.ant)


# The request page --------------------------------------------------------------------------
def _detail_context(request, ant, bound=None):
    """Everything the page shows; `bound` replaces a blank form by the one just posted (with
    its errors), keyed by the form's name."""
    user = request.user
    bound = bound or {}
    pk = ant.pk
    queries.load_request_page(user, ant)
    is_office = permissions.is_office(user, ant)
    may_edit = permissions.may_edit(user, ant)
    may_manage = permissions.may_manage_team(user, ant)

    actions, decisions = [], []
    # One reverse() for all the transitions' URLs, which differ only by the name.
    url = reverse("requests:transition", args=[pk, "transition-name"])
    for transition in workflow.available(ant, user):
        form = bound.get(f"transition:{transition.name}") or TransitionForm(
            transition=transition,
            ant=ant,
            action=url.replace("transition-name", transition.name),
        )
        (decisions if transition.name in DECISIONS else actions).append(form)

    members = list(ant.members.all())
    invitation = next(
        (m for m in members if m.user_id == user.pk and m.status == TeamMember.Status.INVITED),
        None,
    )
    if may_manage:
        for member in members:  # each row's "Retirer" form, sent once
            member.remove_form = SubmissionTokenForm(auto_id=False)
    context = {
        "ant": ant,
        "schools": sorted(ant.schools.all(), key=lambda school: queries.french_order(school.name)),
        "members": members,
        "invitation": invitation,
        "invitation_form": SubmissionTokenForm(auto_id=False) if invitation else None,
        "is_office": is_office,
        "may_edit": may_edit,
        "may_manage_team": may_manage,
        "may_post": permissions.may_post_to_thread(user, ant),
        "may_issue_mission_orders": permissions.may_issue_mission_orders(user, ant),
        "convocation_serves_as_order": permissions.convocation_serves_as_mission_order(user, ant),
        "actions": actions,
        "decisions": decisions,
        "steps": ant.transitions.all(),
        "thread": ant.thread.all(),
        "attachments": ant.attachments.all(),
        "assignments": [
            a for a in ant.assignments.all() if is_office or a.status == a.Status.ACCEPTED
        ],
        "window": window_status(ant.campaign)
        if any(f.transition.name == "submit" for f in actions)
        else {},
    }
    if may_manage:
        context["invite_form"] = bound.get("invite") or InviteForm(
            action=reverse("requests:invite", args=[pk])
        )
    if may_edit:
        context["attachment_form"] = bound.get("attachment") or AttachmentForm(
            action=reverse("requests:attachment_upload", args=[pk])
        )
    if context["may_post"]:
        context["message_form"] = bound.get("message") or MessageForm(
            action=reverse("requests:post_message", args=[pk])
        )
    if is_office:
        # Office-only material: never queried for anyone else.
        context["staff_notes"] = ant.staff_notes.all()
        context["staff_note_form"] = bound.get("staff_note") or StaffNoteForm(
            action=reverse("requests:staff_note", args=[pk])
        )
        context["diagnostic_notes"] = ant.diagnostic_notes.all()
        if ant.state == State.DIAGNOSTIC:
            context["diagnostic_form"] = bound.get("diagnostic") or DiagnosticNoteForm(
                action=reverse("requests:diagnostic_note", args=[pk])
            )
    context.update(project_context(user, ant))  # diagnostic meetings, training project
    return context


def _render_detail(request, ant, bound=None, status=200):
    context = _detail_context(request, ant, bound)
    context["back"] = back_link(request, is_office=context["is_office"])
    return render(request, "requests/detail.html", context, status=status)


@require_GET
def detail(request, pk):
    ant = queries.get_request_for(request.user, pk)
    return _render_detail(request, ant)


# Actions -----------------------------------------------------------------------------------
@require_POST
def transition(request, pk, name):
    ant = queries.get_request_for(request.user, pk)
    step = workflow.TRANSITIONS.get(name)
    if step is None:
        raise Http404
    form = TransitionForm(
        request.POST,
        transition=step,
        ant=ant,
        action=reverse("requests:transition", args=[pk, name]),
    )
    try:
        # The same form sent again once its transition is done (a double click): the request
        # has moved on, so the checks below would refuse what has in fact been done.
        check_not_repeated(form, user=request.user)
    except AlreadySubmitted as already:
        return _transition_already_done(request, ant, already)
    if step not in workflow.available(ant, request.user):
        # A stale page (the request moved on) or someone else's move: nothing is done.
        if ant.state not in step.sources:
            messages.error(
                request,
                _("Cette action n'est pas possible quand la demande est « %(state)s ».")
                % {"state": ant.get_state_display()},
            )
        else:
            messages.error(request, _("Cette action ne vous revient pas."))
        return redirect(ant)
    if not form.is_valid():
        messages.error(request, _("L'action n'a pas été effectuée : corrigez le formulaire."))
        return _render_detail(request, ant, {f"transition:{name}": form}, status=400)
    try:
        with once(form, user=request.user, result_url=ant.get_absolute_url()):
            workflow.perform(
                ant,
                name,
                by=request.user,
                comment=form.cleaned_data["comment"],
                data=form.perform_data(),
            )
    except AlreadySubmitted as already:  # sent twice at once: the other post did it
        return _transition_already_done(request, ant, already)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("C'est fait : la demande est maintenant « %(state)s ».")
            % {"state": ant.get_state_display()},
        )
    return redirect(ant)


def _transition_already_done(request, ant, already):
    ant.refresh_from_db(fields=["state"])
    messages.success(
        request,
        _(
            "Cette action était déjà faite, elle n'a pas été refaite : la demande est "
            "maintenant « %(state)s »."
        )
        % {"state": ant.get_state_display()},
    )
    return redirect(already.url)


@require_POST
def invite(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.may_manage_team(request.user, ant):
        raise Http404
    form = InviteForm(request.POST, action=reverse("requests:invite", args=[pk]))
    if not form.is_valid():
        return _render_detail(request, ant, {"invite": form}, status=400)
    try:
        with once(form, user=request.user, result_url=ant.get_absolute_url()):
            member = services.invite_member(
                ant=ant, email=form.cleaned_data["email"], by=request.user
            )
    except AlreadySubmitted as already:
        return already.response(request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s est invité à rejoindre l'équipe.") % {"name": member.user.full_name},
        )
    return redirect(ant)


@require_POST
def answer_invitation(request, pk):
    ant = queries.get_request_for(request.user, pk)
    form = SubmissionTokenForm(request.POST)
    try:
        # Answered by the first click: the invitation is gone, yet the answer was recorded.
        check_not_repeated(form, user=request.user)
    except AlreadySubmitted as already:
        return already.response(request)
    member = next(
        (
            m
            for m in ant.members.all()
            if m.user_id == request.user.pk and m.status == TeamMember.Status.INVITED
        ),
        None,
    )
    if member is None:
        raise Http404
    answer = request.POST.get("answer")
    if answer not in ("accept", "decline"):
        messages.error(request, _("Choisissez de rejoindre l'équipe ou de décliner."))
        return redirect(ant)
    accept = answer == "accept"
    url = ant.get_absolute_url() if accept else reverse("requests:list")
    try:
        with once(form, user=request.user, result_url=url):
            services.answer_invitation(member=member, accept=accept)
    except AlreadySubmitted as already:
        return already.response(request)
    except TransitionError as error:
        messages.error(request, str(error))
        return redirect(ant)
    if accept:
        messages.success(request, _("Vous avez rejoint l'équipe."))
        return redirect(ant)
    messages.success(request, _("Vous avez décliné l'invitation."))
    return redirect("requests:list")


@require_POST
def remove_member(request, pk, member_pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.may_manage_team(request.user, ant):
        raise Http404
    form = SubmissionTokenForm(request.POST)
    try:
        check_not_repeated(form, user=request.user)  # removed by the first click
    except AlreadySubmitted as already:
        return already.response(request)
    member = next((m for m in ant.members.all() if m.pk == member_pk), None)
    if member is None:
        raise Http404
    try:
        with once(form, user=request.user, result_url=ant.get_absolute_url()):
            services.remove_member(member=member, by=request.user)
    except AlreadySubmitted as already:
        return already.response(request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s ne fait plus partie de l'équipe.") % {"name": member.user}
        )
    return redirect(ant)


@require_POST
def attachment_upload(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.may_edit(request.user, ant):
        raise Http404
    form = AttachmentForm(
        request.POST, request.FILES, action=reverse("requests:attachment_upload", args=[pk])
    )
    if not form.is_valid():
        messages.error(request, _("Le fichier n'a pas été ajouté : voyez la pièce jointe."))
        return _render_detail(request, ant, {"attachment": form}, status=400)
    url = f"{ant.get_absolute_url()}#pieces"
    try:
        with once(form, user=request.user, result_url=url):
            attachment = services.add_attachment(
                ant=ant, upload=form.cleaned_data["file"], by=request.user
            )
    except AlreadySubmitted as already:
        return already.response(request)
    messages.success(request, _("« %(name)s » est ajouté.") % {"name": attachment.name})
    return redirect(url)


@require_GET
def attachment_download(request, pk, att_pk):
    ant = queries.get_request_for(request.user, pk)
    attachment = next((a for a in ant.attachments.all() if a.pk == att_pk), None)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type="application/pdf"
    )


@require_POST
def post_message(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.may_post_to_thread(request.user, ant):
        raise Http404
    form = MessageForm(request.POST, action=reverse("requests:post_message", args=[pk]))
    if not form.is_valid():
        return _render_detail(request, ant, {"message": form}, status=400)
    url = f"{ant.get_absolute_url()}#echanges"
    try:
        with once(form, user=request.user, result_url=url):
            services.post_message(ant=ant, author=request.user, body=form.cleaned_data["body"])
    except AlreadySubmitted as already:
        return already.response(request)
    except services.TooManyMessages as error:
        # Nothing is saved; the page comes back with the text as typed, to send a bit later.
        form.add_error(None, str(error))
        return _render_detail(request, ant, {"message": form}, status=429)
    messages.success(request, _("Votre message est envoyé."))
    return redirect(url)


@require_POST
def staff_note(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.is_office(request.user, ant):
        raise Http404
    form = StaffNoteForm(request.POST, action=reverse("requests:staff_note", args=[pk]))
    if not form.is_valid():
        return _render_detail(request, ant, {"staff_note": form}, status=400)
    url = f"{ant.get_absolute_url()}#notes"
    try:
        with once(form, user=request.user, result_url=url):
            services.add_staff_note(ant=ant, author=request.user, body=form.cleaned_data["body"])
    except AlreadySubmitted as already:
        return already.response(request)
    messages.success(request, _("La note interne est ajoutée."))
    return redirect(url)


@require_POST
def diagnostic_note(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.is_office(request.user, ant):
        raise Http404
    form = DiagnosticNoteForm(request.POST, action=reverse("requests:diagnostic_note", args=[pk]))
    if not form.is_valid():
        return _render_detail(request, ant, {"diagnostic": form}, status=400)
    url = f"{ant.get_absolute_url()}#diagnostic"
    try:
        with once(form, user=request.user, result_url=url):
            services.add_diagnostic_note(
                ant=ant,
                author=request.user,
                meeting_on=form.cleaned_data["meeting_on"],
                body=form.cleaned_data["body"],
            )
    except AlreadySubmitted as already:
        return already.response(request)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Le compte rendu de diagnostic est ajouté."))
    return redirect(url)
