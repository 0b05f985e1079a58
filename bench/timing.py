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

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from accounts.models import User  # noqa: E402

ROUNDS = int(os.environ.get("ROUNDS", "60"))
client = Client()
client.force_login(User.objects.get(email=os.environ.get("BENCH_USER", "bench.eafc@ac-creteil.fr")))
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
