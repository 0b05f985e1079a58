"""Demo data: brigade (issue 10)."""


def seed():
    pass
