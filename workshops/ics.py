"""iCalendar files of sessions: the .ics attached to convocations and changes, and the
trainers' private feeds. Built with the icalendar library; times are written in UTC."""

from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vText

PRODID = "-//Formations//Séances//FR"
MIMETYPE = "text/calendar"


def uid(session):
    host = urlsplit(settings.SITE_URL).hostname or "formations"
    return f"seance-{session.pk}@{host}"


def location(session):
    """Where it happens, as people read it: room, school and town, or the online link."""
    parts = []
    if session.room:
        parts.append(session.room)
    if session.host_school_id:
        school = session.host_school
        parts.append(f"{school.name}, {school.commune}" if school.commune else school.name)
    if session.online_url:
        parts.append(session.online_url)
    return " — ".join(parts)


def event(session, *, cancelled=False):
    """The session as a VEVENT (its trainers as organiser and attendees are left out: the
    addresses of people stay in the app)."""
    item = Event()
    item.add("uid", uid(session))
    item.add("dtstamp", timezone.now())
    item.add("dtstart", session.starts_at)
    item.add("dtend", session.ends_at)
    item.add("summary", session.title)
    item.add("sequence", session.sequence)
    place = location(session)
    if place:
        item.add("location", vText(place))
    item.add("url", f"{settings.SITE_URL}{reverse('workshops:detail', args=[session.pk])}")
    if session.description:
        item.add("description", session.description)
    item.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return item


def calendar(sessions, *, name, method=None, cancelled=False):
    """A VCALENDAR of `sessions` (those with a date), as text."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    if method:
        cal.add("method", method)
    for session in sessions:
        if session.starts_at is not None:
            cal.add_component(event(session, cancelled=cancelled))
    return cal.to_ical().decode()


def attachment(session, *, cancelled=False):
    """The (filename, content, mimetype) a convocation or change carries."""
    method = "CANCEL" if cancelled else "REQUEST"
    content = calendar([session], name=session.title, method=method, cancelled=cancelled)
    return (f"seance-{session.pk}.ics", content, f"{MIMETYPE}; method={method}")
