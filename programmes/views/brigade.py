"""Ambition-confiance (seed 000): the professional's observation page, and the programme
staff's pages (overview, animateurs, promotions and modules, teams, observation requests).

Staff pages: the programme is looked up among those the user is staff of (another académie's
or another programme's staff get a 404). The observation page: any professional with a role
in the programme's académie; anyone else a 404. Views check, call one service, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import academie_ids
from accounts.submissions import AlreadySubmitted, check_not_repeated, once
from programmes import brigade as services
from programmes.brigade import BrigadeError
from programmes.forms.brigade import (
    AcceptObservationForm,
    AnimateurFilter,
    AnimateurForm,
    AnimateurStatusForm,
    BrigadeForm,
    CompletionForm,
    DeclineObservationForm,
    ObservationRequestForm,
    TeamForm,
)
from programmes.models import (
    Animateur,
    AnimateurStatus,
    Brigade,
    ModuleCompletion,
    ObservationRequest,
    Programme,
    Promotion,
    TrainerTeam,
    TrainingModule,
)
from programmes.permissions import observation_or_404, programme_for_staff_or_404

PAGE_SIZE = 30
KIND = Programme.Kind.AMBITION_CONFIANCE


def staff_brigade_or_404(user, slug):
    programme = programme_for_staff_or_404(user, slug, kind=KIND)
    return get_object_or_404(
        Brigade.objects.select_related("programme__academie", "preparation_module"),
        programme=programme,
    )


def _contacts(brigade):
    return list(brigade.programme.contacts.all())


def _url(name, brigade, *args):
    return reverse(f"programmes:{name}", args=[brigade.programme.slug, *args])


# The professional's side -----------------------------------------------------------------------
@require_GET
def observe_home(request):
    """The brigades of the académies where the user works: straight to the one there is."""
    brigades = list(
        Brigade.objects.filter(
            programme__academie_id__in=academie_ids(request.user)
        ).select_related("programme__academie")
    )
    if len(brigades) == 1:
        return redirect(_url("brigade_observe", brigades[0]))
    return render(request, "programmes/brigade/observe_home.html", {"brigades": brigades})


@require_GET
def staff_home(request):
    """The SAIO's menu entry: their brigade's overview (the first one, for staff of several);
    for someone on no brigade's staff, the observation page."""
    brigade = next(iter(services.staff_brigades(request.user)), None)
    if brigade is None:
        return redirect("programmes:brigade_observe_home")
    return redirect(_url("brigade_overview", brigade))


@require_http_methods(["GET", "POST"])
def observe(request, slug):
    brigade = get_object_or_404(
        Brigade.objects.select_related("programme__academie", "preparation_module"),
        programme__slug=slug,
        programme__kind=KIND,
        programme__academie_id__in=academie_ids(request.user),
    )
    form = ObservationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        url = _url("brigade_observe", brigade)
        try:
            with once(form, user=request.user, result_url=url):
                data = form.cleaned_data
                services.ask_to_observe(
                    brigade=brigade,
                    requester=request.user,
                    reason=data["reason"],
                    preferred_period=data["preferred_period"],
                    preferred_from=data["preferred_from"],
                    preferred_until=data["preferred_until"],
                )
        except AlreadySubmitted as already:
            return already.response(request)
        except BrigadeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Votre demande est transmise au SAIO, qui vous répondra par message."),
            )
            return redirect(url)
    mine = ObservationRequest.objects.filter(
        brigade=brigade, requester=request.user
    ).select_related("observation_school")
    return render(
        request,
        "programmes/brigade/observe.html",
        {
            "brigade": brigade,
            "programme": brigade.programme,
            "form": form,
            "observations": mine,
            "contacts": _contacts(brigade),
        },
    )


# Staff: overview and settings ------------------------------------------------------------------
@require_GET
def overview(request, slug):
    brigade = staff_brigade_or_404(request.user, slug)
    return _overview(request, brigade, BrigadeForm(instance=brigade))


