"""/health/: is the database, the cache and the broker answering? For load balancers."""

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database():
    # Any small read through the ORM: a connection that answers a real query.
    ContentType.objects.exists()


def _cache():
    cache.set("health-probe", "ok", 5)
    if cache.get("health-probe") != "ok":
        raise RuntimeError("cache read-back failed")


def _broker():
    if not settings.REDIS_URL:
        return  # Celery runs eager: no broker to reach.
    from config.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=settings.REDIS_TIMEOUT)


@login_not_required
@never_cache
def health(request):
    """Each component's status, "ok" or "error", and nothing else: the page is public, so
    what went wrong (hosts, ports, messages) goes to the log only."""
    checks = {}
    for name, probe in (("database", _database), ("cache", _cache), ("broker", _broker)):
        try:
            probe()
            checks[name] = "ok"
        except Exception:
            checks[name] = "error"
            logger.exception("health check failed", extra={"check": name})
    healthy = all(status == "ok" for status in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )
