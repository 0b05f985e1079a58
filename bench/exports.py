"""Time and peak memory of the office's queue export and of a school's mission orders, on the
bench database, each case in a fresh process (its peak resident size is its own).

    python bench/exports.py                      # every case
    python bench/exports.py export-xlsx pdf      # some cases
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/formations_bench_200k python bench/exports.py
    BENCH_AGENTS=600 python bench/exports.py pdf old-pdf

Cases: the producers the Celery task runs (requests/exports.py, requests/mission_orders.py),
writing to a temporary file, and the code the web request ran before them (`old-…`: the queue
read as model instances into an in-memory workbook; the orders in one WeasyPrint render).
`baseline` is a process that loaded the same libraries and did nothing: subtract it to see
what a case itself costs. Wall time depends on what else the machine runs; CPU time (user +
system) less so. Nothing is written to the database.

The script puts the project first on sys.path before importing anything of it: run from
bench/, `import exports` would otherwise find this file rather than the app.
"""

import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
CASES = [
    "baseline",
    "export-csv",
    "export-xlsx",
    "old-export-csv",
    "old-export-xlsx",
    "rows-xlsx",
    "old-rows-xlsx",
    "pdf",
    "old-pdf",
]
# `rows-…`: the writer alone on the 92,000 rows (the bench's first thousand queue rows
# over and over), against the in-memory workbook the request built before.
SYNTHETIC_ROWS = int(os.environ.get("BENCH_ROWS", 92000))
# A big school's staff on one ANT: the lycée has 149.
AGENTS = int(os.environ.get("BENCH_AGENTS", 149))
OFFICE_EMAIL = os.environ.get("BENCH_USER", "bench.eafc@ac-creteil.fr")
HEAD_EMAIL = os.environ.get("BENCH_HEAD", "bench.chef@ac-creteil.fr")


def setup():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/formations_bench")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    # Loaded by every case, and by the baseline: the libraries are not what is measured.
    import openpyxl  # noqa: F401
    import pypdf  # noqa: F401
    import weasyprint  # noqa: F401


def office_queue():
    from django.http import QueryDict

    from accounts.models import User
    from requests import exports, permissions

    office = User.objects.get(email=OFFICE_EMAIL)
    academies = permissions.office_academies(office)
    return office, exports.queue_queryset(academies, QueryDict())


def export_case(fmt):
    from django.utils import timezone

    from exports.models import Export
    from requests import exports

    office, _queryset = office_queue()
    # An unsaved export: the producer only reads it, the bench database stays as it is.
    export = Export(owner=office, kind=exports.QUEUE_KIND, format=fmt, params={})
    export.created_at = timezone.now()
    done = []
    with tempfile.TemporaryFile() as out:
        exports.produce_queue(export, out, lambda n, total=None: done.append(n))
        size = out.tell()
    return done[-1], size


def old_export_case(fmt):
    """The export as the web request built it before (requests/views/exports.py at the
    parent of the commit that added bench/exports.py), its response body included."""
    import csv

    from django.utils import timezone
    from django.utils.translation import gettext as _
    from openpyxl import Workbook

    from requests.exports import QUEUE_HEADERS

    _office, queryset = office_queue()

    def local_date(value):
        return timezone.localtime(value).date() if value else None

    def rows():
        for ant in queryset.select_related("coordinator").iterator(chunk_size=500):
            yield [
                ant.reference,
                ant.title,
                ant.campaign.school_year,
                ant.get_state_display(),
                _("oui") if ant.priority else _("non"),
                ant.get_scale_display(),
                ant.coordinating_school.name,
                ant.coordinating_school.uai,
                ant.district.name if ant.district_id else "",
                ant.theme_label,
                ant.coordinator.full_name,
                ant.public_count,
                local_date(ant.submitted_at),
                local_date(ant.endorsed_at),
                local_date(ant.decided_at),
            ]

    count = 0
    if fmt == "csv":

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo(), delimiter=";")
        size = len(("\ufeff" + writer.writerow([str(h) for h in QUEUE_HEADERS])).encode())
        for row in rows():
            line = [v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else v for v in row]
            size += len(writer.writerow(line).encode())
            count += 1
        return count, size
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Demandes d'ANT"))
    sheet.append([str(h) for h in QUEUE_HEADERS])
    for row in rows():
        sheet.append(row)
        count += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    body = buffer.getvalue()  # what HttpResponse held
    return count, len(body)


