"""In-process timing and profile of benchmarked pages, on the filled database.

python bench/timing.py /bureau/demandes/ /demandes/5/ [--profile]
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The database and settings bench/run.sh uses, unless the environment says otherwise.
for name, value in {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/formations_bench",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-not-secret-8f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
    "BENCH_REFERENCE_PAGE": "1",
    "LOG_LEVEL": "WARNING",
    "STATIC_MANIFEST": "0",
    "WHITENOISE_USE_FINDERS": "1",
}.items():
    os.environ.setdefault(name, value)

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "60"))
client = Client()
user = os.environ.get("BENCH_USER", "bench.eafc@ac-creteil.fr")
client.force_login(User.objects.get(email=user))
paths = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
for path in paths:
    for _ in range(5):
        assert client.get(path, HTTP_HOST="127.0.0.1").status_code == 200
    # The best of five batches: this machine's other work only ever adds time.
    batches = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(ROUNDS // 5):
            client.get(path, HTTP_HOST="127.0.0.1")
        batches.append((time.perf_counter() - start) / (ROUNDS // 5) * 1000)
    print(f"{path:<50} {min(batches):7.2f} ms (median batch {sorted(batches)[2]:.2f})")
    if "--profile" in sys.argv:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(ROUNDS):
            client.get(path, HTTP_HOST="127.0.0.1")
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
