"""M@gistère (issue 10, point 4): the parcours catalogue and its editing by the académie's
staff, sessions with their calendar and trainers, enrolment by candidature or invitation,
progress per activity, a teacher's courses, and the IEN's needs diagnostic.

Each page looks its object up among those the user may see (programmes.magistere) and is a
404 otherwise; actions are small POST views that call one service and redirect."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import academie_ids
from accounts.submissions import AlreadySubmitted, SubmissionTokenForm, check_not_repeated, once
from programmes import magistere
from programmes.forms.magistere import (
    ActivityFormSet,
    CandidatureForm,
    InviteForm,
    KitFileForm,
    NeedsDiagnosticForm,
    ParcoursFilter,
    ParcoursForm,
    SessionFilter,
    SessionForm,
    SessionStepForm,
    activity_helper,
    circonscription_choices,
)
from programmes.magistere import MagistereError
from programmes.models import (
    ActivityProgress,
    Enrolment,
    NeedsDiagnostic,
    Parcours,
    ParcoursActivity,
    ParcoursKitFile,
    ParcoursSession,
    SessionStep,
)

PAGE_SIZE = 20


def _history(obj):
    return obj.history.select_related("history_user").order_by("-history_date")[:10]


def _query_prefix(request):
    query = request.GET.copy()
    query.pop("page", None)
    return f"{query.urlencode()}&" if query else ""


def _with_hours(queryset):
    presence = Q(activities__modality=ParcoursActivity.Modality.PRESENCE)
    distance = Q(activities__modality=ParcoursActivity.Modality.DISTANCE)
    return queryset.annotate(
        presence_minutes=Sum("activities__duration_minutes", filter=presence),
        distance_minutes=Sum("activities__duration_minutes", filter=distance),
        activity_count=Count("activities"),
    )


# The catalogue -------------------------------------------------------------------------------
@require_GET
def catalogue(request):
    filters = ParcoursFilter(
        request.GET or None,
        queryset=_with_hours(
            magistere.visible_parcours(request.user).select_related("academie")
        ).order_by("title", "pk"),
    )
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for parcours in page.object_list:
        parcours.hours_in_person = magistere.minutes_to_hours(parcours.presence_minutes)
        parcours.hours_online = magistere.minutes_to_hours(parcours.distance_minutes)
    return render(
        request,
        "programmes/magistere/catalogue.html",
        {
            "filter": filters,
            "page": page,
            "query_prefix": _query_prefix(request),
            "may_create": bool(magistere.staff_academie_ids(request.user)),
        },
    )


@require_GET
def parcours_detail(request, pk):
    parcours = get_object_or_404(
        magistere.visible_parcours(request.user)
        .select_related("academie")
        .prefetch_related("activities", "kit_files"),
        pk=pk,
    )
    activities = list(parcours.activities.all())
    in_person, online = magistere.hours(activities)
    may_edit = magistere.may_edit_parcours(request.user, parcours)
    return render(
        request,
        "programmes/magistere/parcours_detail.html",
        {
            "parcours": parcours,
            "activities": activities,
            "hours_in_person": in_person,
            "hours_online": online,
            "may_edit": may_edit,
            "may_use_kit": magistere.may_use_kit(request.user, parcours),
            "may_create_session": magistere.may_create_session(request.user),
            "sessions": magistere.visible_sessions(request.user)
            .filter(parcours=parcours)
            .select_related("circonscription")
            .order_by("-school_year", "pk")[:20],
            "history": _history(parcours) if may_edit else None,
        },
    )


def _staff_academie(request):
    staff_of = sorted(magistere.staff_academie_ids(request.user))
    if not staff_of:
        raise Http404
    wanted = request.GET.get("academie") or request.POST.get("academie")
    return next((a for a in staff_of if str(a) == wanted), staff_of[0])


@require_http_methods(["GET", "POST"])
def parcours_create(request):
    academie_id = _staff_academie(request)
    form = ParcoursForm(
        request.POST or None,
        instance=Parcours(academie_id=academie_id, producer=Parcours.Producer.ACADEMIE),
    )
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                with once(form, user=request.user) as submission:
                    parcours = magistere.save_parcours(
                        parcours=form.save(commit=False), by=request.user
                    )
                    url = reverse("programmes:magistere_parcours_activities", args=[parcours.pk])
                    submission.done(url)
                messages.success(
                    request,
                    _("Le parcours est créé : décrivez maintenant sa séquence d'activités."),
                )
                return redirect(url)
        except AlreadySubmitted as already:
            return already.response(request)
    return render(
        request,
        "programmes/magistere/form.html",
        {"form": form, "page_title": _("Nouveau parcours")},
    )


@require_http_methods(["GET", "POST"])
def parcours_edit(request, pk):
    parcours = magistere.parcours_for_editor_or_404(request.user, pk)
    form = ParcoursForm(request.POST or None, instance=parcours)
    if request.method == "POST" and form.is_valid():
        magistere.save_parcours(parcours=form.save(commit=False), by=request.user)
        messages.success(request, _("Le parcours est enregistré."))
        return redirect("programmes:magistere_parcours", pk=parcours.pk)
    return render(
        request,
        "programmes/magistere/form.html",
        {
            "form": form,
            "page_title": _("Modifier le parcours « %(title)s »") % {"title": parcours.title},
            "parcours": parcours,
        },
    )


@require_http_methods(["GET", "POST"])
def parcours_activities(request, pk):
    parcours = magistere.parcours_for_editor_or_404(request.user, pk)
    formset = ActivityFormSet(request.POST or None, queryset=parcours.activities.order_by("order"))
    if request.method == "POST" and formset.is_valid():
        magistere.save_parcours(parcours=parcours, activities_formset=formset, by=request.user)
        messages.success(request, _("La séquence d'activités est enregistrée."))
        return redirect("programmes:magistere_parcours", pk=parcours.pk)
    return render(
        request,
        "programmes/magistere/activities.html",
        {"parcours": parcours, "formset": formset, "helper": activity_helper()},
    )


@require_http_methods(["GET", "POST"])
def parcours_kit_upload(request, pk):
    parcours = magistere.parcours_for_editor_or_404(request.user, pk)
    form = KitFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                url = reverse("programmes:magistere_parcours", args=[parcours.pk])
                with once(form, user=request.user, result_url=url):
                    kit_file = form.save(commit=False)
                    kit_file.parcours = parcours
                    kit_file.uploaded_by = request.user
                    kit_file.save()
                messages.success(request, _("Le fichier est ajouté au kit de formation."))
                return redirect(url)
        except AlreadySubmitted as already:
            return already.response(request)
    return render(
        request,
        "programmes/magistere/form.html",
        {
            "form": form,
            "parcours": parcours,
            "page_title": _("Ajouter un fichier au kit de « %(title)s »")
            % {"title": parcours.title},
        },
    )


@require_GET
def parcours_kit_download(request, pk, file_pk):
    """A file of the trainer kit, for those who run the parcours (never a public address)."""
    parcours = get_object_or_404(magistere.visible_parcours(request.user), pk=pk)
    if not magistere.may_use_kit(request.user, parcours):
        raise Http404
    kit_file = get_object_or_404(ParcoursKitFile, pk=file_pk, parcours=parcours)
    try:
        handle = kit_file.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=kit_file.file.name.rsplit("/", 1)[-1])


# Sessions ------------------------------------------------------------------------------------
@require_GET
def session_list(request):
    sessions = (
        magistere.visible_sessions(request.user)
        .select_related("parcours", "circonscription", "organiser", "academie")
        .prefetch_related("trainers")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__state=Enrolment.State.ACCEPTED)),
            pending=Count("enrolments", filter=Q(enrolments__state=Enrolment.State.PENDING)),
        )
        .order_by("-school_year", "parcours__title", "pk")
    )
    filters = SessionFilter(request.GET or None, queryset=sessions)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/magistere/sessions.html",
        {
            "filter": filters,
            "page": page,
            "query_prefix": _query_prefix(request),
            "may_create": magistere.may_create_session(request.user),
        },
    )


def _session_academie(request):
    """The académie a new session is of: the programme's staff's, or the IEN's."""
    candidates = sorted(
        magistere.staff_academie_ids(request.user)
        | set(
            magistere.inspected_circonscriptions(request.user).values_list("academie_id", flat=True)
        )
    )
    if not candidates:
        raise Http404
    wanted = request.GET.get("academie") or request.POST.get("academie")
    return next((a for a in candidates if str(a) == wanted), candidates[0])


