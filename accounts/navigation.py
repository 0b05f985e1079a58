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
    MenuEntry(_("Catalogue ANT"), "requests:catalogue"),
    MenuEntry(_("Messages"), "notifications:inbox"),
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
