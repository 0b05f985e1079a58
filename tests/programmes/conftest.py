"""Fixtures shared by the programmes' tests; each part adds its own in its section."""

import pytest

from tests.factories import AcademieFactory


@pytest.fixture
def nancy_metz(db):
    return AcademieFactory(code="12", name="Nancy-Metz", region_academique="Grand Est")


@pytest.fixture
def paris(db):
    return AcademieFactory(code="01", name="Paris", region_academique="Île-de-France")


# --- catalogue (issue 10, point 1) ---
# --- ambition-confiance (issue 10, point 2) ---
# --- Ambassadeurs du numérique (issue 10, point 3) ---
# --- M@gistère (issue 10, point 4) ---
# --- training record (issue 10, point 5) ---
