"""The e-portfolio's PDF (its text read back), and the seed's demo data for the Paris
programme: exactly the seed's figures, and a second run that writes nothing."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from programmes.models import Ambassador, Cohort, Commitment, Convention
from programmes.portfolio_pdf import portfolio_pdf
from tests.factories import PortfolioEntryFactory


def pdf_text(pdf):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_ambassador_exports_the_portfolio_as_pdf(client, amb):
    PortfolioEntryFactory(
        ambassador=amb.thomas,
        title="Un blog de classe",
        on=datetime.date(2018, 12, 10),
        skill_collaboration=False,
        skill_communication=True,
        disseminated_on=datetime.date(2018, 12, 14),
        dissemination_audience="l'équipe du cycle 2",
        dissemination_count=6,
    )
    PortfolioEntryFactory(ambassador=amb.other, title="Le portfolio d'une autre")
    client.force_login(amb.thomas.user)
    response = client.get(reverse("programmes:amb_portfolio_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="portfolio-thomas-moreau.pdf"' in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Thomas Moreau" in text
    assert "Un blog de classe" in text
    assert "10 décembre 2018" in text
    assert "La communication au travers le numérique" in text
    assert "6 collègues" in text
    assert "d'une autre" not in text


def test_an_empty_portfolio_still_makes_a_pdf(amb):
    pdf = portfolio_pdf(ambassador=amb.thomas, entries=[], base_url="http://testserver/")
    assert "Aucune entrée" in pdf_text(pdf)


# --- demo ---------------------------------------------------------------------------------
@pytest.fixture
def demo(db, settings):
    from accounts.demo import seed_demo
    from accounts.models import Academie
    from programmes.demo import ambassadeurs, catalogue

    for code, name in (("01", "Paris"), ("12", "Nancy-Metz"), ("24", "Créteil")):
        Academie.objects.get_or_create(code=code, defaults={"name": name})
    seed_demo(password="demo-password")
    catalogue.seed()  # the step before this one makes the Programme row
    ambassadeurs.seed()
    return ambassadeurs


def test_demo_has_the_seed_s_convention_signatories_and_predecessor(demo):
    convention = Convention.objects.get(period="2018-2019")
    assert convention.signed_on == datetime.date(2018, 11, 22)
    assert "Sorbonne" in convention.signed_at
    assert not convention.signed_pdf
    assert [(s.name, s.partner.name) for s in convention.signatories.all()] == [
        ("Gilles Pécout", "Rectorat de Paris"),
        ("Alain Frugière", "ESPE de Paris"),
        ("Patrick Bloche", "Ville de Paris"),
        ("Christophe Lafond", "MGEN"),
    ]
    assert convention.predecessor.trainees_trained == 30
    assert sorted(p.name for p in convention.predecessor.partners.all()) == [
        "ESPE de Paris",
        "MGEN",
        "Rectorat de Paris",
    ]


def test_demo_commitments_are_split_exactly_as_the_seed(demo):
    commitments = Commitment.objects.filter(convention__period="2018-2019").prefetch_related(
        "carriers"
    )
    assert [(c.label, sorted(p.name for p in c.carriers.all())) for c in commitments] == [
        ("Équipement individuel des Ambassadeurs", ["MGEN"]),
        (
            "Ateliers de formation et de co-conception des Ambassadeurs",
            ["MGEN", "Rectorat de Paris"],
        ),
        ("Adaptation de parcours de formation M2 des Ambassadeurs", ["ESPE de Paris"]),
        ("Tutorat", ["ESPE de Paris", "Rectorat de Paris"]),
        ("Accompagnement pédagogique des Ambassadeurs", ["Rectorat de Paris"]),
        ("Équipement collectif des salles de classes des Ambassadeurs", ["Ville de Paris"]),
    ]


def test_demo_uses_the_catalogue_s_programme_with_its_staff(demo):
    from programmes.models import Programme, ProgrammeMembership

    programme = Programme.objects.get(academie__code="01", kind="ambassadeurs")
    assert programme.slug == "ambassadeurs-du-numerique-paris"
    assert {
        (m.user.email, m.function)
        for m in ProgrammeMembership.objects.filter(programme=programme).select_related("user")
    } == {
        ("ambassadeurs.paris@demo.formations.local", "staff"),
        ("maitre-formateur.paris@demo.formations.local", "maitre_formateur"),
    }


def test_demo_cohort_has_48_plus_10_ambassadors(demo):
    from programmes.ambassadeurs import cohort_counts

    cohort = Cohort.objects.get(school_year="2018-2019")
    counts = cohort_counts(cohort)
    assert (cohort.planned_first_degree, cohort.planned_second_degree) == (48, 10)
    assert (counts["premier"], counts["second"]) == (48, 10)
    assert [name for name, _planned, _n in counts["disciplines"]] == [
        "Documentation",
        "Espagnol",
        "Mathématiques",
        "Allemand",
    ]
    assert all(planned is None for _name, planned, _n in counts["disciplines"])
    thomas = Ambassador.objects.get(user__email="enseignant.paris@demo.formations.local")
    assert thomas.user.statut == "stagiaire"
    assert thomas.maitre_formateur.full_name == "Hélène Marchand"
    others = Ambassador.objects.exclude(pk=thomas.pk).select_related("user")
    assert all(not a.user.has_usable_password() for a in others)


def test_demo_second_run_writes_nothing(demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        demo.seed()
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
