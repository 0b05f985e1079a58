"""Demo sessions from the seeds (issue 11, point 9): written by `seed_demo` after the
programmes, idempotent like them (rows found by natural keys, saved only where a value
differs: a second run writes nothing). One module per programme, then the open sessions of
the diary and the journey. The rows are written with the models, not through the services:
the demo tells what happened, it does not send convocations."""

from workshops.demo import ambassadeurs, ant, brigade, magistere, open_sessions


def seed():
    brigade.seed()
    ant.seed()
    magistere.seed()
    ambassadeurs.seed()
    open_sessions.seed()
