"""Demo data for a first run: Créteil's districts and réseaux, real schools of the seeds' towns,
and one login per role (`python manage.py seed_demo`).

Every row is looked up by its natural key (académie code, district or réseau name, UAI, e-mail)
and only the fields that differ are saved: a second run writes nothing, history included.
Other apps add their own step to the `seed_demo` command; they find what this one made by
e-mail (`demo_email`) or UAI.
"""

import os
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import (
    SCHOOL_ROLES,
    Academie,
    Corps,
    District,
    Etablissement,
    Reseau,
    Role,
    RoleMembership,
    User,
)
from accounts.uai import validate_uai

DEFAULT_DEMO_PASSWORD = "formations-demo"
DEMO_DOMAIN = "demo.formations.local"
CHANGE_REASON = "Données de démonstration"

# Académie codes (created by the accounts.0002 data migration).
PARIS = "01"
NANCY_METZ = "12"
CRETEIL = "24"

# Créteil organises the ANT at the scale of a school, a district or a réseau (seed 004).
DISTRICT_BOBIGNY = "District de Bobigny"
DISTRICT_CRETEIL = "District de Créteil"
DISTRICT_MEAUX = "District de Meaux"
DISTRICT_MONTREUIL = "District de Montreuil"
DISTRICT_SAINT_DENIS = "District de Saint-Denis"
DISTRICT_VITRY = "District de Vitry-sur-Seine"
DISTRICTS = {
    CRETEIL: [
        DISTRICT_BOBIGNY,
        DISTRICT_CRETEIL,
        DISTRICT_MEAUX,
        DISTRICT_MONTREUIL,
        DISTRICT_SAINT_DENIS,
        DISTRICT_VITRY,
    ]
}
# The REP network of the collège Assia-Djebar (its école Joliot-Curie A is REP in the
# directory) and the network of the collège Jean-Perrin and its école (its PIAL).
RESEAU_ASSIA_DJEBAR = "REP Assia-Djebar (Ivry-sur-Seine)"
RESEAU_JEAN_PERRIN = "Réseau Jean-Perrin (Vitry-sur-Seine)"
RESEAUX = {CRETEIL: [RESEAU_ASSIA_DJEBAR, RESEAU_JEAN_PERRIN]}


class DemoDataError(Exception):
    """The database lacks what the demo data builds on (e.g. migrations not applied)."""


@dataclass(frozen=True)
class DemoSchool:
    uai: str
    name: str
    type: str
    postcode: str
    commune: str
    departement: str
    academie: str
    district: str = ""
    reseau: str = ""
    statut: str = Etablissement.Statut.PUBLIC


