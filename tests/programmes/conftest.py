"""Fixtures shared by the programmes' tests; each part adds its own in its section."""

import pytest

from tests.factories import AcademieFactory


@pytest.fixture
def nancy_metz(db):
    return AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")


@pytest.fixture
def paris(db):
    return AcademieFactory(code="01", name="Paris", region_academique="Île-de-France")


# --- catalogue (issue 10, point 1) ---
@pytest.fixture
def cat_programme(nancy_metz):
    """Nancy-Metz's ambition-confiance programme, with its two contacts and its video."""
    from tests.factories import (
        ProgrammeContactFactory,
        ProgrammeFactory,
        ProgrammeResourceFactory,
    )

    programme = ProgrammeFactory(
        academie=nancy_metz,
        kind="ambition_confiance",
        slug="ambition-confiance-nancy-metz",
        title="Ateliers ambition-confiance",
        period="Depuis septembre 2021",
        service_mailbox="ce.saio@ac-nancy-metz.fr",
    )
    ProgrammeContactFactory(
        programme=programme, name="SAIO", function="Service", email="ce.saio@ac-nancy-metz.fr"
    )
    ProgrammeContactFactory(
        programme=programme,
        name="Lucie Antoine",
        function="Chargée de mission",
        email="lucie.antoine@ac-nancy-metz.fr",
        order=2,
    )
    ProgrammeResourceFactory(
        programme=programme,
        title="Les ateliers en vidéo",
        kind="video",
        url="https://www.youtube.com/watch?v=NMgf1st2qmE",
    )
    return programme


@pytest.fixture
def cat_staff(cat_programme):
    """Lucie Antoine, SAIO of Nancy-Metz, on the programme's staff."""
    from accounts.models import Role
    from tests.factories import programme_staff

    return programme_staff(cat_programme, Role.SAIO, full_name="Lucie Antoine")


@pytest.fixture
def cat_other_programme(nancy_metz):
    """Another programme of the same académie (its M@gistère), with its own staff."""
    from tests.factories import ProgrammeFactory

    return ProgrammeFactory(academie=nancy_metz, kind="magistere", title="Parcours M@gistère")


# --- ambition-confiance (issue 10, point 2) ---
@pytest.fixture
def brig(nancy_metz, time_machine):
    """Nancy-Metz's brigade on 30 November 2026, its SAIO staff (Lucie Antoine), its
    preparation module, two lycées of the académie, a teacher of one of them; beside them a
    teacher of Créteil, Paris's brigade staff, the staff of Nancy-Metz's M@gistère programme and
    Nancy-Metz's EAFC (a role in the académie, not on the programme's staff)."""
    import datetime
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from accounts.models import Role
    from tests.factories import (
        BrigadeFactory,
        EtablissementFactory,
        ParcoursFactory,
        ProgrammeFactory,
        programme_staff,
        user_with_role,
    )

    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Europe/Paris")))
    w = SimpleNamespace(academie=nancy_metz)
    w.programme = ProgrammeFactory(
        academie=nancy_metz,
        kind="ambition_confiance",
        slug="brigade-nancy-metz",
        title="Ateliers ambition-confiance",
        service_mailbox="ce.saio@ac-nancy-metz.fr",
    )
    w.module = ParcoursFactory(
        local=True,
        academie=nancy_metz,
        kind="module",
        title="Découvrir les ateliers ambition-confiance",
    )
    w.brigade = BrigadeFactory(programme=w.programme, preparation_module=w.module)
    w.staff = programme_staff(w.programme, Role.SAIO, full_name="Lucie Antoine")
    w.school = EtablissementFactory(
        academie=nancy_metz, uai="0570054Z", name="Lycée Fabert", commune="Metz", departement="057"
    )
    w.other_school = EtablissementFactory(
        academie=nancy_metz,
        uai="0572027U",
        name="Lycée Jean-Baptiste Colbert",
        commune="Thionville",
        departement="057",
    )
    w.teacher = user_with_role(Role.ENSEIGNANT, etablissement=w.school, full_name="Élise Girard")
    w.colleague = user_with_role(
        Role.ENSEIGNANT, etablissement=w.other_school, full_name="Hugo Petit"
    )
    w.other_teacher = user_with_role(Role.ENSEIGNANT, full_name="Claire Martin")  # Créteil-like
    paris = AcademieFactory(code="01", name="Paris", region_academique="Île-de-France")
    w.other_brigade = BrigadeFactory(
        programme=ProgrammeFactory(academie=paris, kind="ambition_confiance", slug="brigade-paris")
    )
    w.other_staff = programme_staff(w.other_brigade.programme, Role.SAIO, full_name="Paul Roy")
    w.magistere_staff = programme_staff(
        ProgrammeFactory(academie=nancy_metz, kind="magistere", slug="magistere-nancy-metz"),
        Role.FORMATEUR,
        full_name="Anne Vidal",
    )
    w.dafor = user_with_role(Role.DAFOR, academie=nancy_metz, full_name="Marc Lefèvre")
    w.today = datetime.date(2026, 11, 30)
    return w


