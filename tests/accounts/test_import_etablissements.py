"""The school-directory import: `manage.py import_etablissements` and its service."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Academie, Etablissement
from accounts.services import import_etablissements
from tests.factories import DistrictFactory, EtablissementFactory

SAMPLE = Path(__file__).parent / "data" / "annuaire_sample.csv"
SAMPLE_VALID_UAIS = {
    "0750654D",
    "0750655E",
    "0750652B",
    "0932048W",
    "0770934X",
    "0540038Y",
    "0880021V",
}
HEADER = (
    "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;"
    "Code_postal;Code_commune;Nom_commune;Code_departement;Code_academie;Libelle_academie"
)


def run_command(path):
    stdout = io.StringIO()
    call_command("import_etablissements", str(path), stdout=stdout)
    return stdout.getvalue()


def write_lf_file(tmp_path, *rows, header=HEADER):
    """A BOM-less, LF, unquoted file: what a spreadsheet or `curl` may hand over."""
    path = tmp_path / "annuaire.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_import_sample_counts_created_and_rejected(db):
    output = run_command(SAMPLE)

    assert "créés\u00a0: 7, mis à jour\u00a0: 0, inchangés\u00a0: 0, rejetés\u00a0: 4" in output
    assert "UAI en double remplacés par une ligne suivante\u00a0: 1" in output
    assert set(Etablissement.objects.values_list("uai", flat=True)) == SAMPLE_VALID_UAIS


def test_import_sample_reports_each_bad_row_with_line_and_reason(db):
    output = run_command(SAMPLE)

    assert (
        "ligne 9\u00a0: 0932048X\u00a0: UAI «\u00a00932048X\u00a0»\u00a0: "
        "la lettre de contrôle devrait être W."
    ) in output
    assert "ligne 10\u00a0: 094123\u00a0: UAI mal formé «\u00a0094123\u00a0»" in output
    assert "ligne 11\u00a0: 0570001S\u00a0: code académie inconnu «\u00a099\u00a0»." in output
    assert "ligne 12\u00a0: 0941918Z\u00a0: nom de l'établissement manquant." in output


def test_import_service_returns_rejected_rows_and_keeps_valid_ones(db):
    with SAMPLE.open(encoding="utf-8-sig", newline="") as csv_file:
        report = import_etablissements(lines_or_file=csv_file)

    assert [(line, uai) for line, uai, _reason in report.rejected] == [
        (9, "0932048X"),
        (10, "094123"),
        (11, "0570001S"),
        (12, "0941918Z"),
    ]
    assert (report.created, report.updated, report.unchanged) == (7, 0, 0)
    henri_iv = Etablissement.objects.get(uai="0750654D")
    assert henri_iv.name == "Lycée Henri-IV"
    assert henri_iv.type == "Lycée"
    assert henri_iv.statut == Etablissement.Statut.PUBLIC
    assert henri_iv.postcode == "75005"
    assert henri_iv.commune == "Paris"
    assert henri_iv.departement == "075"
    assert henri_iv.academie.code == "01"
    assert Etablissement.objects.get(uai="0540038Y").academie.name == "Nancy-Metz"


def test_import_duplicate_uai_later_row_wins(db):
    run_command(SAMPLE)

    # Line 8 says "Collège"; line 13, the same UAI in lower case with spaces, says "Lycée".
    charlemagne = Etablissement.objects.get(uai="0750652B")
    assert charlemagne.type == "Lycée"


def test_import_second_run_changes_nothing(db):
    run_command(SAMPLE)
    history_rows = Etablissement.history.count()

    output = run_command(SAMPLE)

    assert "créés\u00a0: 0, mis à jour\u00a0: 0, inchangés\u00a0: 7, rejetés\u00a0: 4" in output
    assert Etablissement.history.count() == history_rows


def test_import_creation_writes_one_history_row_each(db):
    run_command(SAMPLE)

    assert Etablissement.history.filter(history_type="+").count() == 7


def test_import_changed_school_updated_and_local_fields_kept(db):
    paris = Academie.objects.get(code="01")
    district = DistrictFactory(academie=paris)
    EtablissementFactory(
        uai="0750654D",
        name="Lycée Henri IV",
        type="Lycée",
        postcode="75005",
        commune="Paris",
        departement="075",
        academie=paris,
        district=district,
    )

    output = run_command(SAMPLE)

    assert "créés\u00a0: 6, mis à jour\u00a0: 1, inchangés\u00a0: 0, rejetés\u00a0: 4" in output
    henri_iv = Etablissement.objects.get(uai="0750654D")
    assert henri_iv.name == "Lycée Henri-IV"
    assert henri_iv.district == district
    assert henri_iv.history.first().history_type == "~"


@pytest.mark.parametrize(
    ("code", "expected"),
    [("93", "093"), ("093", "093"), ("2A", "02A"), ("02A", "02A"), ("974", "974")],
)
def test_import_departement_normalised_to_three_characters(db, tmp_path, code, expected):
    academie = {"93": "24", "093": "24", "2A": "27", "02A": "27", "974": "28"}[code]
    uai = {"24": "0932048W", "27": "6200088B", "28": "9740001H"}[academie]
    path = write_lf_file(tmp_path, f"{uai};Collège test;Collège;Public;;;Ville;{code};{academie};")

    run_command(path)

    assert Etablissement.objects.get(uai=uai).departement == expected


def test_import_lf_file_without_bom_works(db, tmp_path):
    path = write_lf_file(
        tmp_path,
        "0750654D;Lycée Henri-IV;Lycée;Public;75005;75105;Paris;75;1;Paris",
        "6200088B;Collège test;Collège;Privé;20000;2A004;Ajaccio;2A;27;Corse",
    )

    output = run_command(path)

    assert "créés\u00a0: 2, mis à jour\u00a0: 0, inchangés\u00a0: 0, rejetés\u00a0: 0" in output
    corse = Etablissement.objects.get(uai="6200088B")
    assert corse.statut == Etablissement.Statut.PRIVE
    assert corse.academie.code == "27"


def test_import_service_accepts_lines_with_a_bom(db):
    lines = io.StringIO("\ufeff" + HEADER + "\r\n0750654D;Lycée Henri-IV;Lycée;Public;;;;;01;\r\n")

    report = import_etablissements(lines_or_file=lines)

    assert report.created == 1


def test_import_unknown_statut_rejected(db, tmp_path):
    path = write_lf_file(tmp_path, "0750654D;Lycée Henri-IV;Lycée;Autre;75005;;Paris;075;01;")

    output = run_command(path)

    assert (
        "ligne 2\u00a0: 0750654D\u00a0: statut public/privé inconnu «\u00a0Autre\u00a0»."
    ) in output
    assert not Etablissement.objects.exists()


def test_import_missing_file_raises_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run_command(tmp_path / "absent.csv")


def test_import_missing_column_raises_command_error(db, tmp_path):
    header = HEADER.replace(";Code_academie", "")
    path = write_lf_file(
        tmp_path, "0750654D;Lycée Henri-IV;Lycée;Public;;;Paris;075;", header=header
    )

    with pytest.raises(CommandError, match="Code_academie"):
        run_command(path)
    assert not Etablissement.objects.exists()


def test_import_empty_file_raises_command_error(db, tmp_path):
    path = tmp_path / "vide.csv"
    path.write_text("", encoding="utf-8")

    with pytest.raises(CommandError, match="vide"):
        run_command(path)


def test_import_line_number_counts_newlines_inside_quoted_fields(db, tmp_path):
    path = write_lf_file(
        tmp_path,
        '0750654D;Lycée Henri-IV;Lycée;Public;75005;75105;Paris;075;01;"Paris\nRive gauche"',
        "0750654X;Lycée Henri-IV;Lycée;Public;75005;75105;Paris;075;01;Paris",
    )

    output = run_command(path)

    assert "ligne 4\u00a0: 0750654X\u00a0: " in output