# Real schools of the towns the seeds name. Every UAI was checked against a public copy of the
# "Annuaire de l'éducation" or a list built from it (source noted per school); "commune
# from the source" means the source gave the town too, otherwise only UAI, name and
# département were in it and the town is the school's well-known one.
SCHOOLS = [
    # Nancy-Metz: the towns of the ambition-confiance brigade (seed 000).
    # ClubExpressions/clubexpr-web src/cljs/club/db.cljs; address (2 rue de la Visitation,
    # Nancy) in a public SQL seed with the school's ce.0540038… address.
    DemoSchool("0540038Y", "Lycée Henri Poincaré", "Lycée", "54000", "Nancy", "054", NANCY_METZ),
    # Directory extract (scol.importation COPY): 56 boulevard de Scarpone, Nancy.
    DemoSchool("0541327Z", "Collège Jean Lamour", "Collège", "54000", "Nancy", "054", NANCY_METZ),
    # clubexpr-web db.cljs (UAI, name, 54); the lycée of Tomblaine.
    DemoSchool(
        "0540044E", "Lycée Arthur Varoquaux", "Lycée", "54510", "Tomblaine", "054", NANCY_METZ
    ),
    # clubexpr-web db.cljs (UAI, name, 54).
    DemoSchool(
        "0540058V", "Lycée Jacques Marquette", "Lycée", "54700", "Pont-à-Mousson", "054", NANCY_METZ
    ),
    # clubexpr-web db.cljs (UAI, name, 57).
    DemoSchool("0570054Z", "Lycée Fabert", "Lycée", "57000", "Metz", "057", NANCY_METZ),
    DemoSchool("0570058D", "Lycée Louis Vincent", "Lycée", "57000", "Metz", "057", NANCY_METZ),
    DemoSchool(
        "0572027U",
        "Lycée Jean-Baptiste Colbert",
        "Lycée",
        "57100",
        "Thionville",
        "057",
        NANCY_METZ,
    ),
    # clubexpr-web db.cljs (UAI, name, 88). Thaon-les-Vosges, the seed's name, has been part
    # of the commune nouvelle Capavenir Vosges since 2016: the directory may show the latter.
    DemoSchool(
        "0880064S",
        "Lycée professionnel Émile Gallé",
        "Lycée professionnel",
        "88150",
        "Thaon-les-Vosges",
        "088",
        NANCY_METZ,
    ),
    DemoSchool("0880019T", "Lycée Louis Lapicque", "Lycée", "88000", "Épinal", "088", NANCY_METZ),
    # clubexpr-web db.cljs (UAI, name, 55).
    DemoSchool(
        "0550002D", "Lycée Raymond Poincaré", "Lycée", "55000", "Bar-le-Duc", "055", NANCY_METZ
    ),
    # Paris: the Sorbonne's neighbourhood (seed 001) and écoles for the trainee teachers.
    # 0750654D is DOMAIN.md's example; it and 0750655E are listed with postcode 75005 in
    # several public repos (e.g. a FALLBACK_SCHOOLS list); 0752526N is the collège of the
    # Henri-IV cité scolaire in a Paris 5e collèges report built from the directory.
    DemoSchool(
        "0750654D", "Lycée Henri-IV", "Lycée", "75005", "Paris 5e Arrondissement", "075", PARIS
    ),
    DemoSchool(
        "0752526N", "Collège Henri-IV", "Collège", "75005", "Paris 5e Arrondissement", "075", PARIS
    ),
    DemoSchool(
        "0750655E",
        "Lycée Louis-le-Grand",
        "Lycée",
        "75005",
        "Paris 5e Arrondissement",
        "075",
        PARIS,
    ),
    # FCPE Paris lycée lists and clubexpr-web db.cljs (UAI and name).
    DemoSchool(
        "0750656F", "Lycée Lavoisier", "Lycée", "75005", "Paris 5e Arrondissement", "075", PARIS
    ),
    DemoSchool(
        "0750652B", "Lycée Charlemagne", "Lycée", "75004", "Paris 4e Arrondissement", "075", PARIS
    ),
    # Directory extract (scol.importation COPY), commune from the source.
    DemoSchool(
        "0751728W",
        "École élémentaire Colette Magny A",
        "Ecole",
        "75019",
        "Paris 19e Arrondissement",
        "075",
        PARIS,
    ),
    DemoSchool(
        "0753123M",
        "École maternelle Château des Rentiers",
        "Ecole",
        "75013",
        "Paris 13e Arrondissement",
        "075",
        PARIS,
    ),
    # Créteil (seed 004, ANT): 93, 94 and 77, each school in its district.
    # Collèges of Ivry and Vitry in a public collèges report built from the directory, whose
    # carte scolaire puts 0941033M in Vitry (94081) and 0941025D in Ivry (94041).
    DemoSchool(
        "0941033M",
        "Collège Jean Perrin",
        "Collège",
        "94400",
        "Vitry-sur-Seine",
        "094",
        CRETEIL,
        DISTRICT_VITRY,
        RESEAU_JEAN_PERRIN,
    ),
    # Isabelle0368/Ecoles fr-en-annuaire-education.csv (Val-de-Marne extract), commune from the
    # source; its PIAL is the collège Jean Perrin.
    DemoSchool(
        "0940198E",
        "École élémentaire Henri Wallon A",
        "Ecole",
        "94400",
        "Vitry-sur-Seine",
        "094",
        CRETEIL,
        DISTRICT_VITRY,
        RESEAU_JEAN_PERRIN,
    ),
    DemoSchool(
        "0941025D",
        "Collège Assia Djebar",
        "Collège",
        "94200",
        "Ivry-sur-Seine",
        "094",
        CRETEIL,
        DISTRICT_VITRY,
        RESEAU_ASSIA_DJEBAR,
    ),
    # Isabelle0368/Ecoles: REP, PIAL collège Assia Djebar, commune from the source.
    DemoSchool(
        "0940249K",
        "École élémentaire Joliot-Curie A",
        "Ecole",
        "94200",
        "Ivry-sur-Seine",
        "094",
        CRETEIL,
        DISTRICT_VITRY,
        RESEAU_ASSIA_DJEBAR,
    ),
    # Directory extract (scol.importation COPY): 5 rue Jean Gabin, Créteil.
    DemoSchool(
        "0941413A",
        "Lycée polyvalent Léon Blum",
        "Lycée",
        "94000",
        "Créteil",
        "094",
        CRETEIL,
        DISTRICT_CRETEIL,
    ),
    # Isabelle0368/Ecoles, commune from the source.
    DemoSchool(
        "0940307Y",
        "École élémentaire Charles Beuvin B",
        "Ecole",
        "94000",
        "Créteil",
        "094",
        CRETEIL,
        DISTRICT_CRETEIL,
    ),
    # clubexpr-web db.cljs (UAI, name, 93).
    DemoSchool(
        "0931613Y",
        "Lycée Louise Michel",
        "Lycée",
        "93000",
        "Bobigny",
        "093",
        CRETEIL,
        DISTRICT_BOBIGNY,
    ),
    DemoSchool(
        "0930121B",
        "Lycée Jean Jaurès",
        "Lycée",
        "93100",
        "Montreuil",
        "093",
        CRETEIL,
        DISTRICT_MONTREUIL,
    ),
    # clubexpr-web db.cljs; a school page gives 15-17 avenue Jean Moulin, Saint-Denis, and
    # ce.0930125f@ac-creteil.fr.
    DemoSchool(
        "0930125F",
        "Lycée Paul Éluard",
        "Lycée",
        "93200",
        "Saint-Denis",
        "093",
        CRETEIL,
        DISTRICT_SAINT_DENIS,
    ),
    # clubexpr-web db.cljs (UAI, name, 77).
    DemoSchool(
        "0770930T",
        "Lycée Henri Moissan",
        "Lycée",
        "77100",
        "Meaux",
        "077",
        CRETEIL,
        DISTRICT_MEAUX,
    ),
]

