"""Ambassadeurs du numérique (seed 001): the rules and writes of the programme.

The history (django-simple-history) names the user of the web request that made a change
(its middleware); `by` is who the rules are checked for.

Reads for the pages (scoped, with a constant number of queries) and the writes that change a
state: a commitment's follow-up, an accompaniment request's assignment and visit. Each write
saves and notifies in one transaction (the outbox).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Statut
from notifications.services import notify
from programmes.models import (
    AccompanimentRequest,
    Ambassador,
    Cohort,
    Commitment,
    Convention,
    Partner,
    Programme,
    ProgrammeMembership,
)
from programmes.models.ambassadeurs import Degree
from programmes.permissions import current_memberships, staff_programmes

ACCOMPANIST_FUNCTIONS = (
    ProgrammeMembership.Function.ACCOMPAGNATEUR,
    ProgrammeMembership.Function.MAITRE_FORMATEUR,
)


# --- reads ---------------------------------------------------------------------------------
def ambassador_of(user):
    """The user's most recent ambassador record, or None."""
    if not user.is_authenticated:
        return None
    return (
        Ambassador.objects.filter(user=user)
        .select_related(
            "user", "cohort__convention__programme", "etablissement", "maitre_formateur"
        )
        .order_by("-cohort__school_year")
        .first()
    )


def ambassadors_for_staff(programme):
    """The programme's ambassadors, for the staff list (one query, whatever the rows)."""
    return Ambassador.objects.filter(cohort__convention__programme=programme).select_related(
        "user", "cohort", "etablissement", "maitre_formateur"
    )


def filtered_ambassadors(programme, params):
    """The staff list's ambassadors with the filters of `params` (promotion, degre, q), in
    the list's order; the export reads the same rows."""
    ambassadors = ambassadors_for_staff(programme).order_by("user__full_name", "pk")
    cohort = params.get("promotion", "")
    if cohort.isdigit():
        ambassadors = ambassadors.filter(cohort_id=int(cohort))
    if params.get("degre", "") in Degree.values:
        ambassadors = ambassadors.filter(degree=params["degre"])
    name = params.get("q", "").strip()
    if name:
        ambassadors = ambassadors.filter(user__full_name__icontains=name)
    return ambassadors


def cohort_counts(cohort):
    """The cohort's computed counts: {"premier": n, "second": n, "disciplines": [(name,
    planned, n)]}, every announced discipline listed, even with nobody yet (two queries)."""
    rows = (
        Ambassador.objects.filter(cohort=cohort)
        .values("degree", "discipline")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_degree = {Degree.PREMIER: 0, Degree.SECOND: 0}
    by_discipline = {}
    for row in rows:
        by_degree[row["degree"]] += row["n"]
        if row["degree"] == Degree.SECOND:
            by_discipline[row["discipline"]] = by_discipline.get(row["discipline"], 0) + row["n"]
    disciplines = [
        (discipline.name, discipline.planned, by_discipline.pop(discipline.name, 0))
        for discipline in cohort.disciplines.all()
    ]
    # Ambassadors in a discipline the cohort did not announce are still counted.
    disciplines += [
        (name or _("Non précisée"), None, n) for name, n in sorted(by_discipline.items())
    ]
    return {
        "premier": by_degree[Degree.PREMIER],
        "second": by_degree[Degree.SECOND],
        "total": by_degree[Degree.PREMIER] + by_degree[Degree.SECOND],
        "disciplines": disciplines,
    }


def accompanists(programme, functions=ACCOMPANIST_FUNCTIONS):
    """Users who may be assigned to an accompaniment: current accompanists and
    maîtres-formateurs of the programme (of `functions`)."""
    from accounts.models import User

    members = ProgrammeMembership.objects.filter(programme=programme, function__in=functions)
    today = timezone.localdate()
    members = members.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today)
    )
    return User.objects.filter(pk__in=members.values("user_id"), is_active=True).order_by(
        "full_name"
    )


