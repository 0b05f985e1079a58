"""The attendance sheet (émargement) and the attestation of attendance of a session, as PDFs
(WeasyPrint, as the mission orders and the portfolio are made). Reads and rendering only;
nothing here writes to the database.

- The sheet lists every enrolled participant (observers included) with a signature cell per
  half-day of the session (DOMAIN.md: the signed sheet proves presence per half-day), then the
  trainers' signatures. It may be printed before the day: presence cells start empty.
- The attestation covers only what the person attended: the hours noted by the trainer.
"""

from django.template.loader import render_to_string

from accounts import dates
from workshops import attendance


def _render(html, base_url):
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def emargement_html(*, session):
    trainers = list(session.trainers.select_related("user").order_by("role", "user__full_name"))
    halves = attendance.half_days(session)
    return render_to_string(
        "workshops/attendance/emargement_pdf.html",
        {
            "session": session,
            "trainers": trainers,
            "half_days": halves,
            "days": sorted({half.day for half in halves}),
            "participants": attendance.sheet_participants(session),
        },
    )


def emargement_pdf(*, session, base_url):
    """The PDF bytes of the attendance sheet of `session` (with its programme and host
    school loaded)."""
    return _render(emargement_html(session=session), base_url)


def attestation_html(*, participant, issued_on):
    session = participant.session
    hours = participant.hours_attended
    if hours is None:  # noted present without hours: the whole session
        hours = session.hours
    trainers = list(session.trainers.select_related("user").order_by("role", "user__full_name"))
    return render_to_string(
        "workshops/attendance/attestation_pdf.html",
        {
            "participant": participant,
            "session": session,
            "trainers": trainers,
            "hours": hours,
            "partial": hours < session.hours,
            "issued_on": dates.letter_day(issued_on),
        },
    )


def attestation_pdf(*, participant, base_url, issued_on):
    """The PDF bytes of the attestation of `participant`, marked present, issued on
    `issued_on` in the name of the programme's académie."""
    return _render(attestation_html(participant=participant, issued_on=issued_on), base_url)
