from types import SimpleNamespace

from django.conf import settings

from accounts.navigation import menu_for
from notifications.queries import unread_count


def layout(request):
    """What the base layout needs on every page: the site's identity, the menu and the
    unread-message count (one COUNT query, exact after every change)."""
    site = SimpleNamespace(
        site_title=settings.SITE_TITLE,
        site_tagline=settings.SITE_TAGLINE,
        state_service=settings.STATE_SERVICE,
        operator=settings.STATE_SERVICE_OPERATOR,
        accessibility=settings.ACCESSIBILITY_COMPLIANCE,
    )
    context = {"SITE_CONFIG": site, "SITE": site}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["main_menu"] = menu_for(user, request.path)
        context["unread_messages"] = unread_count(user)
        context["user_roles"] = sorted({m.get_role_display() for m in user.memberships})
    return context
