"""The training record's rules (issue 10, point 5): what a teacher owes, what they did, what
is missing, and who may see whose record.

- A school year runs from 1 September to 31 August ("2026-2027").
- A PE (first-degree teacher) owes, each school year, the animations pédagogiques hours of
  their school's département: `AnimationHoursRule` (total, of which at least so many online);
  without a row for the département and year, 18 h of which 9 h (seed 002). Other teachers see
  their record without the obligation.
- Part-time teachers owe a share of it, by a table (DOMAIN.md: 100 % → 18 h, 75 % → 15 h,
  50 % → 9 h), not in proportion to their time: `PRORATING` gives the fraction of the full-time
  hours per service share (`ServiceShare`, 100 % without a row). The online minimum is
  pro-rated by the same fraction (DOMAIN.md is silent: 75 % → 7,5 h of 15 h, 50 % → 4,5 h of
  9 h), both rounded to the nearest half-hour.
- What counts towards the obligation: the entries of the sources (accounts/training_record.py)
  marked `animation_pedagogique`, with the hours done so far. The obligation is met when the
  hours done reach the total owed and the online hours the online minimum: in-person hours
  beyond the in-person part do not make up for missing online hours.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Corps, Role, RoleMembership
from accounts.permissions import academie_ids, district_ids, etablissement_ids, roles_of
from accounts.training_record import entries_for
from programmes.models import AnimationHoursRule, ServiceShare

DEFAULT_TOTAL_HOURS = Decimal("18")
DEFAULT_ONLINE_MIN_HOURS = Decimal("9")
# Service share (%) → fraction of the full-time hours owed (DOMAIN.md: 18 → 18, 15, 9).
PRORATING = {100: Fraction(1), 75: Fraction(15, 18), 50: Fraction(9, 18)}
HALF_HOUR = Decimal("0.5")

# Staff who see teachers' records, each within their own scope.
OFFICE_ROLES = (Role.DAFOR, Role.ADMINISTRATEUR)
STAFF_ROLES = (Role.CHEF_ETABLISSEMENT, Role.CLIF, Role.IEN, *OFFICE_ROLES)
# Who records a teacher's service share (the CLIF works on ANT, not on service).
SHARE_ROLES = (Role.CHEF_ETABLISSEMENT, Role.IEN, *OFFICE_ROLES)


# School years ------------------------------------------------------------------------------
def school_year_of(day):
    """The school year of `day`: "2026-2027" from 1 September 2026 to 31 August 2027."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def current_school_year():
    return school_year_of(timezone.localdate())


def is_school_year(value):
    """True for "2026-2027" (two consecutive years), False for anything else."""
    if not isinstance(value, str) or len(value) != 9 or value[4] != "-":
        return False
    first, second = value[:4], value[5:]
    return first.isdigit() and second.isdigit() and int(second) == int(first) + 1


def school_year_choices(around=None, before=4, after=1):
    """The school years offered by the selectors: the current one, `before` earlier and
    `after` later, newest first."""
    start = int((around or current_school_year())[:4])
    return [f"{y}-{y + 1}" for y in range(start + after, start - before - 1, -1)]


def school_year_bounds(school_year):
    start = int(school_year[:4])
    return datetime.date(start, 9, 1), datetime.date(start + 1, 8, 31)


# Hours ---------------------------------------------------------------------------------------
def round_half_hour(value):
    return (Decimal(value) / HALF_HOUR).quantize(Decimal(1), rounding=ROUND_HALF_UP) * HALF_HOUR


def prorate(hours, share):
    """`hours` owed full time, for a teacher at `share` % (by the table, to the half-hour)."""
    fraction = PRORATING[share]
    return round_half_hour(Decimal(hours) * fraction.numerator / fraction.denominator)


def format_hours(hours):
    """7.5 → « 7,5 h », 18.0 → « 18 h » (a non-breaking space before the unit)."""
    hours = Decimal(hours).normalize()
    if hours == hours.to_integral():
        hours = hours.quantize(Decimal(1))
    return formats.number_format(hours, use_l10n=True) + "\u00a0h"


@dataclass(frozen=True)
class Obligation:
    total: Decimal
    online: Decimal
    share: int = 100
    rule_is_default: bool = True


def obligation(rule, share=100):
    """What a PE at `share` % owes under `rule` (None: the 18 h / 9 h default)."""
    total = rule.total_hours if rule else DEFAULT_TOTAL_HOURS
    online = rule.online_min_hours if rule else DEFAULT_ONLINE_MIN_HOURS
    return Obligation(
        total=prorate(total, share),
        online=prorate(online, share),
        share=share,
        rule_is_default=rule is None,
    )