def maitres_formateurs(programme):
    return accompanists(programme, (ProgrammeMembership.Function.MAITRE_FORMATEUR,))


def accompaniment_requests_for(user):
    """The accompaniment requests `user` may open: their own as an ambassador, those they
    accompany, and those of the programmes they are staff of."""
    return AccompanimentRequest.objects.filter(
        Q(ambassador__user=user)
        | Q(accompanist=user)
        | Q(ambassador__cohort__convention__programme__in=staff_programmes(user))
    ).select_related(
        "ambassador__user",
        "ambassador__etablissement",
        "ambassador__cohort__convention__programme",
        "accompanist",
    )


def queue_for_staff(programme):
    """The programme's requests, those waiting for an accompanist first, then those waiting
    for their visit, then the visited; the oldest first within each."""
    status = AccompanimentRequest.Status
    return (
        AccompanimentRequest.objects.filter(ambassador__cohort__convention__programme=programme)
        .select_related("ambassador__user", "ambassador__etablissement", "accompanist")
        .alias(
            rank=Case(
                When(status=status.DEMANDEE, then=Value(0)),
                When(status=status.ATTRIBUEE, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("rank", "created_at", "pk")
    )


def is_staff(user, programme):
    return staff_programmes(user).filter(pk=programme.pk).exists()


def ambassadeurs_programmes_for_staff(user):
    return staff_programmes(user).filter(kind=Programme.Kind.AMBASSADEURS)


def current_convention(programme):
    return (
        Convention.objects.filter(programme=programme)
        .select_related("predecessor")
        .order_by("-period")
        .first()
    )


# --- writes --------------------------------------------------------------------------------
def save_convention(*, convention, by):
    """Staff complete the convention (its signature, the signed PDF); history keeps who."""
    convention.save()
    return convention


def set_commitment_status(*, commitment, status, note, by):
    """Staff record where a commitment stands; the history keeps who changed it and when."""
    if status not in Commitment.Status.values:
        raise ValidationError(_("Cet état n'existe pas."))
    commitment.status = status
    commitment.note = note
    commitment.save(update_fields=["status", "note"])
    return commitment


def create_accompaniment_request(*, request, by):
    """Save a new request of `by`'s own ambassador record (built by the form)."""
    if request.ambassador.user_id != by.pk:
        raise ValidationError(_("Seul l'Ambassadeur concerné peut faire cette demande."))
    request.status = AccompanimentRequest.Status.DEMANDEE
    request.save()
    return request


@transaction.atomic
def assign_accompanist(*, request, accompanist, by):
    """Staff name the accompanist of a request not yet visited (a new name replaces the
    previous one); the accompanist and the ambassador are told."""
    request = AccompanimentRequest.objects.select_for_update().get(pk=request.pk)
    programme = Programme.objects.get(
        conventions__cohorts__ambassadors__accompaniment_requests=request
    )
    if not is_staff(by, programme):
        raise ValidationError(_("Seule l'équipe du programme désigne les accompagnateurs."))
    if request.status == AccompanimentRequest.Status.REALISEE:
        raise ValidationError(_("La visite a déjà eu lieu : l'accompagnement est terminé."))
    if not accompanists(programme).filter(pk=accompanist.pk).exists():
        raise ValidationError(
            _("Cette personne n'est ni accompagnatrice ni maître-formatrice du programme.")
        )
    request.accompanist = accompanist
    request.assigned_by = by
    request.assigned_at = timezone.now()
    request.status = AccompanimentRequest.Status.ATTRIBUEE
    request.save(update_fields=["accompanist", "assigned_by", "assigned_at", "status"])
    request = accompaniment_requests_for(by).get(pk=request.pk)
    url = reverse("programmes:amb_request", args=[request.pk])
    for recipient in (accompanist, request.ambassador.user):
        notify(
            recipient=recipient,
            kind="ambassadeurs_accompaniment_assigned",
            context={"accompaniment": request, "to_accompanist": recipient == accompanist},
            url=url,
        )
    return request


@transaction.atomic
def record_visit(*, request, visit_on, minutes, report, by):
    """The accompanist records the visit (date, duration) and a short report; the ambassador
    is told."""
    request = AccompanimentRequest.objects.select_for_update().get(pk=request.pk)
    if request.accompanist_id != by.pk:
        raise ValidationError(_("Seul l'accompagnateur désigné rend compte de la visite."))
    if request.status != AccompanimentRequest.Status.ATTRIBUEE:
        raise ValidationError(_("Le compte rendu de cette visite est déjà enregistré."))
    request.visit_on = visit_on
    request.visit_minutes = minutes
    request.report = report
    request.reported_at = timezone.now()
    request.status = AccompanimentRequest.Status.REALISEE
    request.save(update_fields=["visit_on", "visit_minutes", "report", "reported_at", "status"])
    request = accompaniment_requests_for(by).get(pk=request.pk)
    notify(
        recipient=request.ambassador.user,
        kind="ambassadeurs_accompaniment_report",
        context={"accompaniment": request},
        url=reverse("programmes:amb_request", args=[request.pk]),
    )
    return request


@transaction.atomic
def update_ambassador(*, ambassador, by):
    """Staff complete the follow-up record (maître-formateur, mémoire, tenure). Once tenure
    has come, the trainee is a titulaire: their account says so."""
    ambassador.save()
    user = ambassador.user
    tenured = ambassador.tenure_on is not None and ambassador.tenure_on <= timezone.localdate()
    if tenured and user.statut != Statut.TITULAIRE:
        user.statut = Statut.TITULAIRE
        user.save(update_fields=["statut"])
    return ambassador


def funding_required(provider):
    """The collectivity (Ville de Paris) says which of its budgets paid; others do not."""
    return provider is not None and provider.kind == Partner.Kind.COLLECTIVITE


def accompanied_count(user):
    """How many accompaniments `user` has to carry out (assigned, not yet visited)."""
    return AccompanimentRequest.objects.filter(
        accompanist=user, status=AccompanimentRequest.Status.ATTRIBUEE
    ).count()


def is_accompanist(user):
    return current_memberships(user, *ACCOMPANIST_FUNCTIONS).exists()


def cohorts_of(programme):
    return Cohort.objects.filter(convention__programme=programme).order_by("-school_year")


# --- staff's own writes: cohorts, ambassadors, signatories, commitments ----------------------
def check_staff(by, programme):
    if not is_staff(by, programme):
        raise ValidationError(_("Seule l'équipe du programme peut faire cette modification."))


def teachers_of(academie):
    """Users holding a current teacher role in a school of `academie`."""
    from accounts.models import Role, RoleMembership, User

    today = timezone.localdate()
    memberships = RoleMembership.objects.filter(
        role=Role.ENSEIGNANT, etablissement__academie=academie, started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    return User.objects.filter(pk__in=memberships.values("user_id"), is_active=True)


def teaching_schools(user, academie):
    """The schools of `academie` where `user` currently holds a teacher role."""
    from accounts.models import Etablissement, Role

    today = timezone.localdate()
    # One filter() call: the conditions hold for the same membership.
    return Etablissement.objects.filter(
        Q(memberships__ended_on__isnull=True) | Q(memberships__ended_on__gt=today),
        academie=academie,
        memberships__user=user,
        memberships__role=Role.ENSEIGNANT,
        memberships__started_on__lte=today,
    ).distinct()


@transaction.atomic
def save_cohort(*, cohort, disciplines, by):
    """Create or edit a cohort and set its second-degree disciplines to `disciplines` (names,
    in order). A discipline some ambassador of the cohort teaches cannot be removed."""
    from programmes.models import CohortDiscipline

    check_staff(by, cohort.convention.programme)
    cohort.save()
    wanted = list(dict.fromkeys(name.strip() for name in disciplines if name.strip()))
    current = {d.name: d for d in cohort.disciplines.all()}
    removed = [name for name in current if name not in wanted]
    in_use = sorted(
        Ambassador.objects.filter(cohort=cohort, discipline__in=removed)
        .values_list("discipline", flat=True)
        .distinct()
    )
    if in_use:
        raise ValidationError(
            _("Des Ambassadeurs de la promotion enseignent encore : %(names)s.")
            % {"names": ", ".join(in_use)}
        )
    CohortDiscipline.objects.filter(cohort=cohort, name__in=removed).delete()
    for order, name in enumerate(wanted):
        discipline = current.get(name)
        if discipline is None:
            CohortDiscipline.objects.create(cohort=cohort, name=name, order=order)
        elif discipline.order != order:
            discipline.order = order
            discipline.save(update_fields=["order"])
    return cohort


@transaction.atomic
def add_ambassador(*, cohort, user, degree, discipline, etablissement, class_name, by):
    """Make a teacher of the programme's académie an ambassador of `cohort`; the person is
    recorded as a stagiaire. Raises ValidationError (field → message) on a rule broken."""
    programme = cohort.convention.programme
    check_staff(by, programme)
    errors = {}
    if user is None or not teachers_of(programme.academie).filter(pk=user.pk).exists():
        errors["email"] = _(
            "Aucun compte d'enseignant de l'académie ne correspond à cette adresse."
        )
    elif Ambassador.objects.filter(cohort=cohort, user=user).exists():
        errors["email"] = _("%(name)s est déjà Ambassadeur de la promotion %(year)s.") % {
            "name": user.full_name,
            "year": cohort.school_year,
        }
    if degree == Degree.PREMIER and discipline:
        errors["discipline"] = _("Une discipline ne s'indique que pour le second degré.")
    elif degree == Degree.SECOND:
        if not discipline:
            errors["discipline"] = _("Choisissez la discipline enseignée.")
        elif not cohort.disciplines.filter(name=discipline).exists():
            errors["discipline"] = _(
                "Cette discipline n'est pas parmi celles de la promotion %(year)s."
            ) % {"year": cohort.school_year}
    if "email" not in errors and (
        etablissement is None
        or not teaching_schools(user, programme.academie).filter(pk=etablissement.pk).exists()
    ):
        errors["uai"] = _("Cette personne n'enseigne pas dans cet établissement de l'académie.")
    if errors:
        raise ValidationError(errors)
    ambassador = Ambassador.objects.create(
        cohort=cohort,
        user=user,
        degree=degree,
        discipline=discipline if degree == Degree.SECOND else "",
        etablissement=etablissement,
        class_name=class_name,
    )
    if user.statut != Statut.STAGIAIRE:
        user.statut = Statut.STAGIAIRE
        user.save(update_fields=["statut"])
    return ambassador


def _check_partners(convention, partners):
    allowed = set(convention.partners.values_list("pk", flat=True))
    if any(partner.pk not in allowed for partner in partners):
        raise ValidationError(_("Choisissez des partenaires de la convention."))


@transaction.atomic
def save_signatory(*, signatory, by):
    check_staff(by, signatory.convention.programme)
    _check_partners(signatory.convention, [signatory.partner])
    signatory.save()
    return signatory


@transaction.atomic
def delete_signatory(*, signatory, by):
    check_staff(by, signatory.convention.programme)
    signatory.delete()


@transaction.atomic
def save_commitment(*, commitment, carriers, by):
    """Create or edit a commitment and its carriers (partners of the convention); a new one
    comes last."""
    from django.db.models import Max

    convention = Convention.objects.select_for_update().get(pk=commitment.convention_id)
    check_staff(by, convention.programme)
    if not carriers:
        raise ValidationError(_("Choisissez au moins un partenaire qui porte l'engagement."))
    _check_partners(convention, carriers)
    if commitment.pk is None:
        last = convention.commitments.aggregate(last=Max("order"))["last"]
        commitment.order = (last or 0) + 1
    commitment.save()
    commitment.carriers.set(carriers)
    return commitment


@transaction.atomic
def delete_commitment(*, commitment, by):
    check_staff(by, commitment.convention.programme)
    commitment.delete()
