"""Demo data: the training record (issue 10, point 5).

The rule of the animations pédagogiques for the current school year in every département of
the seeds' académies, at the seed's figures (seed 002: « au moins 9 des 18 heures … sur
support numérique »), and, when the demo has several PE teachers, a 75 % service share for
one of them. Nothing else is invented. Idempotent: a second run writes nothing."""

from decimal import Decimal

from accounts.demo import DEMO_DOMAIN
from accounts.models import Academie, Corps, User
from programmes.models import AnimationHoursRule, ServiceShare
from programmes.record import current_school_year

# Académie code → départements (DOMAIN.md), as Etablissement.departement writes them.
DEPARTEMENTS = {
    "01": ["075"],  # Paris
    "24": ["077", "093", "094"],  # Créteil
    "12": ["054", "055", "057", "088"],  # Nancy-Metz
}
TOTAL_HOURS = Decimal("18")
ONLINE_MIN_HOURS = Decimal("9")


def seed():
    year = current_school_year()
    academies = {a.code: a for a in Academie.objects.filter(code__in=DEPARTEMENTS)}
    for code, departements in DEPARTEMENTS.items():
        academie = academies.get(code)
        if academie is None:
            continue
        for departement in departements:
            AnimationHoursRule.objects.get_or_create(
                departement=departement,
                school_year=year,
                defaults={
                    "academie": academie,
                    "total_hours": TOTAL_HOURS,
                    "online_min_hours": ONLINE_MIN_HOURS,
                },
            )
    teachers = list(
        User.objects.filter(
            corps=Corps.PE, email__endswith=f"@{DEMO_DOMAIN}", role_memberships__role="enseignant"
        )
        .distinct()
        .order_by("email")
    )
    if len(teachers) > 1:
        ServiceShare.objects.get_or_create(
            user=teachers[-1],
            school_year=year,
            defaults={"share": ServiceShare.Share.THREE_QUARTERS},
        )
