"""Calendars (issue 11, points 6 and 8): « Mon agenda » and its private iCalendar feed, a
school's calendar, a programme's calendar for its staff, and the office's calendar of the
ANT with the carried-over requests still to schedule in the first term.

Each page checks its right through workshops.permissions (others' calendars are 404), reads
its sessions in one query (workshops.queries) and lays them out with workshops.calendars.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Etablissement, Role
from workshops import calendars, ics, permissions, queries
from workshops.models import CalendarFeed


def _labels():
    return {
        "trainer": _("formateur ou formatrice"),
        "waiting": _("liste d'attente"),
        "no_session": _("Aucune séance"),
    }


def _calendar(period, sessions, *, holidays=None, show_roles=False, show_programme=True):
    """The context every calendar page shares: the period, its neighbours, and the grid
    rendered by its Jinja2 partial."""
    today = timezone.localdate()
    days = calendars.grid(period, calendars.items(sessions), today=today, holidays=holidays)
    if period.kind == calendars.MONTH:
        other = calendars.week_of(today if period.contains(today) else period.first_day)
        current = calendars.month_of(today)
        template = "workshops/calendar/_month.html"
    else:
        other = calendars.month_of(period.first_day)
        current = calendars.week_of(today)
        template = "workshops/calendar/_week.html"
    grid = render_to_string(
        template,
        {
            "days": days,
            "weeks": calendars.weeks(days),
            "labels": _labels(),
            "show_roles": show_roles,
            "show_programme": show_programme,
        },
        using="jinja2",
    )
    return {
        "period": period,
        "is_month": period.kind == calendars.MONTH,
        "previous": period.previous(),
        "next": period.next(),
        "current": current,
        "other": other,
        "grid": grid,
        "count": len({e.session.pk for day in days if day.in_period for e in day.entries}),
        "extra_query": "",
    }


def _sessions_and_period(request, read):
    period = calendars.period_from_query(request.GET)
    first, last = period.grid_days()
    return period, read(first, last)


# « Mon agenda » -----------------------------------------------------------------------------
@require_GET
def diary(request):
    user = request.user
    places = queries.diary_places(user)
    period, sessions = _sessions_and_period(
        request, lambda first, last: queries.diary_sessions(places, first, last)
    )
    feed = CalendarFeed.objects.filter(user=user).first()
    context = _calendar(
        period, sessions, holidays=_closed_days(period, academie=_home(user)), show_roles=True
    )
    context.update(
        {
            "feed": feed,
            "feed_url": (
                settings.SITE_URL + reverse("workshops:feed", args=[feed.token]) if feed else ""
            ),
            # Who trains, or may: the feed is theirs to take.
            "offers_feed": feed is not None
            or bool(places.trains)
            or Role.FORMATEUR in {m.role for m in user.memberships},
            "is_teacher": Role.ENSEIGNANT in {m.role for m in user.memberships},
        }
    )
    return render(request, "workshops/calendar/diary.html", context)


@login_not_required
@require_GET
def feed(request, token):
    """The private feed: the token is the secret, no log-in (a calendar client reads it)."""
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    content = calendars.feed_calendar(
        queries.feed_sessions(feed.user),
        name=_("Séances de %(name)s") % {"name": feed.user.full_name or feed.user.email},
    )
    response = HttpResponse(content, content_type=f"{ics.MIMETYPE}; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def feed_reset(request):
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    calendars.reset_feed(user=request.user)
    if had_feed:
        messages.success(
            request,
            _(
                "Le lien de votre agenda a été réinitialisé\u00a0: l'ancien lien ne fonctionne "
                "plus, remplacez-le dans votre logiciel d'agenda."
            ),
        )
    else:
        messages.success(request, _("Le lien d'abonnement à votre agenda a été créé."))
    return redirect(reverse("workshops:diary") + "#abonnement")


# A school's calendar --------------------------------------------------------------------------
@require_GET
def my_school(request):
    """« Agenda de l'établissement »: the head's school's calendar, or a choice of them."""
    schools = permissions.headed_schools(request.user)
    if not schools:
        raise Http404
    if len(schools) == 1:
        return redirect("workshops:school_calendar", uai=schools[0].uai)
    return render(request, "workshops/calendar/choose_school.html", {"schools": schools})


@require_GET
def school(request, uai):
    school = get_object_or_404(
        Etablissement.objects.select_related("academie"), uai=uai.strip().upper()
    )
    if not permissions.may_see_school_calendar(request.user, school):
        raise Http404
    period, sessions = _sessions_and_period(
        request, lambda first, last: queries.school_sessions(school, first, last)
    )
    context = _calendar(
        period,
        sessions,
        holidays=_closed_days(period, academie=school.academie, departement=school.departement),
    )
    context["school"] = school
    return render(request, "workshops/calendar/school.html", context)


def _closed_days(period, **where):
    first, last = period.grid_days()
    return calendars.closed_days(first, last, **where)


def _home(user):
    """The académie whose holidays a person's diary shades: that of their first role."""
    memberships = sorted(user.memberships, key=lambda m: m.pk)
    return memberships[0].academie if memberships else None


# A programme's calendar, for its staff -------------------------------------------------------
@require_GET
def programme(request, slug):
    programme = permissions.programme_for_calendar_or_404(request.user, slug)
    period, sessions = _sessions_and_period(
        request, lambda first, last: queries.programme_sessions(programme, first, last)
    )
    context = _calendar(
        period, sessions, holidays=_closed_days(period, academie=programme.academie)
    )
    context["programme"] = programme
    return render(request, "workshops/calendar/programme.html", context)


# The office's calendar of the ANT, and the carried-over ones to schedule --------------------
def _office_academie(request):
    """The académie whose ANT the user (EAFC/DAFOR) sees: the one `?academie=` names among
    theirs, or their first; 404 for anyone else."""
    academies = permissions.ant_calendar_academies(request.user)
    if not academies:
        raise Http404
    chosen = request.GET.get("academie", "")
    if chosen.isdigit() and int(chosen) in academies:
        return academies[int(chosen)], academies
    return academies[min(academies)], academies


@require_GET
def office(request):
    academie, academies = _office_academie(request)
    period, sessions = _sessions_and_period(
        request, lambda first, last: queries.ant_sessions(academie, first, last)
    )
    context = _calendar(
        period, sessions, holidays=_closed_days(period, academie=academie), show_programme=False
    )
    campaigns = queries.campaigns_of(academie)
    chosen = request.GET.get("campagne", "")
    campaign = next(
        (c for c in campaigns if c.school_year == chosen), None
    ) or queries.current_campaign(campaigns)
    context.update(
        {
            "academie": academie,
            "academies": sorted(academies.values(), key=lambda a: a.name)
            if len(academies) > 1
            else [],
            "campaign": campaign,
            "first_term": queries.first_term(campaign) if campaign else None,
            "carried_over": list(queries.carried_over_to_schedule(campaign)) if campaign else [],
            # Scheduling (part A): `?ant=<pk>` schedules a session of that ANT.
            "schedule_path": reverse("workshops:create"),
            "campaigns": campaigns if len(campaigns) > 1 else [],
            "extra_query": (f"&academie={academie.pk}" if len(academies) > 1 else "")
            + (f"&campagne={campaign.school_year}" if campaign and chosen else ""),
        }
    )
    return render(request, "workshops/calendar/office.html", context)
