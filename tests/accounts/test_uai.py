import pytest
from django.core.exceptions import ValidationError

from accounts.uai import UAI_LETTERS, uai_check_letter, uai_error, validate_uai


@pytest.mark.parametrize("uai", ["0750654D", "0951099D", "6200088B"])
def test_uai_error_none_for_domain_examples(uai):
    assert uai_error(uai) is None
    validate_uai(uai)  # does not raise


@pytest.mark.parametrize("uai", ["0750654d", " 0750654D ", "\t6200088b\n"])
def test_uai_error_none_after_trimming_and_upper_casing(uai):
    assert uai_error(uai) is None


def test_uai_error_names_expected_letter_when_check_letter_wrong():
    error = uai_error("0750654E")

    assert error == "UAI «\u00a00750654E\u00a0»\u00a0: la lettre de contrôle devrait être D."


def test_validate_uai_raises_with_expected_letter_when_check_letter_wrong():
    with pytest.raises(ValidationError) as excinfo:
        validate_uai("6200088C")

    assert excinfo.value.code == "invalid_uai"
    assert "devrait être B" in excinfo.value.messages[0]


@pytest.mark.parametrize(
    "uai",
    [
        "075065D",  # six digits
        "07506541D",  # eight digits
        "0750654",  # no letter
        "075O654D",  # a letter among the digits
        "0750654-",
        "",
        None,
    ],
)
def test_uai_error_reports_malformed_value(uai):
    error = uai_error(uai)

    assert error is not None
    assert "7 chiffres suivis d'une lettre attendus" in error


@pytest.mark.parametrize("letter", ["I", "O", "Q"])
def test_validate_uai_rejects_letters_never_used_as_check_letter(letter):
    with pytest.raises(ValidationError):
        validate_uai(f"0750654{letter}")


def test_uai_check_letter_uses_23_letters_without_i_o_q():
    letters = {uai_check_letter(f"{n:07d}") for n in range(23)}

    assert letters == set(UAI_LETTERS)
    assert len(letters) == 23
    assert letters.isdisjoint({"I", "O", "Q"})


def test_validate_uai_rejects_empty_value():
    with pytest.raises(ValidationError) as excinfo:
        validate_uai("")

    assert excinfo.value.code == "invalid_uai"
