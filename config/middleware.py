"""Middleware that serves the whole site."""

from django.conf import settings
from django.shortcuts import render


class RequestBodyLimitMiddleware:
    """Answer 413 to a request whose declared body is bigger than MAX_REQUEST_BODY_BYTES,
    before anything reads it: first in MIDDLEWARE, it runs before the CSRF check and the
    views read request.POST (which would spool an upload to a temporary file), and before
    the log-in redirection, so an anonymous client cannot make the server store anything.

    Only the declared Content-Length is checked: Django reads at most that many bytes, and
    a body sent without one (chunked) is read as empty. The reverse proxy must refuse
    bigger bodies itself, before they reach the server (README, Operations)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # as Django reads it: an empty body
        limit = settings.MAX_REQUEST_BODY_BYTES
        if declared > limit:
            return render(request, "413.html", {"max_size": limit}, status=413)
        return self.get_response(request)
