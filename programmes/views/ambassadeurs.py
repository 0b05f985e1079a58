"""Ambassadeurs du numérique (seed 001).

Staff of the programme (a current STAFF membership) see the convention, its commitments, the
cohorts, the ambassadors and the accompaniment queue; an ambassador sees their own page; an
accompanist the visits they were given. Anyone else gets a 404."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import FormView

from accounts.submissions import SubmitOnceMixin, once
from exports import writers
from programmes import ambassadeurs as services
from programmes.forms.ambassadeurs import (
    AccompanimentRequestForm,
    AmbassadorAddForm,
    AmbassadorForm,
    AssignForm,
    CohortForm,
    CommitmentForm,
    CommitmentStatusForm,
    ConventionForm,
    EquipmentForm,
    PortfolioEntryForm,
    SignatoryForm,
    VisitForm,
)
from programmes.models import (
    AccompanimentRequest,
    Cohort,
    Commitment,
    Convention,
    ConventionSignatory,
    PortfolioEntry,
    Programme,
)
from programmes.models.ambassadeurs import Degree
from programmes.permissions import programme_for_staff_or_404
from programmes.portfolio_pdf import portfolio_pdf

PAGE_SIZE = 50


def _programme(request, slug):
    return programme_for_staff_or_404(request.user, slug, Programme.Kind.AMBASSADEURS)


def _history(queryset, limit=15):
    return queryset.select_related("history_user").order_by("-history_date")[:limit]


# --- staff ---------------------------------------------------------------------------------
def staff_home(request):
    """The staff's way in: their programme's convention (the first of them if several)."""
    programme = services.ambassadeurs_programmes_for_staff(request.user).first()
    if programme is None:
        raise Http404
    return redirect("programmes:amb_convention_current", slug=programme.slug)


def convention_current(request, slug):
    programme = _programme(request, slug)
    convention = services.current_convention(programme)
    if convention is None:
        raise Http404
    return redirect("programmes:amb_convention", slug=slug, pk=convention.pk)


def convention_detail(request, slug, pk):
    programme = _programme(request, slug)
    convention = get_object_or_404(
        Convention.objects.filter(programme=programme).select_related("predecessor"), pk=pk
    )
    commitments = list(convention.commitments.prefetch_related("carriers"))
    forms = {c.pk: CommitmentStatusForm(instance=c) for c in commitments}
    return render(
        request,
        "programmes/ambassadeurs/convention.html",
        {
            "programme": programme,
            "convention": convention,
            "signatories": convention.signatories.select_related("partner"),
            "partners": convention.partners.all(),
            "commitments": [(c, forms[c.pk]) for c in commitments],
            "cohorts": convention.cohorts.all(),
            "commitment_history": _history(Commitment.history.filter(convention_id=convention.pk)),
            "signatory_history": _history(
                ConventionSignatory.history.filter(convention_id=convention.pk)
            ),
            "history": _history(convention.history.all()),
        },
    )


def convention_edit(request, slug, pk):
    programme = _programme(request, slug)
    convention = get_object_or_404(Convention.objects.filter(programme=programme), pk=pk)
    form = ConventionForm(request.POST or None, request.FILES or None, instance=convention)
    if request.method == "POST" and form.is_valid():
        services.save_convention(convention=form.save(commit=False), by=request.user)
        messages.success(request, _("La convention est enregistrée."))
        return redirect("programmes:amb_convention", slug=slug, pk=pk)
    return render(
        request,
        "programmes/ambassadeurs/form.html",
        {
            "form": form,
            "page_title": _("Modifier la convention"),
            "back_url": reverse("programmes:amb_convention", args=[slug, pk]),
            "back_label": _("Retour à la convention"),
        },
        status=400 if form.errors else 200,
    )


def convention_pdf(request, slug, pk):
    """The signed convention, downloaded by the programme's staff."""
    programme = _programme(request, slug)
    convention = get_object_or_404(
        Convention.objects.filter(programme=programme).exclude(signed_pdf=""), pk=pk
    )
    name = f"convention-{slugify(convention.period)}.pdf"
    return FileResponse(convention.signed_pdf.open("rb"), as_attachment=True, filename=name)


