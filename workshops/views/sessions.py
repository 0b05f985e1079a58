"""The page of a session, and scheduling (create, edit, cancel), and a trainer's list of the
sessions they run.

Programmer: the programme is looked up among those the user may schedule in (any other is a
404), and so is the record the session belongs to (`?ant=`, `?parcours_session=`, `?team=`,
`?module=`, `?cohort=`: a record of another programme or académie is a 404). Edit and cancel:
the session is looked up among those the user manages (404 otherwise). Views check, call one
service (workshops/services.py), render; a refusal becomes the form's message."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import BooleanField, Case, F, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.submissions import AlreadySubmitted, check_not_repeated, once
from programmes.models import Cohort, ParcoursSession, Programme, TrainerTeam, TrainingModule
from requests.models import AntRequest
from workshops import enrolment, permissions, scheduling, services
from workshops.forms import CancelSessionForm, SessionForm
from workshops.models import Participant, Session, SessionTrainer

PAGE_SIZE = 20
HISTORY_SIZE = 20


def detail(request, pk):
    session = permissions.session_for_viewer_or_404(
        request.user,
        pk,
        Session.objects.select_related(
            "programme",
            "academie",
            "host_school__academie",
            "ant_request",
            "parcours_session__parcours",
            "trainer_team",
            "training_module",
            "cohort",
        ),
    )
    trainers = list(session.trainers.select_related("user"))
    manages = permissions.may_manage(request.user, session)
    participants = (
        list(
            session.participants.exclude(status=Participant.Status.CANCELLED)
            .select_related("user")
            .order_by("status", "created_at", "pk")
        )
        if manages
        else []
    )
    mine = session.participants.filter(user=request.user).first()
    context = {
        "session": session,
        "trainers": trainers,
        "manages": manages,
        "participants": participants,
        "mine": mine,
        **enrolment.detail_context(request.user, session, mine),
    }
    # --- part A: the managers' actions, the warnings and the history (_manage.html) ---
    if manages:
        context.update(
            may_edit=permissions.may_edit_session(request.user, session),
            scheduling_warnings=(
                scheduling.warnings(session) if session.status != Session.Status.CANCELLED else []
            ),
            session_history=_history(session),
        )
    # --- end of part A ---
    return render(request, "workshops/session/detail.html", context)


# --- part A: scheduling ---
# The names the history gives the fields it shows changed.
HISTORY_LABELS = {
    "title": gettext_lazy("intitulé"),
    "level": gettext_lazy("niveau"),
    "school_year": gettext_lazy("année scolaire"),
    "term": gettext_lazy("trimestre"),
    "planning_note": gettext_lazy("programmation"),
    "host_school": gettext_lazy("établissement d'accueil"),
    "room": gettext_lazy("salle"),
    "online_url": gettext_lazy("lien de la classe virtuelle"),
    "starts_at": gettext_lazy("début"),
    "ends_at": gettext_lazy("fin"),
    "capacity": gettext_lazy("nombre de places"),
    "public": gettext_lazy("public"),
    "status": gettext_lazy("état"),
    "description": gettext_lazy("présentation"),
    "cancel_reason": gettext_lazy("motif de l'annulation"),
}


def _history(session):
    """The session's recorded versions, newest first, each with the fields it changed."""
    records = list(
        session.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : HISTORY_SIZE + 1
        ]
    )
    entries = []
    for index, record in enumerate(records[:HISTORY_SIZE]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changed = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=["sequence"])
            changed = [
                str(HISTORY_LABELS.get(change.field, change.field)) for change in delta.changes
            ]
        entries.append({"record": record, "changed": changed})
    return entries


# The records a session may belong to: query parameter → (Session field, model, the
# lookup from the record to its programme, the programme kind).
LINKS = {
    "ant": ("ant_request", AntRequest, None, Programme.Kind.ANT),
    "parcours_session": ("parcours_session", ParcoursSession, None, Programme.Kind.MAGISTERE),
    "team": ("trainer_team", TrainerTeam, "brigade__programme", None),
    "module": ("training_module", TrainingModule, "promotion__brigade__programme", None),
    "cohort": ("cohort", Cohort, "convention__programme", None),
}


def _link_from_query(request, programmes):
    """The programme and the record named by the query string, each among what the user may
    schedule in (404 otherwise)."""
    slug = request.GET.get("programme")
    programme = get_object_or_404(programmes, slug=slug) if slug else None
    links = {}
    for param, (field, model, to_programme, kind) in LINKS.items():
        value = request.GET.get(param)
        if not value:
            continue
        if not value.isdigit():
            raise Http404
        if to_programme is not None:  # records of one programme
            record = get_object_or_404(
                model.objects.filter(**{f"{to_programme}__in": programmes}), pk=value
            )
            owner = Programme.objects.get(pk=getattr_path(record, to_programme).pk)
        else:  # records of an académie (ANT, M@gistère sessions): its programme of that kind
            record = get_object_or_404(
                model.objects.filter(academie__in=programmes.filter(kind=kind).values("academie")),
                pk=value,
            )
            owner = (
                programme
                if programme is not None
                and programme.kind == kind
                and programme.academie_id == record.academie_id
                else programmes.filter(kind=kind, academie_id=record.academie_id)
                .order_by("pk")
                .first()
            )
        if owner is None or (programme is not None and owner.pk != programme.pk):
            raise Http404
        programme = owner
        links[field] = record
    if programme is None:
        raise Http404
    return programme, links


