"""Demo sessions from the seeds (issue 11, point 9): written by `seed_demo` after the
programmes, idempotent like them."""