@require_POST
def commitment_status(request, slug, pk):
    programme = _programme(request, slug)
    commitment = get_object_or_404(
        Commitment.objects.filter(convention__programme=programme).select_related("convention"),
        pk=pk,
    )
    form = CommitmentStatusForm(request.POST, instance=commitment)
    url = reverse("programmes:amb_convention", args=[slug, commitment.convention_id])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(url)
    services.set_commitment_status(
        commitment=commitment,
        status=form.cleaned_data["status"],
        note=form.cleaned_data["note"],
        by=request.user,
    )
    messages.success(
        request,
        _("État de l'engagement « %(label)s » : %(status)s.")
        % {"label": commitment.label, "status": commitment.get_status_display()},
    )
    return redirect(f"{url}#engagement-{commitment.pk}")


def cohort_detail(request, slug, pk):
    programme = _programme(request, slug)
    cohort = get_object_or_404(
        Cohort.objects.filter(convention__programme=programme).select_related("convention"),
        pk=pk,
    )
    return render(
        request,
        "programmes/ambassadeurs/cohort.html",
        {
            "programme": programme,
            "cohort": cohort,
            "counts": services.cohort_counts(cohort),
            "history": _history(cohort.history.all(), 5),
        },
    )


def ambassador_list(request, slug):
    programme = _programme(request, slug)
    cohorts = list(services.cohorts_of(programme))
    selected = {
        "promotion": request.GET.get("promotion", ""),
        "degre": request.GET.get("degre", ""),
        "q": request.GET.get("q", "").strip(),
    }
    if selected["promotion"] not in {str(c.pk) for c in cohorts}:
        selected["promotion"] = ""
    ambassadors = services.filtered_ambassadors(programme, selected)
    page = Paginator(ambassadors, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/ambassadeurs/list.html",
        {
            "programme": programme,
            "cohorts": cohorts,
            "degrees": Degree.choices,
            "selected": selected,
            "page": page,
            "query_prefix": f"{query.urlencode()}&" if query else "",
            "export_query": query.urlencode(),
        },
    )


def _staff_ambassador(request, slug, pk):
    programme = _programme(request, slug)
    ambassador = get_object_or_404(services.ambassadors_for_staff(programme), pk=pk)
    return programme, ambassador


def _ambassador_context(ambassador):
    return {
        "ambassador": ambassador,
        "accompaniments": ambassador.accompaniment_requests.select_related("accompanist"),
        "entries": ambassador.portfolio_entries.all(),
        "equipment": ambassador.equipment.select_related("provider"),
    }


def ambassador_detail(request, slug, pk):
    programme, ambassador = _staff_ambassador(request, slug, pk)
    form = AmbassadorForm(
        request.POST or None,
        instance=ambassador,
        maitres_formateurs=services.maitres_formateurs(programme),
    )
    if request.method == "POST" and form.is_valid():
        services.update_ambassador(ambassador=form.save(commit=False), by=request.user)
        messages.success(
            request,
            _("Le suivi de %(name)s est enregistré.") % {"name": ambassador.user.full_name},
        )
        return redirect("programmes:amb_detail", slug=slug, pk=pk)
    return render(
        request,
        "programmes/ambassadeurs/detail.html",
        {
            "programme": programme,
            "form": form,
            "history": _history(ambassador.history.all(), 10),
            **_ambassador_context(ambassador),
        },
    )


class EquipmentCreateView(SubmitOnceMixin, FormView):
    form_class = EquipmentForm
    template_name = "programmes/ambassadeurs/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.programme, self.ambassador = _staff_ambassador(request, kwargs["slug"], kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        convention = self.ambassador.cohort.convention
        return {
            **super().get_form_kwargs(),
            "instance": self.get_instance(),
            "partners": convention.partners.all(),
        }

    def get_instance(self):
        from programmes.models import Equipment

        return Equipment(ambassador=self.ambassador)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("Équipement reçu par %(name)s")
            % {"name": self.ambassador.user.full_name},
            "back_url": self.get_success_url(),
            "back_label": _("Retour à la fiche de l'Ambassadeur"),
        }

    def get_success_url(self):
        return reverse("programmes:amb_detail", args=[self.programme.slug, self.ambassador.pk])

    def form_valid(self, form):
        with once(form, user=self.request.user, result_url=self.get_success_url()):
            equipment = form.save(commit=False)
            equipment.save()
        messages.success(
            self.request,
            _("L'équipement « %(label)s » est enregistré.") % {"label": equipment.label},
        )
        return redirect(self.get_success_url())


