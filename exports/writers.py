"""The one place that writes CSV and XLSX cells.

Rows come in as lists of plain values (str, int, date, None), usually from a queryset's
`.iterator()`, and go out one at a time: neither writer keeps the rows, so memory does not
grow with them.

Text typed by a user or an import may start like a formula (OWASP "CSV injection", ASVS
1.2.10): every text cell goes through `cell_text`, which prefixes such text with a single
quote, in CSV and XLSX alike; in XLSX a prefixed cell is also forced to a string cell. The
quote stays in the XLSX value on purpose: a bare string cell turns into a live formula as
soon as someone edits it in the spreadsheet or saves the sheet as CSV. Numbers and dates
the app computed stay typed.
"""

import csv

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# What spreadsheet software reads as the start of a formula: OWASP's list, the line feed,
# and the full-width signs that input methods type and some software reads as the ASCII ones.
# (NUL and the other control characters are dropped before the check.)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Progress is reported every so many rows (the callback decides what to do with it).
PROGRESS_EVERY = 1000


def cell_text(text):
    """Typed text as a cell holds it: without the control characters a workbook cannot hold,
    prefixed with a single quote when it would start a formula."""
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(value):
    """A cell as CSV text: dates as 03/09/2020, text through `cell_text`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return cell_text(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


class _Line:
    """A file-like object whose write() returns what it was given: csv.writer then gives
    back each line as text."""

    def write(self, value):
        return value


def csv_lines(header, rows, progress=None):
    """The CSV file as lines of text: semicolons, the header first after a UTF-8 BOM (it lets
    spreadsheet software read the file as UTF-8). For a streaming response or a file."""
    writer = csv.writer(_Line(), delimiter=";")
    yield "\ufeff" + writer.writerow([csv_text(str(h)) for h in header])
    done = 0
    for row in rows:
        yield writer.writerow([csv_text(v) for v in row])
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    if progress:
        progress(done)


def write_csv(out, header, rows, progress=None):
    """Write the CSV file into the binary file `out`."""
    for line in csv_lines(header, rows, progress):
        out.write(line.encode("utf-8"))


def xlsx_value(sheet, value):
    """A value for openpyxl's write-only sheet: text through `cell_text`, a string cell
    whenever openpyxl might type it otherwise."""
    if not isinstance(value, str):
        return value
    text = cell_text(value)
    # openpyxl types "=…" as a formula (cell_text leaves none) and "#N/A"… as errors; a
    # prefixed cell is forced too, so the rule does not hang on openpyxl's guess.
    if text.startswith(("'", "=")) or text in ERROR_CODES:
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


def write_xlsx(out, title, header, rows, progress=None):
    """Write a one-sheet workbook into the binary file `out`. openpyxl's write-only mode
    writes each row to disk as it comes; the file is zipped at the end."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([xlsx_value(sheet, str(h)) for h in header])
    done = 0
    for row in rows:
        sheet.append([xlsx_value(sheet, v) for v in row])
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    workbook.save(out)
    if progress:
        progress(done)