def rows_case(old):
    import itertools

    from exports import writers
    from requests import exports

    _office, queryset = office_queue()
    sample = list(itertools.islice(exports.queue_rows(queryset), 1000))
    rows = (sample[i % len(sample)] for i in range(SYNTHETIC_ROWS))
    if old:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Demandes d'ANT")
        sheet.append([str(h) for h in exports.QUEUE_HEADERS])
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return SYNTHETIC_ROWS, len(buffer.getvalue())
    with tempfile.TemporaryFile() as out:
        writers.write_xlsx(out, "Demandes d'ANT", exports.QUEUE_HEADERS, rows)
        return SYNTHETIC_ROWS, out.tell()


def mission_orders_setup():
    """A validated request, its head, and AGENTS (agent, school) pairs: the head's school's
    staff, completed with unsaved agents when the bench's school has fewer."""
    from accounts.models import Corps, Role, RoleMembership, User
    from requests import queries
    from requests.models import AntRequest, State

    head = User.objects.get(email=HEAD_EMAIL)
    school = RoleMembership.objects.get(user=head, role=Role.CHEF_ETABLISSEMENT).etablissement
    pk = (
        AntRequest.objects.filter(coordinating_school=school, state=State.VALIDATED)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:
        pk = AntRequest.objects.filter(coordinating_school=school).values_list("pk", flat=True)[0]
    ant = queries.get_request_for(head, pk)
    staff = list(
        User.objects.filter(
            role_memberships__etablissement=school, role_memberships__role=Role.ENSEIGNANT
        ).order_by("full_name")[:AGENTS]
    )
    staff += [
        User(full_name=f"Agent Fictif {i:03d}", corps=Corps.CERTIFIE, discipline="Lettres")
        for i in range(AGENTS - len(staff))
    ]
    return ant, head, [(agent, school) for agent in staff]


def pdf_case(old):
    import datetime

    from requests import mission_orders

    ant, head, agents = mission_orders_setup()
    issued_on = datetime.date(2020, 10, 1)
    if old:
        from weasyprint import HTML

        html = mission_orders.mission_orders_html(
            ant=ant, head=head, agents=agents, issued_on=issued_on
        )
        document = HTML(string=html, base_url="http://127.0.0.1/").render()
        pdf = document.write_pdf()
        return len(document.pages), len(pdf)
    with tempfile.TemporaryFile() as out:
        pages = mission_orders.write_mission_orders_pdf(
            out,
            ant=ant,
            head=head,
            agents=agents,
            issued_on=issued_on,
            base_url="http://127.0.0.1/",
        )
        return pages, out.tell()


def run_case(name):
    setup()
    cases = {
        "baseline": lambda: (0, 0),
        "export-csv": lambda: export_case("csv"),
        "export-xlsx": lambda: export_case("xlsx"),
        "old-export-csv": lambda: old_export_case("csv"),
        "old-export-xlsx": lambda: old_export_case("xlsx"),
        "rows-xlsx": lambda: rows_case(old=False),
        "old-rows-xlsx": lambda: rows_case(old=True),
        "pdf": lambda: pdf_case(old=False),
        "old-pdf": lambda: pdf_case(old=True),
    }
    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    count, size = cases[name]()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    result = {"count": count, "size": size, "s": seconds, "cpu": cpu, "kb": after.ru_maxrss}
    print(json.dumps(result))  # ru_maxrss: kilobytes on Linux


def main(names):
    baseline = None
    for name in names:
        child = subprocess.run(
            [sys.executable, __file__, "--case", name],
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode:
            print(f"{name:<16} failed\n{child.stderr}", file=sys.stderr)
            continue
        result = json.loads(child.stdout.strip().splitlines()[-1])
        peak = result["kb"] / 1024
        if name == "baseline":
            baseline = peak
            print(f"{'baseline':<16} {'':>35}  peak {peak:4.0f} MB")
            continue
        unit = "pages" if "pdf" in name else "rows"
        above = f" (+{peak - baseline:.0f} MB)" if baseline is not None else ""
        print(
            f"{name:<16} {result['count']:>7} {unit:<5} {result['s']:6.1f} s "
            f"(cpu {result['cpu']:5.1f} s)  peak {peak:4.0f} MB{above}  "
            f"file {result['size'] / 1e6:.1f} MB"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        run_case(sys.argv[2])
    else:
        chosen = sys.argv[1:] or CASES
        main(["baseline", *[c for c in chosen if c != "baseline"]])