def _overview(request, brigade, settings_form):
    settings_form.helper.form_action = _url("brigade_settings", brigade)
    teams = services.teams_per_level(brigade)
    statuses = services.status_counts(brigade)
    qualified = list(
        services.with_standing(Animateur.objects.filter(brigade=brigade))
        .filter(qualified=True, current_status__in=services.ANIMATING)
        .select_related("user", "home_school")
        .order_by("user__full_name")
    )
    return render(
        request,
        "programmes/brigade/overview.html",
        {
            "brigade": brigade,
            "programme": brigade.programme,
            "teams": [(TrainerTeam.Level(level).label, n) for level, n in teams.items()],
            "team_total": sum(teams.values()),
            "statuses": [(AnimateurStatus.Status(s).label, n) for s, n in statuses.items()],
            "qualified": qualified,
            "pending": brigade.observation_requests.filter(
                status=ObservationRequest.Status.PENDING
            ).count(),
            "contacts": _contacts(brigade),
            "settings_form": settings_form,
        },
    )


@require_POST
def brigade_settings(request, slug):
    brigade = staff_brigade_or_404(request.user, slug)
    form = BrigadeForm(request.POST, instance=brigade)
    if not form.is_valid():
        return _overview(request, brigade, form)
    form.save()
    messages.success(request, _("Les réglages de la brigade sont enregistrés."))
    return redirect(_url("brigade_overview", brigade))


# Staff: animateurs -----------------------------------------------------------------------------
@require_GET
def animateur_list(request, slug):
    brigade = staff_brigade_or_404(request.user, slug)
    queryset = (
        services.with_standing(Animateur.objects.filter(brigade=brigade))
        .select_related("user", "home_school", "promotion")
        .order_by("user__full_name", "pk")
    )
    filters = AnimateurFilter(request.GET or None, queryset=queryset)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/brigade/animateurs.html",
        {
            "brigade": brigade,
            "programme": brigade.programme,
            "filter": filters,
            "page": page,
            "query_prefix": f"{query.urlencode()}&" if query else "",
        },
    )


@require_http_methods(["GET", "POST"])
def animateur_create(request, slug):
    brigade = staff_brigade_or_404(request.user, slug)
    form = AnimateurForm(request.POST or None, brigade=brigade)
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                data = form.cleaned_data
                with once(form, user=request.user) as submission:
                    animateur = services.add_animateur(
                        brigade=brigade,
                        user=data["email"],
                        profession=data["profession"],
                        town=data["town"],
                        home_school=data["home_uai"],
                        promotion=data["promotion"],
                        since=data["since"],
                        by=request.user,
                    )
                    submission.done(_url("brigade_animateur", brigade, animateur.pk))
                messages.success(
                    request,
                    _("%(name)s fait désormais partie de la brigade.")
                    % {"name": animateur.user.full_name},
                )
                return redirect(submission.result_url)
        except AlreadySubmitted as already:
            return already.response(request)
        except BrigadeError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "programmes/brigade/animateur_form.html",
        {"brigade": brigade, "programme": brigade.programme, "form": form},
    )


@require_http_methods(["GET", "POST"])
def animateur_detail(request, slug, pk):
    brigade = staff_brigade_or_404(request.user, slug)
    animateur = get_object_or_404(
        services.with_standing(Animateur.objects.filter(brigade=brigade)).select_related(
            "user", "home_school", "promotion"
        ),
        pk=pk,
    )
    form = AnimateurStatusForm(request.POST or None)
    page = _url("brigade_animateur", brigade, animateur.pk)
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                data = form.cleaned_data
                with once(form, user=request.user, result_url=page):
                    services.record_status(
                        animateur=animateur,
                        status=data["status"],
                        on=data["on"],
                        note=data["note"],
                        by=request.user,
                    )
                messages.success(request, _("Le statut est enregistré."))
                return redirect(page)
        except AlreadySubmitted as already:
            return already.response(request)
        except BrigadeError as error:
            form.add_error(None, str(error))
    completions = {c.module_id: c for c in ModuleCompletion.objects.filter(animateur=animateur)}
    modules = list(
        TrainingModule.objects.filter(promotion_id=animateur.promotion_id).order_by("order")
    )
    for module in modules:
        module.completion = completions.get(module.pk)
    return render(
        request,
        "programmes/brigade/animateur.html",
        {
            "brigade": brigade,
            "programme": brigade.programme,
            "animateur": animateur,
            "statuses": animateur.statuses.select_related("recorded_by").order_by("-on", "-pk"),
            "modules": modules,
            "teams": animateur.teams.order_by("level", "name"),
            "form": form,
            "history": animateur.history.select_related("history_user").order_by("-history_date")[
                :10
            ],
        },
    )


