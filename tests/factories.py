"""Factories with named traits for the scenarios tests need."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import (
    Academie,
    Corps,
    District,
    Etablissement,
    Reseau,
    Role,
    RoleMembership,
    User,
)
from accounts.uai import uai_check_letter

DEFAULT_PASSWORD = "Formations-2026!"


class AcademieFactory(DjangoModelFactory):
    class Meta:
        model = Academie
        django_get_or_create = ["code"]

    # Two letters: never one of the real (numeric) codes the data migration creates.
    code = factory.Sequence(lambda n: chr(65 + n // 26 % 26) + chr(65 + n % 26))
    name = factory.Sequence(lambda n: f"Académie {n}")
    region_academique = "Région test"


def _uai(n, departement="093"):
    digits = f"{departement}{n % 10000:04d}"
    return digits + uai_check_letter(digits)


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    academie = factory.SubFactory(AcademieFactory)
    name = factory.Sequence(lambda n: f"District {n}")


class ReseauFactory(DjangoModelFactory):
    class Meta:
        model = Reseau

    academie = factory.SubFactory(AcademieFactory)
    name = factory.Sequence(lambda n: f"Réseau {n}")


class EtablissementFactory(DjangoModelFactory):
    class Meta:
        model = Etablissement

    uai = factory.Sequence(lambda n: _uai(n + 1))
    name = factory.Sequence(lambda n: f"Collège {n}")
    type = "Collège"
    statut = Etablissement.Statut.PUBLIC
    postcode = "93000"
    commune = "Bobigny"
    departement = "093"
    academie = factory.SubFactory(AcademieFactory)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@ac-test.fr")
    full_name = factory.Sequence(lambda n: f"Camille Agent{n}")
    corps = Corps.CERTIFIE
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RoleMembershipFactory(DjangoModelFactory):
    class Meta:
        model = RoleMembership

    user = factory.SubFactory(UserFactory)
    role = Role.ENSEIGNANT
    etablissement = factory.SubFactory(EtablissementFactory)
    academie = factory.LazyAttribute(
        lambda o: o.etablissement.academie if o.etablissement else None
    )


def user_with_role(role, *, etablissement=None, academie=None, **user_fields):
    """A user holding one role, scoped to a school (teacher, head) or an académie (others)."""
    user = UserFactory(**user_fields)
    if role in (Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT):
        etablissement = etablissement or EtablissementFactory(
            **({"academie": academie} if academie else {})
        )
        RoleMembershipFactory(user=user, role=role, etablissement=etablissement)
    else:
        academie = academie or (etablissement.academie if etablissement else AcademieFactory())
        RoleMembershipFactory(user=user, role=role, etablissement=None, academie=academie)
    return user


# ANT requests -----------------------------------------------------------------------------
class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = "requests.Campaign"

    academie = factory.SubFactory(AcademieFactory)
    school_year = "2020-2021"
    title = factory.LazyAttribute(lambda o: f"ANT {o.school_year}")
    published_on = datetime.date(2020, 6, 15)


class SubmissionWindowFactory(DjangoModelFactory):
    class Meta:
        model = "requests.SubmissionWindow"

    campaign = factory.SubFactory(CampaignFactory)
    opens_on = datetime.date(2020, 6, 15)
    closes_on = datetime.date(2020, 7, 8)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = "requests.Theme"

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Thématique {n}")
    description = "Construire des pratiques communes d'évaluation par compétences."
    kind = "disciplinaire"
    discipline = "Mathématiques"
    target_public = "Enseignants du second degré"


def ant_request(*, campaign, coordinator, school, members=(), **fields):
    """A draft request of `school` coordinated by `coordinator`; `members` join confirmed."""
    from requests import services
    from requests.models import TeamMember

    values = {
        "scale": "etablissement",
        "coordinating_school": school,
        "title": "Évaluer par compétences au collège",
        "professional_questions": "Comment harmoniser nos pratiques d'évaluation ?",
        "expected_outcomes": "Une grille commune par cycle.",
        "public_count": 12,
        "public_categories": "Enseignants, CPE",
        **fields,
    }
    request = services.create_request(
        campaign=campaign, coordinator=coordinator, schools=[school], **values
    )
    for user in members:
        TeamMember.objects.create(request=request, user=user, status="confirmed")
    return request


class TrainerProfileFactory(DjangoModelFactory):
    class Meta:
        model = "requests.TrainerProfile"

    user = factory.SubFactory(UserFactory)
    academie = factory.SubFactory(AcademieFactory)
    disciplines = "Mathématiques"
    departement = "093"
    max_load = 3
