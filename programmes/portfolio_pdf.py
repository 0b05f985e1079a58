"""An ambassador's e-portfolio as a PDF (WeasyPrint, as the mission orders are made).
Reads and rendering only; nothing here writes to the database."""

from django.template.loader import render_to_string
from django.utils import timezone

from accounts import dates


def portfolio_html(*, ambassador, entries, issued_on=None):
    return render_to_string(
        "programmes/ambassadeurs/portfolio_pdf.html",
        {
            "ambassador": ambassador,
            "entries": entries,
            "issued_on": dates.letter_day(issued_on or timezone.localdate()),
        },
    )


def portfolio_pdf(*, ambassador, entries, base_url, issued_on=None):
    """The PDF bytes of the portfolio: the ambassador's profile, then every entry."""
    from weasyprint import HTML

    html = portfolio_html(ambassador=ambassador, entries=entries, issued_on=issued_on)
    return HTML(string=html, base_url=base_url).write_pdf()