# --- Ambassadeurs du numérique (issue 10, point 3) ---
@pytest.fixture
def amb(db, time_machine):
    """Paris on 10 January 2019, in the 2018-2019 cohort's year: the Ambassadeurs programme
    with its convention and cohort, its staff member, a maître-formatrice, an accompanist, two
    ambassadors; beside them the staff of another Paris programme, and Créteil's own
    Ambassadeurs programme with its staff and one ambassador."""
    import datetime
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from accounts.models import Role
    from programmes.models import ProgrammeMembership
    from tests.factories import (
        CohortFactory,
        ConventionFactory,
        ProgrammeFactory,
        ProgrammeMembershipFactory,
        ambassador,
        programme_staff,
        user_with_role,
    )

    time_machine.move_to(datetime.datetime(2019, 1, 10, 10, tzinfo=ZoneInfo("Europe/Paris")))
    paris = AcademieFactory(code="01", name="Paris", region_academique="Île-de-France")
    creteil = AcademieFactory(code="24", name="Créteil", region_academique="Île-de-France")
    w = SimpleNamespace(academie=paris)
    w.programme = ProgrammeFactory(
        academie=paris, kind="ambassadeurs", slug="ambassadeurs-paris", title="Ambassadeurs"
    )
    w.convention = ConventionFactory(programme=w.programme)
    w.cohort = CohortFactory(convention=w.convention)
    w.staff = programme_staff(w.programme, Role.DAFOR, full_name="Claire Vannier")
    w.mentor = user_with_role(Role.FORMATEUR, academie=paris, full_name="Hélène Marchand")
    ProgrammeMembershipFactory(programme=w.programme, user=w.mentor, function="maitre_formateur")
    w.accompanist = user_with_role(Role.FORMATEUR, academie=paris, full_name="Bruno Lemaire")
    ProgrammeMembershipFactory(programme=w.programme, user=w.accompanist, function="accompagnateur")
    w.thomas = ambassador(w.cohort, user__full_name="Thomas Moreau", maitre_formateur=w.mentor)
    w.other = ambassador(w.cohort, user__full_name="Léa Martin")
    w.other_programme = ProgrammeFactory(academie=paris, kind="ambition_confiance")
    w.other_programme_staff = programme_staff(w.other_programme, Role.DAFOR, full_name="Yves Caron")
    w.creteil_programme = ProgrammeFactory(academie=creteil, kind="ambassadeurs")
    w.creteil_staff = programme_staff(w.creteil_programme, Role.DAFOR, full_name="Anne Vidal")
    w.creteil_ambassador = ambassador(
        CohortFactory(convention=ConventionFactory(programme=w.creteil_programme)),
        user__full_name="Inès Robert",
    )
    w.teacher = user_with_role(Role.ENSEIGNANT, etablissement=w.thomas.etablissement)
    # Memberships since the start of the cohort's year (the factory's date is later).
    ProgrammeMembership.objects.update(started_on=datetime.date(2018, 9, 1))
    return w


