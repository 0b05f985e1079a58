"""The main menu, by role: each entry names the roles that see it (None: every user)."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.permissions import roles_of


@dataclass(frozen=True)
class MenuEntry:
    label: str
    url_name: str
    roles: frozenset | None = None


MENU = [
    MenuEntry(_("Tableau de bord"), "home"),
    MenuEntry(
        _("Mes demandes"),
        "requests:list",
        frozenset({Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT, Role.CLIF}),
    ),
    MenuEntry(_("Demandes du district"), "requests:district_requests", frozenset({Role.CLIF})),
    MenuEntry(_("Demandes à instruire"), "requests:queue", frozenset({Role.DAFOR})),
    MenuEntry(_("Campagnes"), "requests:campaigns", frozenset({Role.DAFOR})),
    MenuEntry(_("Formateurs"), "requests:trainers", frozenset({Role.DAFOR})),
    MenuEntry(_("Rôles"), "memberships", frozenset({Role.DAFOR, Role.ADMINISTRATEUR})),
    MenuEntry(_("Mes interventions"), "requests:my_assignments", frozenset({Role.FORMATEUR})),
    MenuEntry(_("Avis demandés"), "requests:opinions", frozenset({Role.SERVICE_CONSULTE})),
    # --- training record (issue 10, point 5) ---
    MenuEntry(
        _("Mon parcours de formation"), "programmes:record_mine", frozenset({Role.ENSEIGNANT})
    ),
    MenuEntry(
        _("Formation des enseignants"),
        "programmes:record_staff",
        frozenset({Role.CHEF_ETABLISSEMENT, Role.CLIF, Role.IEN, Role.DAFOR, Role.ADMINISTRATEUR}),
    ),
    MenuEntry(_("Catalogue ANT"), "requests:catalogue"),
    # --- catalogue (issue 10, point 1): the roles whose people take part in programmes ---
    MenuEntry(
        _("Mes programmes"),
        "programmes:mine",
        frozenset({Role.SAIO, Role.DAFOR, Role.FORMATEUR, Role.IEN, Role.ADMINISTRATEUR}),
    ),
    # --- Ambassadeurs du numérique (issue 10, point 3): the visits given to a trainer ---
    MenuEntry(
        _("Mes accompagnements"), "programmes:amb_my_accompaniments", frozenset({Role.FORMATEUR})
    ),
    # --- M@gistère (issue 10, point 4): a teacher's own courses are on the dashboard and in
    # their training record, so the menu keeps to the catalogue ---
    MenuEntry(
        _("Parcours M@gistère"),
        "programmes:magistere_catalogue",
        frozenset({Role.ENSEIGNANT, Role.FORMATEUR, Role.IEN, Role.DAFOR}),
    ),
    MenuEntry(
        _("Sessions M@gistère"),
        "programmes:magistere_sessions",
        frozenset({Role.IEN, Role.FORMATEUR}),
    ),
    # --- ambition-confiance (issue 10, point 2): the SAIO's brigade ---
    MenuEntry(_("Brigade ambition-confiance"), "programmes:brigade_home", frozenset({Role.SAIO})),
    # --- workshops (issue 11) ---
    MenuEntry(
        _("Mon agenda"),
        "workshops:diary",
        # Not the EAFC/DAFOR's: their calendar is the ANT's (the menu must fit 1,280 px).
        frozenset({Role.FORMATEUR, Role.ENSEIGNANT, Role.IEN, Role.SAIO}),
    ),
    MenuEntry(
        _("Agenda de l'établissement"),
        "workshops:my_school_calendar",
        frozenset({Role.CHEF_ETABLISSEMENT}),
    ),
    MenuEntry(_("Calendrier des ANT"), "workshops:office_calendar", frozenset({Role.DAFOR})),
    MenuEntry(_("Séances ouvertes"), "workshops:open", frozenset({Role.ENSEIGNANT})),
    # --- end of workshops (issue 11) ---
    # --- funding (issue 12) ---
    MenuEntry(
        _("Projets FSE/FEDER"),
        "funding:list",
        frozenset({Role.ADMINISTRATEUR, Role.DAFOR, Role.SAIO}),
    ),
    # --- end of funding (issue 12) ---
    # The messages are in the header's tools, on every page: not twice.
    MenuEntry(_("Aide"), "guide"),
]


def menu_for(user, current_path):
    roles = roles_of(user)
    entries = []
    for entry in MENU:
        if entry.roles is not None and not (roles & entry.roles):
            continue
        url = reverse(entry.url_name)
        current = current_path == url or (url != "/" and current_path.startswith(url))
        entries.append({"label": entry.label, "url": url, "current": current})
    return entries