@dataclass
class TeacherRecord:
    """One teacher's school year: the trainings followed and, for a PE, the obligation."""

    user: object
    school: object = None  # the school of the membership the record is read through
    entries: list = field(default_factory=list)
    obligation: Obligation | None = None  # None: not a PE, no obligation

    @property
    def hours_in_person(self):
        return sum((e.hours_in_person for e in self.entries), Decimal(0))

    @property
    def hours_online(self):
        return sum((e.hours_online for e in self.entries), Decimal(0))

    @property
    def hours_total(self):
        return self.hours_in_person + self.hours_online

    @property
    def counted(self):
        return [e for e in self.entries if e.animation_pedagogique]

    @property
    def done_online(self):
        return sum((e.hours_online for e in self.counted), Decimal(0))

    @property
    def done_total(self):
        return sum((e.hours_in_person + e.hours_online for e in self.counted), Decimal(0))

    @property
    def owes(self):
        return self.obligation is not None

    @property
    def missing_online(self):
        if not self.owes:
            return Decimal(0)
        return max(self.obligation.online - self.done_online, Decimal(0))

    @property
    def missing_total(self):
        """The hours still to do: at least the online ones missing."""
        if not self.owes:
            return Decimal(0)
        return max(self.obligation.total - self.done_total, self.missing_online, Decimal(0))

    @property
    def met(self):
        return self.owes and self.missing_total == 0

    @property
    def short(self):
        """Owes hours and has not done them: flagged in the staff's table and its filter."""
        return self.owes and not self.met

    @property
    def missing_text(self):
        """« Il manque 3 h, dont 2 h à distance », or "" when nothing is missing."""
        total, online = self.missing_total, self.missing_online
        if not total:
            return ""
        if online == total:
            return _("Il manque %(hours)s à distance") % {"hours": format_hours(total)}
        if online:
            return _("Il manque %(hours)s, dont %(online)s à distance") % {
                "hours": format_hours(total),
                "online": format_hours(online),
            }
        return _("Il manque %(hours)s") % {"hours": format_hours(total)}


def records_for(memberships, school_year):
    """The records of the teachers of `memberships` (RoleMembership with `user` and
    `etablissement` loaded) for `school_year`, in their order, in a constant number of
    queries: one call of every source for all of them, one read of the rules of their
    départements and one of their service shares."""
    memberships = list(memberships)
    users = {m.user_id: m.user for m in memberships}
    found = entries_for(list(users.values()), school_year) if users else {}
    pe_ids = [uid for uid, user in users.items() if user.corps == Corps.PE]
    rules, shares = {}, {}
    if pe_ids:
        departements = {m.etablissement.departement for m in memberships if m.etablissement_id}
        rules = {
            rule.departement: rule
            for rule in AnimationHoursRule.objects.filter(
                school_year=school_year, departement__in=departements
            )
        }
        shares = dict(
            ServiceShare.objects.filter(user_id__in=pe_ids, school_year=school_year).values_list(
                "user_id", "share"
            )
        )
    records = []
    for membership in memberships:
        user = membership.user
        school = membership.etablissement
        owed = None
        if user.corps == Corps.PE:
            rule = rules.get(school.departement) if school else None
            owed = obligation(rule, shares.get(user.pk, 100))
        records.append(
            TeacherRecord(user=user, school=school, entries=found.get(user.pk, []), obligation=owed)
        )
    return records


def own_record(user, school_year):
    """The record of `user` for `school_year`, read through their teaching school (the first
    one, by name, when they teach in several), or without a school."""
    membership = (
        teaching_memberships()
        .filter(user=user)
        .select_related("user", "etablissement")
        .order_by("etablissement__name")
        .first()
    )
    if membership is None:
        membership = RoleMembership(user=user)
    return records_for([membership], school_year)[0]


# Who sees whose record -----------------------------------------------------------------------
def teaching_memberships():
    """The current memberships of teachers in a school."""
    today = timezone.localdate()
    return RoleMembership.objects.filter(
        role=Role.ENSEIGNANT, etablissement__isnull=False, started_on__lte=today
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today))


def staff_scope_q(user, roles=STAFF_ROLES):
    """The teachers' memberships `user` sees as staff: a head their school's, a CLIF their
    district's, an IEN their circonscriptions', the office (EAFC, administrators) their
    académie's. Http404 for anyone else."""
    held = roles_of(user) & set(roles)
    if not held:
        raise Http404
    q = Q(pk__in=[])
    if Role.CHEF_ETABLISSEMENT in held:
        q |= Q(etablissement_id__in=etablissement_ids(user, Role.CHEF_ETABLISSEMENT))
    if Role.CLIF in held:
        q |= Q(etablissement__district_id__in=district_ids(user, Role.CLIF))
    if Role.IEN in held:
        q |= Q(
            etablissement__circonscription__inspector=user,
            etablissement__academie_id__in=academie_ids(user, Role.IEN),
        )
    office_roles = set(OFFICE_ROLES) & held
    if office_roles:
        q |= Q(academie_id__in=academie_ids(user, *office_roles))
    return q


def memberships_in_scope(user, roles=STAFF_ROLES):
    return teaching_memberships().filter(staff_scope_q(user, roles))


def teacher_membership_or_404(staff, user_id, roles=STAFF_ROLES):
    """The membership through which `staff` sees the teacher `user_id` (the first of their
    schools in scope, by name), or 404."""
    membership = (
        memberships_in_scope(staff, roles)
        .filter(user_id=user_id)
        .select_related("user", "etablissement")
        .order_by("etablissement__name")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def is_office(user):
    return bool(roles_of(user) & set(OFFICE_ROLES))


# The dashboard's panels ----------------------------------------------------------------------
def dashboard_own_record(user):
    """The teacher's panel: where they stand this school year."""
    year = current_school_year()
    record = own_record(user, year)
    if record.owes:
        hint = record.missing_text or _("Obligation d'animations pédagogiques remplie")
    else:
        hint = _("%(hours)s de formation suivies") % {"hours": format_hours(record.hours_total)}
    return [
        {
            "label": _("Mon parcours de formation %(year)s") % {"year": year},
            "url": reverse("programmes:record_mine"),
            "hint": hint,
        }
    ]
