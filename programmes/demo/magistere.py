"""Demo data: magistere (issue 10)."""


def seed():
    pass