# The school of the ANT flow: two teachers and their head.
ANT_SCHOOL_UAI = "0941033M"


@dataclass(frozen=True)
class DemoUser:
    key: str  # the e-mail's local part
    full_name: str
    role: str
    corps: str = ""
    discipline: str = ""
    uai: str = ""  # teacher and head: their school
    academie: str = ""  # every other role: their académie
    district: str = ""  # the CLIF: their district (issue 9, point 3)
    administrator: bool = False  # Django admin access for the reference data

    @property
    def email(self):
        return demo_email(self.key)


# Patricia Bourgeois (DAFOR contact, seed 004) and Lucie Antoine (SAIO chargée de mission,
# seed 000) are named in the seeds; their corps is not, so it stays blank. The others are
# invented.
USERS = [
    DemoUser(
        "enseignant",
        "Nadia Benali",
        Role.ENSEIGNANT,
        Corps.CERTIFIE,
        "Mathématiques",
        uai=ANT_SCHOOL_UAI,
    ),
    DemoUser(
        "enseignant2",
        "Julien Roussel",
        Role.ENSEIGNANT,
        Corps.CERTIFIE,
        "Histoire-géographie",
        uai=ANT_SCHOOL_UAI,
    ),
    DemoUser("chef", "Sophie Lambert", Role.CHEF_ETABLISSEMENT, Corps.PERDIR, uai=ANT_SCHOOL_UAI),
    DemoUser(
        "formateur", "Karim Haddad", Role.FORMATEUR, Corps.AGREGE, "Lettres", academie=CRETEIL
    ),
    DemoUser("dafor", "Patricia Bourgeois", Role.DAFOR, academie=CRETEIL),
    # An IA-IPR of the Créteil académie whose opinion the DAFOR asks on ANT requests (seed
    # 004: « en relation avec les services académiques »; the name is invented).
    DemoUser(
        "avis",
        "Catherine Vasseur",
        Role.SERVICE_CONSULTE,
        Corps.IA_IPR,
        "Établissements et vie scolaire",
        academie=CRETEIL,
    ),
    DemoUser("saio", "Lucie Antoine", Role.SAIO, academie=NANCY_METZ),
    DemoUser(
        "admin",
        "Marc Lefèvre",
        Role.ADMINISTRATEUR,
        Corps.ADMINISTRATIF,
        academie=NANCY_METZ,
        administrator=True,
    ),
    # A professeure documentaliste of the ambition-confiance brigade.
    DemoUser(
        "enseignant.nancy",
        "Élise Girard",
        Role.ENSEIGNANT,
        Corps.CERTIFIE,
        "Documentation",
        uai="0540058V",
    ),
    # A trainee primary teacher, one of the Paris "Ambassadeurs du numérique".
    DemoUser("enseignant.paris", "Thomas Moreau", Role.ENSEIGNANT, Corps.PE, uai="0751728W"),
    # The CLIF of the district of the ANT school (seed 004 names the role, not the person:
    # the name is invented), who leads the district's « groupe formation ».
    DemoUser(
        "clif",
        "Karima Ouali",
        Role.CLIF,
        Corps.CERTIFIE,
        "Sciences économiques et sociales",
        district=DISTRICT_VITRY,
    ),
    # --- Ambassadeurs du numérique (issue 10, point 3): the Paris programme's staff member
    # and a maître-formatrice who tutors and accompanies ambassadors (names invented) ---
    DemoUser("ambassadeurs.paris", "Claire Vannier", Role.DAFOR, academie=PARIS),
    DemoUser("maitre-formateur.paris", "Hélène Marchand", Role.FORMATEUR, Corps.PE, academie=PARIS),
    # --- M@gistère (issue 10, point 4): the IEN of the demo teacher's circonscription (Paris
    # 19A) and a staff member of Paris's M@gistère programme (names invented) ---
    DemoUser("ien.paris", "Christine Delorme", Role.IEN, Corps.IEN, academie=PARIS),
    DemoUser("magistere.paris", "Sylvie Renaud", Role.DAFOR, academie=PARIS),
    # --- ambition-confiance (issue 10, point 2): a Psy-EN animateur of the Nancy-Metz brigade
    # and a teacher of Metz who asks to observe a workshop (names invented) ---
    DemoUser(
        "animateur.nancy", "Mathieu Collin", Role.FORMATEUR, Corps.PSYEN_EDO, academie=NANCY_METZ
    ),
    DemoUser(
        "enseignant.metz",
        "Camille Bertrand",
        Role.ENSEIGNANT,
        Corps.CERTIFIE,
        "Lettres modernes",
        uai="0570054Z",
    ),
]


