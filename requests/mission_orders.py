"""Mission orders: whom a head of school signs for on an ANT, and their PDF, one page per
agent. Reads and rendering only; nothing here writes to the database."""

import io

from django.template.loader import render_to_string

from accounts import dates
from accounts.models import Role, RoleMembership
from accounts.permissions import etablissement_ids
from requests.models import TeamMember, TrainerAssignment

# Agents rendered by WeasyPrint at once. Its layout of a page weighs about a megabyte
# until the PDF is written: batches keep a school's 150 orders to the memory of 20.
BATCH_SIZE = 20


def mission_order_agents(ant, head):
    """[(agent, school)] for the head's mission orders: the confirmed team members who work in
    one of the request's schools that `head` runs, by name. A head signs for their own staff
    only; someone on the staff of two such schools gets one order (their first school)."""

    concerned = {ant.coordinating_school_id, *(s.pk for s in ant.schools.all())}
    heads_of = etablissement_ids(head, Role.CHEF_ETABLISSEMENT) & concerned
    memberships = (
        RoleMembership.objects.filter(
            etablissement_id__in=heads_of,
            role__in=[Role.ENSEIGNANT, Role.CHEF_ETABLISSEMENT],
            user__is_active=True,
            user__ant_memberships__request=ant,
            user__ant_memberships__status=TeamMember.Status.CONFIRMED,
        )
        .select_related("user", "etablissement")
        .order_by("user__full_name", "user_id", "etablissement__name")
    )
    agents = {}
    for membership in memberships:
        agents.setdefault(membership.user_id, (membership.user, membership.etablissement))
    return list(agents.values())


def accepted_trainers(ant):
    """The trainers named on the orders. `ant` needs its assignments (with trainers) loaded,
    as `queries.get_request_for` does."""
    return [
        a.trainer for a in ant.assignments.all() if a.status == TrainerAssignment.Status.ACCEPTED
    ]


def mission_orders_html(*, ant, head, agents, issued_on, trainers=None):
    """The HTML of the mission orders: one page per (agent, school), signed by `head`."""
    return render_to_string(
        "requests/mission_orders.html",
        {
            "ant": ant,
            "academie": ant.academie,
            "head": head,
            "agents": agents,
            "trainers": accepted_trainers(ant) if trainers is None else trainers,
            "issued_on": dates.letter_day(issued_on),
        },
    )


def write_mission_orders_pdf(
    out, *, ant, head, agents, issued_on, base_url, progress=None, batch_size=BATCH_SIZE
):
    """Write the mission orders' PDF into the binary file `out`; returns its page count.

    WeasyPrint renders `batch_size` agents at a time and each batch's PDF is appended to
    the file being built (pypdf), so memory is that of one batch's layout plus the pages'
    compact PDF objects, not the layout of every page at once. `progress(agents_done)` is
    called after each batch."""
    from weasyprint import HTML

    trainers = accepted_trainers(ant)

    def render(batch):
        html = mission_orders_html(
            ant=ant, head=head, agents=batch, issued_on=issued_on, trainers=trainers
        )
        return HTML(string=html, base_url=base_url).render()

    if len(agents) <= batch_size:
        document = render(agents)
        document.write_pdf(out)
        if progress:
            progress(len(agents))
        return len(document.pages)

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    pages = 0
    for start in range(0, len(agents), batch_size):
        document = render(agents[start : start + batch_size])
        pages += len(document.pages)
        batch_pdf = io.BytesIO()
        document.write_pdf(batch_pdf)
        del document  # the layout goes before the next batch is laid out
        reader = PdfReader(batch_pdf)
        if start == 0 and reader.metadata:
            writer.add_metadata(dict(reader.metadata))
        writer.append(reader)
        if progress:
            progress(min(start + batch_size, len(agents)))
    writer.write(out)
    return pages


def mission_orders_pdf(*, ant, head, agents, issued_on, base_url):
    """(PDF bytes, page count) of the mission orders, for an answer in the request itself
    (a few dozen pages at most: MISSION_ORDERS_SYNC_MAX_PAGES)."""
    out = io.BytesIO()
    pages = write_mission_orders_pdf(
        out, ant=ant, head=head, agents=agents, issued_on=issued_on, base_url=base_url
    )
    return out.getvalue(), pages
