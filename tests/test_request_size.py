"""Request bodies bigger than MAX_REQUEST_BODY_BYTES are refused with 413 before anything
reads them (config/middleware.py), logged in or not."""

import http.client
import socket
import time
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler

from requests.forms.team import ANT_ATTACHMENT_MAX_BYTES

BOUNDARY = "formations-test"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


class RecordingUploadHandler(MemoryFileUploadHandler):
    """Counts the bodies the upload handlers were given to parse."""

    parsed = []

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.parsed.append(content_length)
        # Kept in memory whatever its size: this test writes no temporary file either.
        self.activated = True


@pytest.fixture(autouse=True)
def _recording_upload_handler(settings):
    settings.FILE_UPLOAD_HANDLERS = ["tests.test_request_size.RecordingUploadHandler"]
    RecordingUploadHandler.parsed.clear()


def multipart_body(size):
    """A log-in form with a file, padded so that the whole body is `size` bytes."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="username"\r\n\r\n'
        "claire.martin@ac-test.fr\r\n"
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="piece"; filename="piece.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()
    return head + b"x" * (size - len(head) - len(tail)) + tail


def test_the_limit_leaves_room_for_the_biggest_attachment_and_the_form_fields():
    # Before anything that reads the body: only the security headers' middleware comes first.
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "config.middleware.RequestBodyLimitMiddleware",
    ]
    assert settings.MAX_REQUEST_BODY_BYTES == (
        ANT_ATTACHMENT_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )


@pytest.mark.django_db
def test_anonymous_post_over_the_limit_is_413_and_never_parsed(client):
    body = multipart_body(settings.MAX_REQUEST_BODY_BYTES + 1)

    response = client.post("/connexion/", data=body, content_type=MULTIPART)

    assert response.status_code == 413
    assert RecordingUploadHandler.parsed == []
    assert response["X-Content-Type-Options"] == "nosniff"  # the security headers are there
    html = response.content.decode()
    assert "Envoi trop volumineux" in html
    assert "Erreur 413" in html
    assert "(6,0\u00a0Mio)\u00a0:" in html  # the accepted size, in French


@pytest.mark.django_db
def test_anonymous_post_at_the_limit_is_read_as_usual(client):
    body = multipart_body(settings.MAX_REQUEST_BODY_BYTES)

    response = client.post("/connexion/", data=body, content_type=MULTIPART)

    assert response.status_code == 200  # the log-in form again: no password
    assert RecordingUploadHandler.parsed == [settings.MAX_REQUEST_BODY_BYTES]


@pytest.mark.django_db
def test_the_limit_is_read_from_the_settings(client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1000

    too_big = client.post("/connexion/", data=multipart_body(1001), content_type=MULTIPART)
    fits = client.post("/connexion/", data=multipart_body(1000), content_type=MULTIPART)

    assert (too_big.status_code, fits.status_code) == (413, 200)


def csrf_cookie(host, port):
    """The CSRF cookie the log-in page hands to anyone."""
    connection = http.client.HTTPConnection(host, port, timeout=5)
    connection.request("GET", "/connexion/")
    response = connection.getresponse()
    response.read()
    connection.close()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie"):
        cookies.load(header)
    return cookies[settings.CSRF_COOKIE_NAME].value


def test_a_server_answers_413_to_the_headers_alone(live_server):
    """A client with the log-in page's CSRF cookie declares 300 MB and sends none of it: the
    answer comes at once, the server does not wait for the body (the CSRF check would read
    it, to find the form's token)."""
    host, port = live_server.thread.host, live_server.thread.port
    token = csrf_cookie(host, port)
    request = (
        "POST /connexion/ HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        f"Cookie: {settings.CSRF_COOKIE_NAME}={token}\r\n"
        f"Content-Type: {MULTIPART}\r\n"
        "Content-Length: 300000000\r\n"
        "\r\n"
    ).encode()
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=5) as client:
        client.sendall(request)
        try:
            answer = client.recv(100)
        except TimeoutError:
            answer = b"(no answer in 5 s)"

    assert answer.startswith(b"HTTP/1.1 413 ")
    assert time.monotonic() - started < 5