def queue(request, slug):
    programme = _programme(request, slug)
    status = request.GET.get("etat", "")
    requests = services.queue_for_staff(programme)
    if status in AccompanimentRequest.Status.values:
        requests = requests.filter(status=status)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "programmes/ambassadeurs/queue.html",
        {
            "programme": programme,
            "page": page,
            "statuses": AccompanimentRequest.Status.choices,
            "status": status,
            "query_prefix": f"etat={status}&" if status else "",
        },
    )


# --- an accompaniment request: the ambassador, the accompanist, the staff -------------------
def _accompaniment(request, pk):
    return get_object_or_404(services.accompaniment_requests_for(request.user), pk=pk)


def accompaniment_detail(request, pk, assign_form=None, visit_form=None):
    accompaniment = _accompaniment(request, pk)
    programme = accompaniment.ambassador.cohort.convention.programme
    is_staff = services.is_staff(request.user, programme)
    status = AccompanimentRequest.Status
    if is_staff and accompaniment.status != status.REALISEE and assign_form is None:
        assign_form = AssignForm(
            programme=programme, initial={"accompanist": accompaniment.accompanist_id}
        )
    is_accompanist = accompaniment.accompanist_id == request.user.pk
    if is_accompanist and accompaniment.status == status.ATTRIBUEE and visit_form is None:
        visit_form = VisitForm(instance=accompaniment)
    return render(
        request,
        "programmes/ambassadeurs/accompaniment.html",
        {
            "accompaniment": accompaniment,
            "ambassador": accompaniment.ambassador,
            "programme": programme,
            "is_staff": is_staff,
            "is_accompanist": is_accompanist,
            "assign_form": assign_form if is_staff else None,
            "visit_form": visit_form if is_accompanist else None,
            "history": _history(accompaniment.history.all(), 10) if is_staff else [],
        },
        status=400
        if (assign_form and assign_form.errors) or (visit_form and visit_form.errors)
        else 200,
    )


@require_POST
def accompaniment_assign(request, pk):
    accompaniment = _accompaniment(request, pk)
    programme = accompaniment.ambassador.cohort.convention.programme
    if not services.is_staff(request.user, programme):
        raise Http404
    form = AssignForm(request.POST, programme=programme)
    if not form.is_valid():
        return accompaniment_detail(request, pk, assign_form=form)
    try:
        services.assign_accompanist(
            request=accompaniment, accompanist=form.cleaned_data["accompanist"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s accompagnera %(ambassador)s ; un message les en informe.")
            % {
                "name": form.cleaned_data["accompanist"].full_name,
                "ambassador": accompaniment.ambassador.user.full_name,
            },
        )
    return redirect("programmes:amb_request", pk=pk)


@require_POST
def accompaniment_visit(request, pk):
    accompaniment = _accompaniment(request, pk)
    if accompaniment.accompanist_id != request.user.pk:
        raise Http404
    form = VisitForm(request.POST, instance=AccompanimentRequest.objects.get(pk=pk))
    if not form.is_valid():
        return accompaniment_detail(request, pk, visit_form=form)
    try:
        services.record_visit(
            request=accompaniment,
            visit_on=form.cleaned_data["visit_on"],
            minutes=form.cleaned_data["visit_minutes"],
            report=form.cleaned_data["report"],
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("La visite et son compte rendu sont enregistrés."))
    return redirect("programmes:amb_request", pk=pk)


def my_accompaniments(request):
    """The accompanist's visits: to carry out first, then done (their own only: an empty
    list for anyone who accompanies nobody)."""
    requests = (
        services.accompaniment_requests_for(request.user)
        .filter(accompanist=request.user)
        .order_by("status", "wished_from", "pk")
    )
    return render(request, "programmes/ambassadeurs/my_accompaniments.html", {"requests": requests})


# --- the ambassador's own pages -----------------------------------------------------------
def _me(request):
    ambassador = services.ambassador_of(request.user)
    if ambassador is None:
        raise Http404
    return ambassador


def me(request):
    ambassador = _me(request)
    return render(request, "programmes/ambassadeurs/me.html", _ambassador_context(ambassador))


class AccompanimentCreateView(SubmitOnceMixin, FormView):
    form_class = AccompanimentRequestForm
    template_name = "programmes/ambassadeurs/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.ambassador = _me(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "instance": AccompanimentRequest(ambassador=self.ambassador),
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("Demander un accompagnement"),
            "intro": _(
                "Un accompagnateur ou une accompagnatrice de l'académie vient dans votre classe, "
                "pendant ou hors temps scolaire, à votre demande."
            ),
            "back_url": reverse("programmes:amb_me"),
            "back_label": _("Retour à ma page d'Ambassadeur"),
        }

    def form_valid(self, form):
        with once(form, user=self.request.user) as submission:
            accompaniment = services.create_accompaniment_request(
                request=form.save(commit=False), by=self.request.user
            )
            url = reverse("programmes:amb_request", args=[accompaniment.pk])
            submission.done(url)
        messages.success(
            self.request,
            _(
                "Votre demande est envoyée : l'équipe du programme va désigner la personne qui "
                "vous accompagnera."
            ),
        )
        return redirect(url)


