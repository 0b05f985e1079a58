"""Demo data: catalogue (issue 10)."""


def seed():
    pass