def _session_form(request, *, academie_id, instance):
    initial = {}
    if request.method == "GET" and request.GET.get("parcours", "").isdigit():
        initial["parcours"] = request.GET["parcours"]
    return SessionForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        user=request.user,
        academie_id=academie_id,
        circonscriptions=circonscription_choices(request.user, academie_id).filter(
            academie_id=academie_id
        ),
        parcours=magistere.visible_parcours(request.user),
    )


@require_http_methods(["GET", "POST"])
def session_create(request):
    academie_id = _session_academie(request)
    form = _session_form(
        request, academie_id=academie_id, instance=ParcoursSession(academie_id=academie_id)
    )
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                with once(form, user=request.user) as submission:
                    session = magistere.create_session(
                        session=form.save(commit=False),
                        trainers=form.cleaned_data["trainers"],
                        by=request.user,
                    )
                    url = reverse("programmes:magistere_session", args=[session.pk])
                    submission.done(url)
                messages.success(request, _("La session est créée."))
                return redirect(url)
        except AlreadySubmitted as already:
            return already.response(request)
    return render(
        request,
        "programmes/magistere/form.html",
        {"form": form, "page_title": _("Nouvelle session d'un parcours")},
    )


@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = magistere.session_for_manager_or_404(request.user, pk)
    form = _session_form(request, academie_id=session.academie_id, instance=session)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.save()
        session.trainers.set(form.cleaned_data["trainers"])
        messages.success(request, _("La session est enregistrée."))
        return redirect("programmes:magistere_session", pk=session.pk)
    return render(
        request,
        "programmes/magistere/form.html",
        {"form": form, "page_title": _("Modifier la session"), "session": session},
    )