class PortfolioEntryCreateView(SubmitOnceMixin, FormView):
    form_class = PortfolioEntryForm
    template_name = "programmes/ambassadeurs/form.html"

    def dispatch(self, request, *args, **kwargs):
        self.ambassador = _me(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": PortfolioEntry(ambassador=self.ambassador)}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": _("Nouvelle entrée du portfolio"),
            "intro": _(
                "Notez ce que vous avez mis en œuvre, les compétences qu'il développe et, le cas "
                "échéant, sa diffusion auprès de vos collègues."
            ),
            "back_url": reverse("programmes:amb_me"),
            "back_label": _("Retour à ma page d'Ambassadeur"),
        }

    def form_valid(self, form):
        url = reverse("programmes:amb_me") + "#portfolio"
        with once(form, user=self.request.user, result_url=url):
            entry = form.save(commit=False)
            entry.save()
        messages.success(
            self.request, _("« %(title)s » est ajouté à votre portfolio.") % {"title": entry.title}
        )
        return redirect(url)


def portfolio_export(request):
    ambassador = _me(request)
    pdf = portfolio_pdf(
        ambassador=ambassador,
        entries=list(ambassador.portfolio_entries.all()),
        base_url=request.build_absolute_uri("/"),
    )
    filename = f"portfolio-{slugify(ambassador.user.full_name)}.pdf"
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


# --- staff: cohorts, ambassadors, signatories, commitments, the list's export --------------
class StaffFormView(SubmitOnceMixin, FormView):
    """A staff form of the programme `slug`: a service saves it in one transaction; a rule it
    refuses comes back on the form, nothing saved."""

    template_name = "programmes/ambassadeurs/form.html"
    page_title = ""
    back_label = ""

    def dispatch(self, request, *args, **kwargs):
        self.programme = _programme(request, kwargs["slug"])
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        pass

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page_title": self.get_page_title(),
            "back_url": self.get_back_url(),
            "back_label": self.back_label,
        }

    def get_page_title(self):
        return self.page_title

    def get_back_url(self):
        return self.get_success_url()

    def render_to_response(self, context, **kwargs):
        form = context.get("form")
        if form is not None and form.errors:
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)

    def form_valid(self, form):
        try:
            with once(form, user=self.request.user) as submission:
                self.save(form)
                submission.done(self.get_success_url())
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message())
        return redirect(self.get_success_url())


def _convention(programme, pk):
    return get_object_or_404(Convention.objects.filter(programme=programme), pk=pk)


def _cohort(programme, pk):
    return get_object_or_404(
        Cohort.objects.filter(convention__programme=programme).select_related(
            "convention__programme"
        ),
        pk=pk,
    )


