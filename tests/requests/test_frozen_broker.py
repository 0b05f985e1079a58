"""A hung broker does not hold web requests (issue "Hardening", point 3).

The probe froze Redis (`kill -STOP`, so connections are accepted and never answered): posting
to a thread took 10–15 s and a bulk decision on 8 requests hit gunicorn's 30 s timeout with 4
of them changed. Here the app runs in gunicorn, as in production, on the test database and on a
redis-server of the test's own that is frozen while the office decides and the team writes.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import lxml.html
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from notifications import services
from notifications.models import Message
from requests.models import AntRequest
from tests.factories import AntRequestFactory

BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="gunicorn reads the test database: needs PostgreSQL (DATABASE_URL)",
    ),
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} did not start")


@pytest.fixture
def frozen_redis():
    """A redis-server of this test only; `freeze()` stops it as `kill -STOP` does."""
    port = _free_port()
    process = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "",
         "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip

    def answers():
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    _wait_for(answers, "redis-server")
    process.url = f"redis://127.0.0.1:{port}/0"
    process.freeze = lambda: os.kill(process.pid, signal.SIGSTOP)
    yield process
    os.kill(process.pid, signal.SIGCONT)
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def gunicorn(frozen_redis, tmp_path):
    """The app in one gunicorn worker with production's 30 s timeout, on the test database
    and the test's own Redis (broker and cache)."""
    db = connection.settings_dict
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    log = log_path.open("w")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}"
        f":{db.get('PORT') or 5432}/{db['NAME']}",
        "REDIS_URL": frozen_redis.url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_MANIFEST": "0",
        "WHITENOISE_USE_FINDERS": "1",
        "CONN_MAX_AGE": "0",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1", "--timeout", "30",
         "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip

    def answers():
        assert process.poll() is None, log_path.read_text()
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0

    _wait_for(answers, "gunicorn")
    process.port = port
    process.log = log_path
    yield process
    process.terminate()
    process.wait(timeout=20)
    log.close()


class Browser:
    """An HTTP client of the gunicorn server, logged in as `user` (its session is written to
    the test database), that posts forms as they are rendered."""

    def __init__(self, port, user):
        client = Client()
        client.force_login(user)
        self.port = port
        self.cookies = {"sessionid": client.cookies["sessionid"].value}

    def request(self, method, path, fields=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.monotonic()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.text = response.read().decode()
        response.seconds = time.monotonic() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response

    def form_fields(self, path, action):
        """The fields of the form posting to `action` on the page at `path` (CSRF token and
        any other hidden field included)."""
        page = self.request("GET", path)
        assert page.status == 200, page.text[:500]
        form = lxml.html.fromstring(page.text).xpath(f'//form[@action="{action}"]')[0]
        return {
            field.get("name"): field.get("value", "")
            for field in form.xpath('.//input[@type="hidden"]')
            if field.get("name")
        }


def _log_lines(log_path, text):
    return [line for line in log_path.read_text().splitlines() if text in line]


def test_a_frozen_broker_holds_neither_a_decision_nor_a_message(
    gunicorn, frozen_redis, campaign, school, teacher, colleague, dafor, settings
):
    endorsed = [
        AntRequestFactory(
            campaign=campaign,
            coordinator=teacher,
            coordinating_school=school,
            members=[colleague],
            endorsed=True,
        )
        for _ in range(8)
    ]
    office = Browser(gunicorn.port, dafor)
    team = Browser(gunicorn.port, teacher)
    queue, decide = reverse("requests:queue"), reverse("requests:bulk_decision")
    page = endorsed[0].get_absolute_url()
    post = reverse("requests:post_message", args=[endorsed[0].pk])
    bulk_fields = office.form_fields(queue, decide)
    thread_fields = team.form_fields(page, post)
    messages_before = Message.objects.count()

    frozen_redis.freeze()
    decision = office.request(
        "POST",
        decide,
        {**bulk_fields, "action": "start_review", "requests": [ant.pk for ant in endorsed]},
    )
    message = team.request(
        "POST", post, {**thread_fields, "message-body": "Le planning est en ligne."}
    )
    # The pages they are sent back to show, the cache on the frozen Redis read as empty.
    queue_page = office.request("GET", decision.headers["Location"])
    request_page = team.request("GET", message.headers["Location"])

    # Each answers at once (before: 30 s and a 500, then 15 s), having done all it was asked.
    assert (decision.status, message.status) == (302, 302), [
        line for line in message.text.splitlines() if "error" in line
    ]
    assert decision.seconds < 2.5 and message.seconds < 2.5, (decision.seconds, message.seconds)
    assert (queue_page.status, request_page.status) == (200, 200)
    assert queue_page.seconds < 2.5 and request_page.seconds < 2.5
    assert "8 demandes mises à jour." in queue_page.text
    states = AntRequest.objects.filter(pk__in=[ant.pk for ant in endorsed]).values_list(
        "state", flat=True
    )
    assert set(states) == {"under_review"} and len(states) == 8
    assert endorsed[0].thread.filter(body="Le planning est en ligne.").count() == 1
    # One publish waited for the broker; the others did not try. The notices wait as pending.
    assert len(_log_lines(gunicorn.log, "broker unreachable")) == 1
    assert len(_log_lines(gunicorn.log, "broker paused")) >= 1
    pending = Message.objects.filter(status=Message.Status.PENDING)
    assert pending.count() == Message.objects.count() - messages_before > 8

    # The sweep delivers them once it runs (here in this process, Redis left frozen).
    settings.NOTIFICATIONS_SWEEP_AFTER_SECONDS = 0
    waiting = pending.count()
    assert services.sweep_pending(limit=500) == waiting
    assert not Message.objects.filter(status=Message.Status.PENDING).exists()
