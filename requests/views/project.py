"""Diagnostic meetings and the training project of an ANT request (issue 9, point 1).

Once the request is in diagnostic or validated, the office or a trainer who accepted records
the diagnostic meetings held with the team, its representatives and the trainers; then they
publish the training project, version after version (« possiblement évolutif »). The team,
the heads of the schools concerned, the accepted trainers and the office read it all; anyone
else who sees the request (a trainer merely proposed) does not, and gets a 404 on these pages.
Writing is the office's and the accepted trainers' (`permissions.may_write_project`).
"""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from accounts.submissions import SubmitOnceMixin, once
from requests import permissions, queries, revisions, services
from requests.forms.project import CompareForm, MeetingForm, RevisionForm
from requests.workflow import TransitionError


def _revisions(ant):
    """The project's versions, oldest first, from the prefetched project (no query)."""
    # A missing reverse one-to-one raises a subclass of AttributeError: getattr's default.
    project = getattr(ant, "training_project", None)
    return list(project.revisions.all()) if project is not None else []


def project_context(user, ant):
    """What the request page shows of the diagnostic and the project (`_detail_context`):
    nothing for whoever may not read them; the rest was read by `queries.load_request_page`."""
    if not permissions.shows_project(user, ant):
        return {"project_visible": False}
    versions = _revisions(ant)
    return {
        "project_visible": True,
        "meetings": list(ant.diagnostic_meetings.all()),
        "current_revision": versions[-1] if versions else None,
        "older_revisions": versions[-2::-1],
        "may_record_meeting": permissions.may_record_meeting(user, ant),
        "may_revise_project": permissions.may_revise_project(user, ant),
    }


def _visible_request(request, pk):
    ant = queries.get_request_for(request.user, pk)
    if not permissions.shows_project(request.user, ant):
        raise Http404
    return ant


@require_GET
def project_page(request, pk):
    """Every version of the project, the one in force first, and the differences between
    two of them (by default the last two)."""
    ant = _visible_request(request, pk)
    prefetch_related_objects([ant], *queries.project_collections(request.user, ant))
    versions = _revisions(ant)
    by_number = {version.number: version for version in versions}
    numbers = list(by_number)
    compare_form, changes, pair = None, None, None
    if len(versions) >= 2:
        data = request.GET if {"de", "a"} & set(request.GET) else None
        initial = {"de": numbers[-2], "a": numbers[-1]}
        compare_form = CompareForm(data, initial=initial, numbers=numbers)
        if data is None:
            pair = (by_number[numbers[-2]], by_number[numbers[-1]])
        elif compare_form.is_valid():
            first, second = compare_form.cleaned_data["de"], compare_form.cleaned_data["a"]
            pair = (by_number[first], by_number[second])
        if pair:
            changes = revisions.compare(*pair)
    return render(
        request,
        "requests/project/page.html",
        {
            "ant": ant,
            "versions": versions[::-1],
            "current_revision": versions[-1] if versions else None,
            "compare_form": compare_form,
            "pair": pair,
            "changes": changes,
            "may_revise_project": permissions.may_revise_project(request.user, ant),
        },
        status=400 if compare_form is not None and compare_form.is_bound and pair is None else 200,
    )


class MeetingCreateView(SubmitOnceMixin, FormView):
    """Record a diagnostic meeting: the office or a trainer who accepted the ANT."""

    form_class = MeetingForm
    template_name = "requests/project/meeting_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.ant = queries.get_request_for(request.user, kwargs["pk"])
        if not permissions.may_record_meeting(request.user, self.ant):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "ant": self.ant}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "ant": self.ant}

    def form_valid(self, form):
        url = f"{self.ant.get_absolute_url()}#diagnostic-projet"
        try:
            with once(form, user=self.request.user, result_url=url):
                services.record_meeting(
                    ant=self.ant,
                    held_on=form.cleaned_data["held_on"],
                    attendees=form.cleaned_data["attendees"],
                    findings=form.cleaned_data["findings"],
                    by=self.request.user,
                )
        except TransitionError as error:
            messages.error(self.request, str(error))
            return redirect(self.ant)
        messages.success(
            self.request,
            _(
                "La réunion de diagnostic est enregistrée\u00a0: l'équipe et les formateurs "
                "peuvent en lire les constats."
            ),
        )
        return redirect(url)


class RevisionCreateView(SubmitOnceMixin, FormView):
    """Publish the next version of the training project, written from the one in force."""

    form_class = RevisionForm
    template_name = "requests/project/revision_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.ant = queries.get_request_for(request.user, kwargs["pk"])
        if not permissions.may_revise_project(request.user, self.ant):
            raise Http404
        prefetch_related_objects([self.ant], *queries.project_collections(request.user, self.ant))
        versions = _revisions(self.ant)
        self.current = versions[-1] if versions else None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current": self.current}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "ant": self.ant,
            "current": self.current,
            "has_meeting": bool(self.ant.diagnostic_meetings.all()),
        }

    def form_valid(self, form):
        url = reverse("requests:project", args=[self.ant.pk])
        try:
            with once(form, user=self.request.user, result_url=url):
                revision = services.publish_revision(
                    ant=self.ant,
                    by=self.request.user,
                    based_on=form.cleaned_data["based_on"],
                    **form.content(),
                )
        except services.StaleRevision as error:
            # Nothing saved; the text as typed comes back, to publish on top of the new one.
            return self._show_again(form, str(error), status=409)
        except TransitionError as error:
            return self._show_again(form, str(error), status=400)
        messages.success(
            self.request,
            _("La version %(number)d du projet de formation est publiée.")
            % {"number": revision.number},
        )
        return redirect(url)

    def _show_again(self, form, error, *, status):
        # Read again: another version may have been published meanwhile.
        user = self.request.user
        self.ant = queries.get_request_for(user, self.ant.pk)
        prefetch_related_objects([self.ant], *queries.project_collections(user, self.ant))
        versions = _revisions(self.ant)
        self.current = versions[-1] if versions else None
        data = form.data.copy()
        data["based_on"] = str(self.current.number if self.current else 0)
        fresh = RevisionForm(data, current=self.current)
        fresh.is_valid()
        fresh.add_error(None, error)
        return self.render_to_response(self.get_context_data(form=fresh), status=status)