class CohortFormView(StaffFormView):
    form_class = CohortForm
    back_label = gettext_lazy("Retour à la convention")

    def load(self, pk, convention_pk=None, **kwargs):
        if convention_pk is not None:  # a new cohort of the convention
            self.cohort = Cohort(convention=_convention(self.programme, convention_pk))
        else:
            self.cohort = _cohort(self.programme, pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.cohort}

    def get_page_title(self):
        if self.cohort.pk is None:
            return _("Nouvelle promotion d'Ambassadeurs")
        return _("Modifier la promotion %(year)s") % {"year": self.cohort.school_year}

    def get_back_url(self):
        if self.cohort.pk is None:
            return reverse(
                "programmes:amb_convention", args=[self.programme.slug, self.cohort.convention_id]
            )
        return self.get_success_url()

    def get_success_url(self):
        if self.cohort.pk is None:
            return self.get_back_url()
        return reverse("programmes:amb_cohort", args=[self.programme.slug, self.cohort.pk])

    def save(self, form):
        self.cohort = services.save_cohort(
            cohort=form.save(commit=False),
            disciplines=form.cleaned_data["disciplines"],
            by=self.request.user,
        )

    def success_message(self):
        return _("La promotion %(year)s est enregistrée.") % {"year": self.cohort.school_year}


class AmbassadorAddView(StaffFormView):
    form_class = AmbassadorAddForm
    back_label = gettext_lazy("Retour à la promotion")

    def load(self, pk, **kwargs):
        self.cohort = _cohort(self.programme, pk)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cohort": self.cohort}

    def get_page_title(self):
        return _("Ajouter un Ambassadeur à la promotion %(year)s") % {
            "year": self.cohort.school_year
        }

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "intro": _(
                "La personne doit déjà avoir un compte d'enseignant dans une école ou un "
                "établissement de l'académie ; elle est enregistrée comme professeur stagiaire."
            ),
        }

    def get_success_url(self):
        return reverse("programmes:amb_cohort", args=[self.programme.slug, self.cohort.pk])

    def save(self, form):
        from accounts.models import Etablissement, User

        data = form.cleaned_data
        self.ambassador = services.add_ambassador(
            cohort=self.cohort,
            user=User.objects.filter(email__iexact=data["email"]).first(),
            degree=data["degree"],
            discipline=data["discipline"],
            etablissement=Etablissement.objects.filter(uai=data["uai"]).first(),
            class_name=data["class_name"],
            by=self.request.user,
        )

    def success_message(self):
        return _(
            "%(name)s rejoint la promotion %(year)s ; son statut est désormais « stagiaire »."
        ) % {
            "name": self.ambassador.user.full_name,
            "year": self.cohort.school_year,
        }


class SignatoryFormView(StaffFormView):
    form_class = SignatoryForm
    back_label = gettext_lazy("Retour à la convention")

    def load(self, pk, convention_pk=None, **kwargs):
        if convention_pk is not None:
            self.signatory = ConventionSignatory(
                convention=_convention(self.programme, convention_pk)
            )
        else:
            self.signatory = get_object_or_404(
                ConventionSignatory.objects.filter(
                    convention__programme=self.programme
                ).select_related("convention__programme"),
                pk=pk,
            )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.signatory}

    def get_page_title(self):
        if self.signatory.pk is None:
            return _("Ajouter un signataire")
        return _("Modifier les informations de %(name)s, signataire") % {
            "name": self.signatory.name
        }

    def get_success_url(self):
        url = reverse(
            "programmes:amb_convention", args=[self.programme.slug, self.signatory.convention_id]
        )
        return f"{url}#signatories"

    def save(self, form):
        self.signatory = services.save_signatory(
            signatory=form.save(commit=False), by=self.request.user
        )

    def success_message(self):
        return _("%(name)s figure parmi les signataires de la convention.") % {
            "name": self.signatory.name
        }