# Staff: promotions and modules -----------------------------------------------------------------
def _promotions(brigade):
    return list(
        Promotion.objects.filter(brigade=brigade)
        .order_by("number")
        .prefetch_related(
            Prefetch("modules", queryset=TrainingModule.objects.order_by("order")),
            Prefetch(
                "animateurs",
                queryset=Animateur.objects.select_related("user")
                .prefetch_related("completions")
                .order_by("user__full_name"),
            ),
        )
    )


def _render_promotions(request, brigade, bound=None):
    promotions = _promotions(brigade)
    for promotion in promotions:
        modules = list(promotion.modules.all())
        promotion.rows = []
        for animateur in promotion.animateurs.all():
            done = {c.module_id: c.completed_on for c in animateur.completions.all()}
            cells = [done.get(m.pk) for m in modules]
            required = [m for m in modules if m.required]
            qualified = bool(required) and all(done.get(m.pk) for m in required)
            promotion.rows.append((animateur, cells, qualified))
        promotion.form = (
            bound
            if bound is not None and bound.promotion_id == promotion.pk
            else CompletionForm(promotion=promotion, prefix=f"p{promotion.pk}")
        )
        promotion.form.helper.form_action = _url("brigade_completion_create", brigade, promotion.pk)
    return render(
        request,
        "programmes/brigade/promotions.html",
        {"brigade": brigade, "programme": brigade.programme, "promotions": promotions},
    )


@require_GET
def promotion_list(request, slug):
    return _render_promotions(request, staff_brigade_or_404(request.user, slug))


@require_POST
def completion_create(request, slug, pk):
    brigade = staff_brigade_or_404(request.user, slug)
    promotion = get_object_or_404(Promotion, brigade=brigade, pk=pk)
    form = CompletionForm(request.POST, promotion=promotion, prefix=f"p{promotion.pk}")
    form.promotion_id = promotion.pk
    url = _url("brigade_promotions", brigade)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with once(form, user=request.user, result_url=url):
                services.record_completion(
                    animateur=data["animateur"],
                    module=data["module"],
                    completed_on=data["completed_on"],
                    by=request.user,
                )
        except AlreadySubmitted as already:
            return already.response(request)
        except BrigadeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Module «\u00a0%(module)s\u00a0» terminé par %(name)s\u00a0: c'est noté.")
                % {"module": data["module"].title, "name": data["animateur"].user.full_name},
            )
            return redirect(url)
    return _render_promotions(request, brigade, bound=form)


# Staff: teams ----------------------------------------------------------------------------------
@require_GET
def team_list(request, slug):
    brigade = staff_brigade_or_404(request.user, slug)
    teams = list(
        TrainerTeam.objects.filter(brigade=brigade)
        .annotate(size=Count("members"))
        .prefetch_related(
            Prefetch(
                "members",
                queryset=Animateur.objects.select_related("user").order_by("user__full_name"),
            )
        )
        .order_by("level", "name")
    )
    levels = []
    for level in TrainerTeam.Level:
        of_level = [team for team in teams if team.level == level]
        levels.append({"label": level.label, "teams": of_level, "count": len(of_level)})
    return render(
        request,
        "programmes/brigade/teams.html",
        {"brigade": brigade, "programme": brigade.programme, "levels": levels},
    )


