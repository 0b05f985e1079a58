"""What each role's home page shows. Each panel lists items or says what will appear there.

A panel is (title, empty state[, provider[, action]]): the provider, a dotted path to a
function of the user, returns the panel's items ({label, url, hint}); apps provide their own;
the action, (label, url name), is the panel's main button.
"""

from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import roles_of

# Per role: the panels of its dashboard, in order, with their empty states.
PANELS = {
    Role.ENSEIGNANT: [
        (
            _("Mes demandes de formation"),
            _(
                "Les demandes d'aide négociée de territoire (ANT) que vous rédigez avec vos "
                "collègues apparaîtront ici, avec leur état."
            ),
            "requests.dashboard.team_requests",
            (_("Nouvelle demande"), "requests:create"),
        ),
        (
            _("Mes formations"),
            _(
                "Les sessions et parcours M@gistère auxquels vous êtes inscrit apparaîtront "
                "ici, avec vos heures d'animation pédagogique."
            ),
            # --- M@gistère (issue 10, point 4) ---
            "programmes.dashboard.magistere_courses",
            (_("Mes parcours M@gistère"), "programmes:magistere_my_courses"),
        ),
    ],
    Role.CHEF_ETABLISSEMENT: [
        (
            _("Demandes à viser"),
            _(
                "Les demandes de formation de vos équipes qui attendent votre visa "
                "apparaîtront ici."
            ),
            "requests.dashboard.to_endorse",
        ),
        (
            _("Ordres de mission"),
            _(
                "Les ordres de mission à établir pour vos personnels concernés par une ANT "
                "d'établissement apparaîtront ici, une fois la demande validée."
            ),
            "requests.dashboard.mission_orders",
        ),
    ],
    Role.FORMATEUR: [
        (
            _("Mes interventions"),
            _(
                "Les formations qui vous sont confiées et les sessions à venir apparaîtront "
                "ici, avec les feuilles d'émargement à remplir."
            ),
            "requests.dashboard.assignments",
        ),
    ],
    Role.DAFOR: [
        (
            _("Demandes à instruire"),
            _(
                "Les demandes d'ANT visées par les chefs d'établissement apparaîtront ici, "
                "prêtes à être instruites."
            ),
            "requests.dashboard.office_queue",
        ),
        (
            _("Campagnes"),
            _("Les campagnes, leurs catalogues et leurs fenêtres de dépôt apparaîtront ici."),
            "requests.dashboard.campaigns",
            (_("Toutes les campagnes"), "requests:campaigns"),
        ),
    ],
    Role.SAIO: [
        (
            _("Brigade ambition-confiance"),
            _(
                "Les équipes d'animateurs, les ateliers programmés et les demandes "
                "d'observation apparaîtront ici."
            ),
            # --- ambition-confiance (issue 10, point 2) ---
            "programmes.dashboard.brigade_staff_items",
        ),
    ],
    Role.ADMINISTRATEUR: [
        (
            _("Projets financés FSE/FEDER"),
            _("Les opérations cofinancées par l'Union européenne apparaîtront ici."),
        ),
        (
            _("Référentiels"),
            _("Les académies, établissements et comptes utilisateurs se gèrent ici."),
            "accounts.dashboard.referentials",
        ),
    ],
    # --- districts and the CLIF (issue 9, point 3) ---
    Role.CLIF: [
        (
            _("Demandes du district"),
            _(
                "Les demandes d'ANT des établissements de votre district, celles que vous "
                "coordonnez avec le groupe formation comme celles des équipes, apparaîtront ici."
            ),
            "requests.dashboard.district_requests",
            (_("Nouvelle demande de district ou de réseau"), "requests:create"),
        ),
    ],
    # --- opinions of the académie's services (issue 9, point 2) ---
    Role.SERVICE_CONSULTE: [
        (
            _("Avis demandés"),
            _(
                "Les demandes d'ANT sur lesquelles le service de formation sollicite votre "
                "avis apparaîtront ici, avec la date de réponse attendue."
            ),
            "requests.dashboard.pending_opinions",
            (_("Tous les avis demandés"), "requests:opinions"),
        ),
    ],
}


