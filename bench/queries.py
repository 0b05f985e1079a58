"""SQL queries per benchmarked page, on the filled database (they must not grow with data)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from accounts.models import User  # noqa: E402

client = Client()
client.force_login(User.objects.get(email="bench.eafc@ac-creteil.fr"))
print(f"{'page':<28} {'queries':>7}")
for spec in sys.argv[1:]:
    name, path = spec.split("=", 1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (path, response.status_code)
    print(f"{name:<28} {len(queries):>7}")
