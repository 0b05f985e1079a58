"""What protects log-in and account recovery: one spelling per address, the client's address
behind the reverse proxy, and the limit on password-reset e-mails.

django-axes reads the username and the client's address through `axes_username` and
`client_ip` (settings AXES_USERNAME_CALLABLE, AXES_CLIENT_IP_CALLABLE), so its lockout counts
what the log-in form authenticates: one account, however its address is typed.
"""

import ipaddress
import logging

from axes.utils import reset
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

logger = logging.getLogger(__name__)

# The reset limits count requests over a fixed hour from the first one.
RESET_WINDOW_SECONDS = 3600


def normalize_email(value):
    """The one spelling of an address that log-in compares and the lockout counts: the one
    `User.save` stores (case and surrounding spaces do not make another account)."""
    return value.strip().lower()


def axes_username(request, credentials):
    if credentials:
        value = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        value = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return normalize_email(value) if value else value


def lift_lockout(user):
    """Forget the account's failed log-ins. Called when its owner sets a new password through
    the e-mailed link: that proves the mailbox, and a lockout kept per account would otherwise
    keep the owner out for as long as someone fails on purpose."""
    reset(username=normalize_email(user.get_username()))


def client_ip(request):
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies, the address
    the outermost one saw. Each proxy appends the address it was reached from to
    X-Forwarded-For, so that one is counted from the right; what stands further left was
    written by the client and is not believed. A header too short or not an address means
    the proxies are not as configured: the direct peer is used."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote_addr
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if len(forwarded) < count:
        return remote_addr
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote_addr


def _count(key):
    """Count one more request under `key`, in a window that starts with the first one."""
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:
        # The window ended between add() and incr(): this request opens the next one.
        cache.add(key, 1, RESET_WINDOW_SECONDS)
        return 1


def may_send_password_reset(request, email):
    """Count a password-reset request, by client and by address, and say whether its e-mail
    may go: at most PASSWORD_RESET_MAX_PER_CLIENT an hour from one client and
    PASSWORD_RESET_MAX_PER_ADDRESS an hour to one address. The page answers the same either
    way, so the limit tells nobody whether the address has an account.

    A client over its limit does not use up the address's budget. The address is kept as a
    keyed hash: the cache holds no e-mail address. If the cache is down the e-mail goes, so that
    users keep a way back into their account; the outage is logged.
    """
    address = salted_hmac("accounts.password-reset", normalize_email(email)).hexdigest()
    limits = [
        (
            "client",
            f"password-reset:client:{client_ip(request)}",
            settings.PASSWORD_RESET_MAX_PER_CLIENT,
        ),
        ("address", f"password-reset:address:{address}", settings.PASSWORD_RESET_MAX_PER_ADDRESS),
    ]
    for limit, key, maximum in limits:
        try:
            count = _count(key)
        except Exception:
            logger.exception("password reset throttle unavailable, e-mail not limited")
            return True
        if count > maximum:
            logger.warning("password reset e-mail withheld", extra={"limit": limit})
            return False
    return True