class CommitmentFormView(StaffFormView):
    form_class = CommitmentForm
    back_label = gettext_lazy("Retour à la convention")

    def load(self, pk, convention_pk=None, **kwargs):
        if convention_pk is not None:
            self.commitment = Commitment(convention=_convention(self.programme, convention_pk))
        else:
            self.commitment = get_object_or_404(
                Commitment.objects.filter(convention__programme=self.programme).select_related(
                    "convention__programme"
                ),
                pk=pk,
            )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.commitment}

    def get_page_title(self):
        if self.commitment.pk is None:
            return _("Ajouter un engagement")
        return _("Modifier l'engagement")

    def get_success_url(self):
        url = reverse(
            "programmes:amb_convention", args=[self.programme.slug, self.commitment.convention_id]
        )
        return f"{url}#commitments"

    def save(self, form):
        self.commitment = services.save_commitment(
            commitment=form.save(commit=False),
            carriers=list(form.cleaned_data["carriers"]),
            by=self.request.user,
        )

    def success_message(self):
        return _("L'engagement « %(label)s » est enregistré.") % {"label": self.commitment.label}


def _confirm_delete(request, *, title, question, back_url):
    """The page that asks before removing (a page, so that it works without JS)."""
    return render(
        request,
        "programmes/ambassadeurs/confirm_delete.html",
        {"page_title": title, "question": question, "back_url": back_url},
    )


@require_http_methods(["GET", "POST"])
def signatory_delete(request, slug, pk):
    programme = _programme(request, slug)
    signatory = get_object_or_404(
        ConventionSignatory.objects.filter(convention__programme=programme).select_related(
            "convention__programme"
        ),
        pk=pk,
    )
    back_url = reverse("programmes:amb_convention", args=[slug, signatory.convention_id])
    if request.method == "GET":
        return _confirm_delete(
            request,
            title=_("Retirer un signataire"),
            question=_("Retirer %(name)s, %(function)s, des signataires de la convention ?")
            % {"name": signatory.name, "function": signatory.function},
            back_url=f"{back_url}#signatories",
        )
    services.delete_signatory(signatory=signatory, by=request.user)
    messages.success(
        request, _("%(name)s n'est plus signataire de la convention.") % {"name": signatory.name}
    )
    url = reverse("programmes:amb_convention", args=[slug, signatory.convention_id])
    return redirect(f"{url}#signatories")


@require_http_methods(["GET", "POST"])
def commitment_delete(request, slug, pk):
    programme = _programme(request, slug)
    commitment = get_object_or_404(
        Commitment.objects.filter(convention__programme=programme).select_related(
            "convention__programme"
        ),
        pk=pk,
    )
    if request.method == "GET":
        back_url = reverse("programmes:amb_convention", args=[slug, commitment.convention_id])
        return _confirm_delete(
            request,
            title=_("Retirer un engagement"),
            question=_("Retirer l'engagement « %(label)s » de la convention ?")
            % {"label": commitment.label},
            back_url=f"{back_url}#commitments",
        )
    services.delete_commitment(commitment=commitment, by=request.user)
    messages.success(
        request, _("L'engagement « %(label)s » est retiré.") % {"label": commitment.label}
    )
    url = reverse("programmes:amb_convention", args=[slug, commitment.convention_id])
    return redirect(f"{url}#commitments")


@require_GET
def ambassador_export(request, slug, fmt):
    """The list of ambassadors (with the list's filters) as CSV or XLSX; a long one is made in
    the background (the exports app)."""
    from programmes import exports

    if fmt not in exports.AMBASSADORS_FORMATS:
        raise Http404
    programme = _programme(request, slug)
    ambassadors = exports.ambassadors_queryset(request.user, programme.pk, request.GET)
    total = ambassadors.count()
    if total > settings.EXPORT_SYNC_MAX_ROWS:
        export = exports.start_ambassadors_export(
            owner=request.user, programme=programme, fmt=fmt, params=request.GET, rows_total=total
        )
        return redirect(export)
    filename = exports.ambassadors_filename(programme, fmt, timezone.localdate())
    with tempfile.TemporaryFile() as out:
        exports.write_ambassadors(out, fmt, ambassadors)
        out.seek(0)
        content = out.read()
    return HttpResponse(
        content,
        content_type=writers.CONTENT_TYPES[fmt],
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


# Routes, mounted in programmes/urls.py under the Ambassadeurs section.
