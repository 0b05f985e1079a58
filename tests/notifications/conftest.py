import asyncio
import socket

import pytest
from aiosmtpd.controller import Controller


class SmtpSink:
    """A local SMTP server's handler: accepts messages and remembers them and the sessions
    (connections) they came in. It can refuse the next `refuse` messages, or a recipient
    `refuse_rcpt[address]` times, with a temporary error; with `hold_first_sessions = 2`
    each session's first message waits (5 s at most) until two sessions are open; with a
    `gate` (a threading.Event) every message waits until it is set, `holding` meanwhile."""

    def __init__(self):
        self.received = []
        self.refuse = 0
        self.refuse_rcpt = {}
        self.hold_first_sessions = 0
        # Kept rather than counted, so that no two sessions share an id().
        self.sessions = {}
        self.overlapped = False
        self.gate = None
        self.holding = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse_rcpt.get(address, 0) > 0:
            self.refuse_rcpt[address] -= 1
            return "450 4.2.1 Boîte temporairement indisponible"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.gate is not None:
            self.holding = True
            while not self.gate.is_set():
                await asyncio.sleep(0.01)
        if id(session) not in self.sessions:
            self.sessions[id(session)] = session
            for _ in range(500):
                if len(self.sessions) >= self.hold_first_sessions:
                    break
                await asyncio.sleep(0.01)
            self.overlapped = self.overlapped or len(self.sessions) >= 2
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Service temporairement indisponible"
        self.received.append(envelope)
        return "250 OK"

    def recipients(self):
        return [rcpt for envelope in self.received for rcpt in envelope.rcpt_tos]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_sink():
    sink = SmtpSink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    sink.port = controller.port
    yield sink
    controller.stop()


@pytest.fixture
def smtp_to_sink(settings, smtp_sink):
    """This process sends its e-mails to the local SMTP sink."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_TIMEOUT = 5
    return smtp_sink