def demo_email(key):
    return f"{key}@{DEMO_DOMAIN}"


def demo_password():
    """The shared demo password: DEMO_PASSWORD from the environment, else the default."""
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD


@transaction.atomic
def seed_demo(*, password=None):
    """Create or bring up to date the demo organisation, schools and users.

    - Académies are looked up by code (they come from a data migration); a missing one
      raises DemoDataError.
    - Districts and réseaux by (académie, name), schools by UAI, users by e-mail: only the
      fields that differ are saved, so a second run writes nothing and adds no history row.
    - A user's password is set only when the account is created (`password`, default
      `demo_password()`): a password changed since is kept.
    - Returns the logins as (e-mail, role label, scope) in the order of `USERS`.
    """
    password = password or demo_password()
    academies = {code: _academie(code) for code in (PARIS, NANCY_METZ, CRETEIL)}
    districts = {
        name: upsert(District, {"academie": academies[code], "name": name}, {})
        for code, names in DISTRICTS.items()
        for name in names
    }
    reseaux = {
        name: upsert(Reseau, {"academie": academies[code], "name": name}, {})
        for code, names in RESEAUX.items()
        for name in names
    }
    schools = {}
    for school in SCHOOLS:
        validate_uai(school.uai)
        schools[school.uai] = upsert(
            Etablissement,
            {"uai": school.uai},
            {
                "name": school.name,
                "type": school.type,
                "statut": school.statut,
                "postcode": school.postcode,
                "commune": school.commune,
                "departement": school.departement,
                "academie": academies[school.academie],
                "district": districts.get(school.district),
                "reseau": reseaux.get(school.reseau),
            },
        )

    logins = []
    for spec in USERS:
        user = _seed_user(spec, password)
        if spec.role in SCHOOL_ROLES:
            school = schools[spec.uai]
            scope, create_only = {"etablissement": school}, {"academie": school.academie}
            label = str(school)
        elif spec.district:
            district = districts[spec.district]
            scope = {"district": district, "etablissement": None}
            create_only = {"academie": district.academie}
            label = str(district)
        else:
            academie = academies[spec.academie]
            scope, create_only = {"academie": academie, "etablissement": None}, {}
            label = _("Académie de %(name)s") % {"name": academie.name}
        upsert(RoleMembership, {"user": user, "role": spec.role, **scope}, {}, **create_only)
        logins.append((spec.email, str(Role(spec.role).label), label))
    return logins


def _academie(code):
    try:
        return Academie.objects.get(code=code)
    except Academie.DoesNotExist as error:
        raise DemoDataError(
            _("Académie %(code)s absente : appliquez les migrations (manage.py migrate).")
            % {"code": code}
        ) from error


def upsert(model, lookup, values, **create_only):
    """The row matching `lookup`, created with `values` (and `create_only`) if absent, else
    saved with only the fields of `values` that differ (none: no write, no history row)."""
    values = {name: value for name, value in values.items() if name not in lookup}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values, **create_only)
        obj._change_reason = CHANGE_REASON
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj._change_reason = CHANGE_REASON
        obj.save(update_fields=changed)
    return obj


def _seed_user(spec, password):
    values = {
        "full_name": spec.full_name,
        "corps": spec.corps,
        "discipline": spec.discipline,
        "is_staff": spec.administrator,
        "is_superuser": spec.administrator,
    }
    user = User.objects.filter(email__iexact=spec.email).first()
    if user is None:
        user = User(email=spec.email, **values)
        user.set_password(password)
        user._change_reason = CHANGE_REASON
        user.save()
        return user
    return upsert(User, {"pk": user.pk}, values)