# --- M@gistère (issue 10, point 4) ---
@pytest.fixture
def mag(paris, nancy_metz):
    """Paris's M@gistère programme with its staff and a formateur de proximité; a
    circonscription with its IEN, an école and a PE teacher; another circonscription with its
    IEN and teacher; Nancy-Metz's programme with its staff and a teacher; the national parcours
    « Enseigner le calcul mental » (4 activities: 1 h online alone, 3 h in person together,
    1 h 30 online together, 30 min online alone) and a session of the circonscription's
    animations pédagogiques organised by the IEN."""
    from types import SimpleNamespace

    from accounts.models import Corps, Role
    from tests.factories import (
        CirconscriptionFactory,
        EtablissementFactory,
        ParcoursActivityFactory,
        ParcoursFactory,
        ParcoursSessionFactory,
        ProgrammeFactory,
        ProgrammeMembershipFactory,
        programme_staff,
        user_with_role,
    )

    w = SimpleNamespace(academie=paris, other_academie=nancy_metz)
    w.programme = ProgrammeFactory(
        academie=paris, kind="magistere", slug="magistere-paris", title="Parcours M@gistère"
    )
    w.other_programme = ProgrammeFactory(
        academie=nancy_metz, kind="magistere", slug="magistere-nancy-metz"
    )
    w.staff = programme_staff(w.programme, Role.DAFOR, full_name="Anne Dubois")
    w.other_staff = programme_staff(w.other_programme, Role.DAFOR, full_name="Paul Hémon")
    w.ien = user_with_role(Role.IEN, academie=paris, full_name="Hélène Garnier", corps=Corps.IEN)
    w.other_ien = user_with_role(Role.IEN, academie=paris, full_name="Luc Perrin", corps=Corps.IEN)
    w.circonscription = CirconscriptionFactory(
        academie=paris, departement="075", name="Paris 19A", inspector=w.ien
    )
    w.other_circonscription = CirconscriptionFactory(
        academie=paris, departement="075", name="Paris 13B", inspector=w.other_ien
    )
    w.school = EtablissementFactory(
        academie=paris,
        name="École Colette-Magny",
        type="Ecole",
        departement="075",
        circonscription=w.circonscription,
    )
    w.other_school = EtablissementFactory(
        academie=paris,
        name="École Château-des-Rentiers",
        type="Ecole",
        departement="075",
        circonscription=w.other_circonscription,
    )
    w.teacher = user_with_role(
        Role.ENSEIGNANT, etablissement=w.school, full_name="Thomas Moreau", corps=Corps.PE
    )
    w.other_teacher = user_with_role(
        Role.ENSEIGNANT, etablissement=w.other_school, full_name="Inès Robert", corps=Corps.PE
    )
    w.far_teacher = user_with_role(
        Role.ENSEIGNANT, academie=nancy_metz, full_name="Élise Girard", corps=Corps.PE
    )
    w.trainer = user_with_role(Role.FORMATEUR, academie=paris, full_name="Karim Haddad")
    ProgrammeMembershipFactory(
        programme=w.programme, user=w.trainer, function="formateur_proximite"
    )
    w.other_trainer = user_with_role(Role.FORMATEUR, academie=paris, full_name="Lina Morel")
    w.parcours = ParcoursFactory(title="Enseigner le calcul mental")
    w.activities = [
        ParcoursActivityFactory(
            parcours=w.parcours,
            order=1,
            grouping="individuelle",
            modality="distance",
            duration_minutes=60,
        ),
        ParcoursActivityFactory(
            parcours=w.parcours,
            order=2,
            grouping="collective",
            modality="presence",
            duration_minutes=180,
            type="preparation",
        ),
        ParcoursActivityFactory(
            parcours=w.parcours,
            order=3,
            grouping="collective",
            modality="distance",
            duration_minutes=90,
            type="classe_virtuelle",
        ),
        ParcoursActivityFactory(
            parcours=w.parcours,
            order=4,
            grouping="individuelle",
            modality="distance",
            duration_minutes=30,
            type="auto_evaluation",
        ),
    ]
    w.session = ParcoursSessionFactory(
        parcours=w.parcours,
        academie=paris,
        plan="animations",
        circonscription=w.circonscription,
        organiser=w.ien,
    )
    w.session.trainers.set([w.trainer])
    return w