def getattr_path(obj, path):
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


def _initial_from_links(programme, links):
    initial = {"status": Session.Status.PLANNED}
    if "ant_request" in links:
        ant = links["ant_request"]
        initial["title"] = ant.title
        if ant.host_school_id is not None:
            initial["host_school_uai"] = ant.host_school.uai
    if "parcours_session" in links:
        initial["title"] = _("Journée en présence — %(parcours)s") % {
            "parcours": links["parcours_session"].parcours.title
        }
    if "trainer_team" in links:
        team = links["trainer_team"]
        initial["title"] = _("Atelier ambition-confiance — %(team)s") % {"team": team.name}
        initial["level"] = team.get_level_display()
        initial["trainer_team"] = team.pk
    if "training_module" in links:
        initial["title"] = links["training_module"].title
    if "cohort" in links:
        initial["title"] = _("Atelier pratique participatif — cohorte %(year)s") % {
            "year": links["cohort"].school_year
        }
    return initial


def _teams(programme):
    if programme.kind != Programme.Kind.AMBITION_CONFIANCE:
        return None
    return TrainerTeam.objects.filter(brigade__programme=programme).order_by("level", "name")


@require_http_methods(["GET", "POST"])
def create(request):
    """« Programmer une séance »."""
    programmes = permissions.schedulable_programmes(request.user).select_related("academie")
    programme, links = _link_from_query(request, programmes)
    initial = _initial_from_links(programme, links)
    if not permissions.schedules_for_others(request.user, programme):
        initial["trainers"] = [request.user.pk]
    form = SessionForm(
        request.POST or None, programme=programme, teams=_teams(programme), initial=initial
    )
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                data = form.cleaned_data
                fields = {**form.session_fields(), **links}
                team = data.get("trainer_team")
                if team is not None:
                    fields["trainer_team"] = team
                with once(form, user=request.user) as submission:
                    session = services.schedule_session(
                        programme=programme,
                        by=request.user,
                        trainers=list(data["trainers"]),
                        lead=data.get("lead"),
                        **fields,
                    )
                    submission.done(reverse("workshops:detail", args=[session.pk]))
                messages.success(
                    request,
                    _("La séance «\u00a0%(title)s\u00a0» est programmée.")
                    % {"title": session.title},
                )
                return redirect("workshops:detail", session.pk)
        except AlreadySubmitted as already:
            return already.response(request)
        except services.SchedulingError as error:
            for message in error.messages:
                form.add_error(None, message)
    return render(
        request,
        "workshops/session/form.html",
        {"form": form, "programme": programme, "links": links, "session": None},
    )


def _managed_or_404(request, pk):
    return permissions.session_for_manager_or_404(
        request.user, pk, Session.objects.select_related("programme__academie", "host_school")
    )


@require_http_methods(["GET", "POST"])
def edit(request, pk):
    """« Modifier la séance »."""
    session = _managed_or_404(request, pk)
    if not permissions.may_edit_session(request.user, session):
        messages.error(request, _("Une séance annulée ou réalisée ne peut plus être modifiée."))
        return redirect("workshops:detail", session.pk)
    trainers = list(session.trainers.select_related("user"))
    form = SessionForm(
        request.POST or None,
        instance=session,
        programme=session.programme,
        initial=SessionForm.initial_for(session, trainers),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(data["trainers"])
        try:
            services.update_session(
                session=Session.objects.select_related("programme__academie", "host_school").get(
                    pk=session.pk
                ),
                by=request.user,
                trainers=chosen if (chosen or data.get("lead")) else None,
                lead=data.get("lead"),
                **form.session_fields(),
            )
        except services.SchedulingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("La séance est modifiée."))
            return redirect("workshops:detail", session.pk)
    return render(
        request,
        "workshops/session/form.html",
        {"form": form, "programme": session.programme, "links": {}, "session": session},
    )


@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    """« Annuler la séance », with its reason: GET shows the form, POST cancels."""
    session = _managed_or_404(request, pk)
    if not permissions.may_edit_session(request.user, session):
        messages.error(request, _("Cette séance ne peut plus être annulée."))
        return redirect("workshops:detail", session.pk)
    form = CancelSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_session(
                session=session, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.SchedulingError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("La séance est annulée\u00a0; les personnes concernées sont prévenues.")
            )
        return redirect("workshops:detail", session.pk)
    return render(request, "workshops/session/cancel.html", {"form": form, "session": session})


@require_GET
def mine(request):
    """« Séances que j'anime »: the sessions the user runs, upcoming (and undated) first in
    date order, then past ones, latest first."""
    now = timezone.now()
    rows = (
        SessionTrainer.objects.filter(user=request.user)
        .select_related("session__programme", "session__host_school")
        .annotate(
            is_past=Case(
                When(Q(session__ends_at__lt=now), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            upcoming_at=Case(When(Q(session__ends_at__gte=now), then=F("session__starts_at"))),
        )
        .order_by(
            "is_past",
            F("upcoming_at").asc(nulls_last=True),
            F("session__starts_at").desc(nulls_last=True),
            "session__pk",
        )
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workshops/session/mine.html",
        {
            "page": page,
            "rows": page.object_list,
            # Where « Programmer une séance » leads: one button per programme.
            "programmes": list(
                permissions.schedulable_programmes(request.user)
                .select_related("academie")
                .order_by("academie__name", "title")
            ),
        },
    )


# --- end of part A ---