@require_GET
def session_detail(request, pk):
    session = get_object_or_404(
        magistere.visible_sessions(request.user)
        .select_related("parcours", "academie", "circonscription", "organiser")
        .prefetch_related("trainers", "steps", "parcours__activities"),
        pk=pk,
    )
    may_manage = magistere.may_manage_session(request.user, session)
    trainers = list(session.trainers.all())
    may_follow = may_manage or request.user in trainers
    activities = list(session.parcours.activities.all())
    in_person, online = magistere.hours(activities)
    enrolments = []
    if may_follow:
        enrolments = list(
            session.enrolments.select_related("user").prefetch_related(
                Prefetch(
                    "progress",
                    queryset=ActivityProgress.objects.only("pk", "enrolment_id", "activity_id"),
                )
            )
        )
        for enrolment in enrolments:
            done = [p.activity_id for p in enrolment.progress.all()]
            enrolment.step = magistere.step_of(enrolment.state, activities, done)
            enrolment.done_count = len(done)
    own = session.enrolments.filter(user=request.user).first()
    may_apply = own is None and magistere.may_apply(request.user, session)
    return render(
        request,
        "programmes/magistere/session_detail.html",
        {
            "session": session,
            "trainers": trainers,
            "activities": activities,
            "hours_in_person": in_person,
            "hours_online": online,
            "may_manage": may_manage,
            "may_follow": may_follow,
            "enrolments": enrolments,
            "own": own,
            "candidature_form": CandidatureForm() if may_apply else None,
            "decision_form": SubmissionTokenForm(auto_id=False),
            "diagnostic": magistere.diagnostic_for(session) if may_manage else None,
            "is_inspector": session.circonscription is not None
            and session.circonscription.inspector_id == request.user.pk,
            "history": _history(session) if may_manage else None,
        },
    )


