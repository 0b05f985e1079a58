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
