"""The world of the ANT tests: Créteil's 2020-2021 campaign, the people around a request of the
Collège Jean-Jaurès (tests/conftest.py has the académies, schools, teacher, head and office),
and that request at the steps most tests start from."""

import datetime

import pytest

from accounts.models import Role
from tests.factories import (
    AntRequestFactory,
    CampaignFactory,
    SubmissionWindowFactory,
    ThemeFactory,
    TrainerProfileFactory,
    ant_request,
    user_with_role,
)


@pytest.fixture
def campaign(academie):
    """Two windows: 15 June – 8 July 2020 (`window`, open on IN_WINDOW), then from 21 August
    2020, its closing date not set yet."""
    campaign = CampaignFactory(academie=academie, title="ANT 2020-2021 Créteil")
    SubmissionWindowFactory(campaign=campaign)
    SubmissionWindowFactory(campaign=campaign, opens_on=datetime.date(2020, 8, 21), closes_on=None)
    return campaign


@pytest.fixture
def window(campaign):
    return campaign.windows.order_by("opens_on").first()


@pytest.fixture
def theme(campaign):
    return ThemeFactory(campaign=campaign, title="Évaluer par compétences")


@pytest.fixture
def colleague(school):
    """The coordinator's colleague, a confirmed member of `draft`'s team."""
    return user_with_role(
        Role.ENSEIGNANT, etablissement=school, full_name="Karim Benali", email="karim@ac-test.fr"
    )


@pytest.fixture
def other_teacher(other_school):
    return user_with_role(
        Role.ENSEIGNANT,
        etablissement=other_school,
        full_name="Ines Haddad",
        email="ines@ac-test.fr",
    )


@pytest.fixture
def other_head(other_school):
    return user_with_role(Role.CHEF_ETABLISSEMENT, etablissement=other_school, full_name="Anne Roy")


@pytest.fixture
def trainer(academie):
    user = user_with_role(Role.FORMATEUR, academie=academie, full_name="Sophie Lemaire")
    TrainerProfileFactory(user=user, academie=academie)
    return user


@pytest.fixture
def draft(campaign, teacher, colleague, school):
    """A team of two (the coordinator `teacher` and `colleague`): it may be transmitted."""
    return ant_request(campaign=campaign, coordinator=teacher, school=school, members=[colleague])


@pytest.fixture
def under_review(campaign, theme, teacher, colleague, school):
    """`draft`'s twin, on a catalogue theme (discipline: mathématiques), under review."""
    return AntRequestFactory(
        campaign=campaign,
        coordinator=teacher,
        coordinating_school=school,
        members=[colleague],
        theme=theme,
        under_review=True,
    )