@require_http_methods(["GET", "POST"])
def session_step_add(request, pk):
    session = magistere.session_for_manager_or_404(request.user, pk)
    form = SessionStepForm(request.POST or None)
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                url = reverse("programmes:magistere_session", args=[session.pk])
                with once(form, user=request.user, result_url=url):
                    step = form.save(commit=False)
                    step.session = session
                    step.save()
                messages.success(request, _("L'étape est ajoutée au calendrier."))
                return redirect(url)
        except AlreadySubmitted as already:
            return already.response(request)
    return render(
        request,
        "programmes/magistere/form.html",
        {"form": form, "session": session, "page_title": _("Ajouter une étape au calendrier")},
    )


@require_POST
def session_step_delete(request, pk, step_pk):
    session = magistere.session_for_manager_or_404(request.user, pk)
    step = get_object_or_404(SessionStep, pk=step_pk, session=session)
    step.delete()
    messages.success(request, _("L'étape est retirée du calendrier."))
    return redirect("programmes:magistere_session", pk=session.pk)


@require_http_methods(["GET", "POST"])
def session_invite(request, pk):
    session = magistere.session_for_manager_or_404(request.user, pk)
    form = InviteForm(request.POST or None, session=session)
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                url = reverse("programmes:magistere_session", args=[session.pk])
                users = form.cleaned_data["emails"]
                with once(form, user=request.user, result_url=url):
                    created = magistere.invite(session=session, users=users, by=request.user)
                messages.success(
                    request,
                    magistere.enrolment_counts_text(len(created), len(users) - len(created)),
                )
                return redirect(url)
        except AlreadySubmitted as already:
            return already.response(request)
    return render(
        request,
        "programmes/magistere/form.html",
        {"form": form, "session": session, "page_title": _("Inviter des enseignants")},
    )


@require_POST
def session_apply(request, pk):
    session = magistere.session_for_user_or_404(request.user, pk)
    form = CandidatureForm(request.POST)
    try:
        check_not_repeated(form, user=request.user)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors.get("motivation", [])))
            return redirect("programmes:magistere_session", pk=session.pk)
        with once(form, user=request.user, result_url=reverse("programmes:magistere_my_courses")):
            magistere.apply(
                session=session, user=request.user, motivation=form.cleaned_data["motivation"]
            )
    except AlreadySubmitted as already:
        return already.response(request)
    except MagistereError as error:
        messages.error(request, str(error))
        return redirect("programmes:magistere_session", pk=session.pk)
    messages.success(request, _("Votre candidature est envoyée à l'organisateur de la session."))
    return redirect("programmes:magistere_my_courses")


@require_POST
def enrolment_decision(request, pk):
    """The organiser accepts or declines a candidature."""
    enrolment = get_object_or_404(Enrolment.objects.select_related("session", "user"), pk=pk)
    if not magistere.may_manage_session(request.user, enrolment.session):
        raise Http404
    accept = request.POST.get("decision") == "accepter"
    try:
        magistere.answer_candidature(enrolment=enrolment, accept=accept, by=request.user)
    except MagistereError as error:
        messages.error(request, str(error))
    else:
        text = (
            _("Inscription acceptée pour %(name)s.")
            if accept
            else _("Candidature déclinée pour %(name)s.")
        )
        messages.success(request, text % {"name": enrolment.user.full_name})
    return redirect("programmes:magistere_session", pk=enrolment.session_id)


