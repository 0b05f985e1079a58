"""Demo data: ambassadeurs (issue 10)."""


def seed():
    pass