@require_http_methods(["GET", "POST"])
def team_form(request, slug, pk=None):
    brigade = staff_brigade_or_404(request.user, slug)
    team = (
        get_object_or_404(TrainerTeam, brigade=brigade, pk=pk)
        if pk is not None
        else TrainerTeam(brigade=brigade)
    )
    form = TeamForm(request.POST or None, instance=team)
    url = _url("brigade_teams", brigade)
    if request.method == "POST":
        try:
            check_not_repeated(form, user=request.user)
            if form.is_valid():
                with once(form, user=request.user, result_url=url):
                    services.save_team(
                        team=form.save(commit=False), members=form.cleaned_data["members"]
                    )
                messages.success(
                    request,
                    _("L'équipe «\u00a0%(name)s\u00a0» est enregistrée.") % {"name": team.name},
                )
                return redirect(url)
        except AlreadySubmitted as already:
            return already.response(request)
        except BrigadeError as error:
            form.add_error(None, str(error))
    return render(
        request,
        "programmes/brigade/team_form.html",
        {
            "brigade": brigade,
            "programme": brigade.programme,
            "form": form,
            "team": team,
            "history": team.history.select_related("history_user").order_by("-history_date")[:10]
            if team.pk
            else [],
        },
    )


# Staff: observation requests -------------------------------------------------------------------
def _render_queue(request, brigade, bound=None):
    """The pending requests first, each with its two forms (the one just posted, bound)."""
    requests = list(
        ObservationRequest.objects.filter(brigade=brigade)
        .select_related("requester", "observation_school", "decided_by")
        .order_by("created_at", "pk")
    )
    pending = [r for r in requests if r.status == ObservationRequest.Status.PENDING]
    decided = sorted(
        (r for r in requests if r.status != ObservationRequest.Status.PENDING),
        key=lambda r: r.decided_at,
        reverse=True,
    )
    academie_id = brigade.programme.academie_id
    for observation in pending:
        prefix = f"o{observation.pk}"
        observation.accept_form = (
            bound
            if isinstance(bound, AcceptObservationForm) and bound.prefix == prefix
            else AcceptObservationForm(
                academie_id=academie_id,
                prefix=prefix,
                initial={"day": observation.preferred_from},
            )
        )
        observation.decline_form = (
            bound
            if isinstance(bound, DeclineObservationForm) and bound.prefix == prefix
            else DeclineObservationForm(prefix=prefix)
        )
        observation.accept_form.helper.form_action = _url(
            "brigade_observation_accept", brigade, observation.pk
        )
        observation.decline_form.helper.form_action = _url(
            "brigade_observation_decline", brigade, observation.pk
        )
    return render(
        request,
        "programmes/brigade/observations.html",
        {
            "brigade": brigade,
            "programme": brigade.programme,
            "pending": pending,
            "decided": decided,
        },
    )


@require_GET
def observation_list(request, slug):
    return _render_queue(request, staff_brigade_or_404(request.user, slug))


@require_POST
def observation_accept(request, slug, pk):
    brigade = staff_brigade_or_404(request.user, slug)
    observation = observation_or_404(brigade, pk)
    form = AcceptObservationForm(
        request.POST, academie_id=brigade.programme.academie_id, prefix=f"o{observation.pk}"
    )
    url = _url("brigade_observations", brigade)
    if form.is_valid():
        try:
            with once(form, user=request.user, result_url=url):
                services.accept_observation(
                    observation=observation,
                    day=form.cleaned_data["day"],
                    school=form.cleaned_data["school"],
                    by=request.user,
                )
        except AlreadySubmitted as already:
            return already.response(request)
        except BrigadeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Demande d'observation acceptée pour %(name)s.")
                % {"name": observation.requester.full_name},
            )
            return redirect(url)
    return _render_queue(request, brigade, bound=form)


@require_POST
def observation_decline(request, slug, pk):
    brigade = staff_brigade_or_404(request.user, slug)
    observation = observation_or_404(brigade, pk)
    form = DeclineObservationForm(request.POST, prefix=f"o{observation.pk}")
    if form.is_valid():
        try:
            services.decline_observation(
                observation=observation, reason=form.cleaned_data["reason"], by=request.user
            )
        except BrigadeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Demande d'observation déclinée pour %(name)s.")
                % {"name": observation.requester.full_name},
            )
            return redirect(_url("brigade_observations", brigade))
    return _render_queue(request, brigade, bound=form)