@require_POST
def invitation_answer(request, pk):
    """The invited teacher accepts or declines."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("session"), pk=pk, user=request.user
    )
    accept = request.POST.get("reponse") == "accepter"
    try:
        magistere.answer_invitation(enrolment=enrolment, accept=accept, by=request.user)
    except MagistereError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Invitation acceptée : le parcours vous est ouvert.")
            if accept
            else _("Invitation déclinée."),
        )
    return redirect("programmes:magistere_my_courses")


@require_GET
def enrolment_detail(request, pk):
    enrolment = magistere.enrolment_for_user_or_404(request.user, pk)
    activities = list(enrolment.session.parcours.activities.all())
    done = {p.activity_id: p for p in enrolment.progress.select_related("marked_by")}
    for activity in activities:
        activity.done_record = done.get(activity.pk)
    step = magistere.step_of(enrolment.state, activities, done)
    done_activities = [a for a in activities if a.pk in done]
    in_person, online = magistere.hours(done_activities)
    return render(
        request,
        "programmes/magistere/enrolment_detail.html",
        {
            "enrolment": enrolment,
            "session": enrolment.session,
            "activities": activities,
            "steps": magistere.STEPS,
            "step": step,
            "hours_in_person": in_person,
            "hours_online": online,
            "may_mark": enrolment.state == Enrolment.State.ACCEPTED,
            "is_learner": enrolment.user_id == request.user.pk,
            "answer_form": SubmissionTokenForm(auto_id=False),
        },
    )


@require_POST
def activity_mark(request, pk, activity_pk):
    enrolment = magistere.enrolment_for_user_or_404(request.user, pk)
    activity = get_object_or_404(
        ParcoursActivity, pk=activity_pk, parcours_id=enrolment.session.parcours_id
    )
    try:
        magistere.set_activity_done(
            enrolment=enrolment,
            activity=activity,
            done=request.POST.get("fait") == "oui",
            by=request.user,
        )
    except MagistereError as error:
        messages.error(request, str(error))
    return redirect("programmes:magistere_enrolment", pk=enrolment.pk)


@require_GET
def my_courses(request):
    enrolments = list(
        Enrolment.objects.filter(user=request.user)
        .select_related("session__parcours", "session__organiser", "session__circonscription")
        .prefetch_related(
            "session__parcours__activities",
            Prefetch(
                "progress", queryset=ActivityProgress.objects.only("enrolment_id", "activity_id")
            ),
        )
        .order_by("-session__school_year", "session__parcours__title", "pk")
    )
    for enrolment in enrolments:
        activities = list(enrolment.session.parcours.activities.all())
        done = {p.activity_id for p in enrolment.progress.all()}
        enrolment.step = magistere.step_of(enrolment.state, activities, done)
        enrolment.activity_count = len(activities)
        enrolment.done_count = len(done)
        enrolment.hours_in_person, enrolment.hours_online = magistere.hours(
            [a for a in activities if a.pk in done]
        )
    return render(
        request,
        "programmes/magistere/my_courses.html",
        {
            "enrolments": enrolments,
            "steps": magistere.STEPS,
            "answer_form": SubmissionTokenForm(auto_id=False),
        },
    )


# The IEN's needs diagnostic ------------------------------------------------------------------
@require_GET
def diagnostics(request):
    circonscriptions = magistere.inspected_circonscriptions(request.user)
    if not academie_ids(request.user, Role.IEN):
        raise Http404
    return render(
        request,
        "programmes/magistere/diagnostics.html",
        {
            "diagnostics": NeedsDiagnostic.objects.filter(
                circonscription__in=circonscriptions
            ).select_related("circonscription"),
            "circonscriptions": circonscriptions,
        },
    )


@require_http_methods(["GET", "POST"])
def diagnostic_edit(request, pk=None):
    circonscriptions = magistere.inspected_circonscriptions(request.user)
    if pk is None:
        if not circonscriptions.exists():
            raise Http404
        instance = NeedsDiagnostic()
    else:
        instance = get_object_or_404(
            NeedsDiagnostic.objects.select_related("circonscription"),
            pk=pk,
            circonscription__in=circonscriptions,
        )
    form = NeedsDiagnosticForm(
        request.POST or None, instance=instance, circonscriptions=circonscriptions
    )
    if request.method == "POST":
        url = reverse("programmes:magistere_diagnostics")
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                with once(form, user=request.user, result_url=url):
                    magistere.save_diagnostic(diagnostic=form.save(commit=False), by=request.user)
                messages.success(request, _("Le diagnostic des besoins est enregistré."))
                return redirect(url)
        except AlreadySubmitted as already:
            return already.response(request)
    return render(
        request,
        "programmes/magistere/form.html",
        {
            "form": form,
            "page_title": _("Diagnostic des besoins de formation"),
            "history": _history(instance) if instance.pk else None,
        },
    )