# --- training record (issue 10, point 5) ---
PANELS[Role.ENSEIGNANT].append(
    (
        _("Mon parcours de formation"),
        _("Vos formations de l'année scolaire et vos heures apparaîtront ici."),
        "programmes.record.dashboard_own_record",
        (_("Voir mon parcours de formation"), "programmes:record_mine"),
    )
)
for _role in (Role.CHEF_ETABLISSEMENT, Role.CLIF, Role.IEN, Role.DAFOR, Role.ADMINISTRATEUR):
    PANELS.setdefault(_role, []).append(
        (
            _("Formation des enseignants"),
            _(
                "Les heures de formation des enseignants que vous suivez, et celles qui "
                "manquent aux professeurs des écoles, se consultent ici."
            ),
            None,
            (_("Voir les parcours de formation"), "programmes:record_staff"),
        )
    )
# --- end of training record ---


# --- catalogue (issue 10, point 1): the programmes' staff find their programmes ---
for _role in (Role.SAIO, Role.DAFOR):
    PANELS[_role].append(
        (
            _("Mes programmes"),
            _("Les programmes dont vous faites partie apparaîtront ici, avec vos fonctions."),
            "programmes.dashboard.my_programmes",
            (_("Tous mes programmes"), "programmes:mine"),
        )
    )
# --- end of catalogue ---


# --- M@gistère (issue 10, point 4): the IEN's and the local trainers' sessions ---
for _role in (Role.IEN, Role.FORMATEUR):
    PANELS.setdefault(_role, []).insert(
        0,
        (
            _("Sessions M@gistère"),
            _(
                "Les sessions de parcours M@gistère que vous organisez ou animez apparaîtront "
                "ici, avec les candidatures à examiner."
            ),
            "programmes.dashboard.magistere_organiser",
            (_("Toutes les sessions"), "programmes:magistere_sessions"),
        ),
    )
# --- end of M@gistère ---


# --- Ambassadeurs du numérique (issue 10, point 3) ---
PANELS[Role.ENSEIGNANT].append(
    (
        _("Ambassadeurs du numérique"),
        _(
            "Si vous êtes Ambassadeur du numérique, votre parcours et vos demandes "
            "d'accompagnement apparaîtront ici."
        ),
        "programmes.dashboard.ambassador_items",
    )
)
PANELS[Role.FORMATEUR].append(
    (
        _("Accompagnements d'Ambassadeurs"),
        _("Les visites de classe qui vous sont confiées apparaîtront ici."),
        "programmes.dashboard.accompanist_items",
        (_("Tous mes accompagnements"), "programmes:amb_my_accompaniments"),
    )
)
PANELS[Role.DAFOR].append(
    (
        _("Ambassadeurs du numérique"),
        _(
            "Si vous faites partie de l'équipe d'un programme Ambassadeurs du numérique, sa "
            "convention, ses Ambassadeurs et leurs demandes d'accompagnement apparaîtront ici."
        ),
        "programmes.dashboard.ambassadeurs_staff_items",
    )
)
# --- end of Ambassadeurs du numérique ---

# --- ambition-confiance (issue 10, point 2): a professional's requests to observe ---
PANELS[Role.ENSEIGNANT].append(
    (
        _("Observer un atelier ambition-confiance"),
        _(
            "Si votre académie a une brigade ambition-confiance, vos demandes pour observer "
            "un atelier apparaîtront ici, avec la journée retenue."
        ),
        "programmes.dashboard.brigade_observer_items",
        (_("Demander à observer un atelier"), "programmes:brigade_observe_home"),
    )
)
# --- end of ambition-confiance ---


def panels_for(user):
    roles = roles_of(user)
    sections = []
    for role in Role:
        if role in roles:
            sections.append(
                {
                    "role": role.label,
                    "panels": [_panel(user, *panel) for panel in PANELS[role]],
                }
            )
    return sections


def _panel(user, title, empty, provider=None, action=None):
    """`action`, when given, is (label, url name): the panel's main button."""
    return {
        "title": title,
        "empty": empty,
        "items": import_string(provider)(user) if provider else [],
        "action": {"label": action[0], "url": reverse(action[1])} if action else None,
    }


# --- issue 9, point 11: placeholders that fill in ---
def referentials(user):
    """The administrator's reference data, in the technical administration."""
    return [
        {"label": _("Académies"), "url": reverse("admin:accounts_academie_changelist")},
        {"label": _("Établissements"), "url": reverse("admin:accounts_etablissement_changelist")},
        {"label": _("Comptes utilisateurs"), "url": reverse("admin:accounts_user_changelist")},
    ]
