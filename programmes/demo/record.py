"""Demo data: record (issue 10)."""


def seed():
    pass
