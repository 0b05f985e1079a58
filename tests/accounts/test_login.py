"""The client's address behind the reverse proxy (accounts.login.client_ip), which the log-in
lockout records and the password-reset throttle counts."""

import pytest
from django.test import RequestFactory

from accounts.login import client_ip


def _request(remote_addr="10.0.0.2", forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().post("/connexion/", **extra)


def test_client_ip_without_trusted_proxy_ignores_forwarded_for(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    # Anyone can send the header: without a proxy it is the client's word only.
    assert client_ip(_request("203.0.113.7", forwarded_for="198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        # One proxy appends the address it received the connection from.
        (1, "203.0.113.7", "203.0.113.7"),
        # What the client wrote before it is not believed.
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        # A load balancer, then the proxy: the address the load balancer saw.
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (1, "  2001:db8::7  ", "2001:db8::7"),
    ],
)
def test_client_ip_behind_trusted_proxies_reads_forwarded_for_from_the_right(
    settings, count, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(_request(forwarded_for=forwarded_for)) == expected


@pytest.mark.parametrize("forwarded_for", [None, "", "pas-une-adresse", "203.0.113.7"])
def test_client_ip_falls_back_to_the_proxy_when_the_header_is_short_or_invalid(
    settings, forwarded_for
):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(_request("10.0.0.2", forwarded_for=forwarded_for)) == "10.0.0.2"