# --- training record (issue 10, point 5) ---
@pytest.fixture
def record_world(db, time_machine):
    """Créteil on 30 November 2026 (school year 2026-2027): an école of the 93 in a district and
    a circonscription, with a PE teacher and a certifié, its head, the district's CLIF, the
    circonscription's IEN, the office; and beside them another école (other district, other
    circonscription) with its head, CLIF and IEN, and Nancy-Metz's office."""
    import datetime
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    from accounts.models import Corps, Role
    from tests.factories import (
        CirconscriptionFactory,
        DistrictFactory,
        EtablissementFactory,
        pe_teacher,
        user_with_role,
    )

    time_machine.move_to(datetime.datetime(2026, 11, 30, 10, tzinfo=ZoneInfo("Europe/Paris")))
    creteil = AcademieFactory(code="24", name="Créteil", region_academique="Île-de-France")
    nancy = AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")
    district = DistrictFactory(academie=creteil, name="District de Vitry")
    other_district = DistrictFactory(academie=creteil, name="District de Créteil")
    w = SimpleNamespace(academie=creteil, other_academie=nancy, district=district)
    w.ien = user_with_role(Role.IEN, academie=creteil, full_name="Hélène Garnier", corps=Corps.IEN)
    w.other_ien = user_with_role(Role.IEN, academie=creteil, full_name="Luc Perrin")
    w.circonscription = CirconscriptionFactory(
        academie=creteil, departement="093", name="Bobigny", inspector=w.ien
    )
    w.other_circonscription = CirconscriptionFactory(
        academie=creteil, departement="094", name="Vitry-sur-Seine", inspector=w.other_ien
    )
    w.school = EtablissementFactory(
        academie=creteil,
        name="École élémentaire Jean-Jaurès",
        type="Ecole",
        departement="093",
        district=district,
        circonscription=w.circonscription,
    )
    w.other_school = EtablissementFactory(
        academie=creteil,
        name="École élémentaire Paul-Bert",
        type="Ecole",
        departement="094",
        district=other_district,
        circonscription=w.other_circonscription,
    )
    w.pe = pe_teacher(w.school, full_name="Élise Girard")
    w.certifie = user_with_role(
        Role.ENSEIGNANT, etablissement=w.school, full_name="Marc Lenoir", corps=Corps.CERTIFIE
    )
    w.other_pe = pe_teacher(w.other_school, full_name="Inès Robert")
    w.head = user_with_role(
        Role.CHEF_ETABLISSEMENT, etablissement=w.school, full_name="Sophie Lambert"
    )
    w.other_head = user_with_role(
        Role.CHEF_ETABLISSEMENT, etablissement=w.other_school, full_name="Jean Morel"
    )
    w.clif = user_with_role(Role.CLIF, district=district, full_name="Nadia Benali")
    w.other_clif = user_with_role(Role.CLIF, district=other_district, full_name="Yves Caron")
    w.dafor = user_with_role(Role.DAFOR, academie=creteil, full_name="Patricia Bourgeois")
    w.admin = user_with_role(Role.ADMINISTRATEUR, academie=creteil, full_name="Marc Lefèvre")
    w.other_dafor = user_with_role(Role.DAFOR, academie=nancy, full_name="Anne Vidal")
    w.formateur = user_with_role(Role.FORMATEUR, academie=creteil, full_name="Karim Haddad")
    return w
