"""Live sources over HTTPS, against local portals with a certificate authority made here
(trustme): the client connects to the address it checked, yet verifies the certificate for
the URL's host name."""

from __future__ import annotations

import itertools
import ssl
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Warta
from tests.portals import Portal, start_portal
from tests.test_fetch import (
    HOST_DELAY,
    add_articles,
    cli,  # noqa: F401  (fixture)
    feed_of,
    fetch_env,  # noqa: F401  (fixture)
    portals,  # noqa: F401  (fixture)
    stored,
)

trustme = pytest.importorskip("trustme")

#: The only name the portals' certificate is for; 127.0.0.1, the same server, is another name.
NAME = "localhost"


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def ca_file(authority: trustme.CA, tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(path))
    return str(path)


@pytest.fixture
def tls_env(fetch_env: dict[str, str], ca_file: str) -> Iterator[dict[str, str]]:  # noqa: F811
    fetch_env["WARTA_FETCH_CA_FILE"] = ca_file
    yield fetch_env


def new_tls_portal(started: list[Portal], authority: trustme.CA) -> Portal:
    """An HTTPS portal at https://localhost:PORT, its certificate for ``localhost`` only."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert(NAME).configure_cert(context)
    portal = start_portal(tls=context, name=NAME)
    started.append(portal)
    return portal


def test_a_feed_and_its_pages_over_https_are_fetched_and_ingested(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
    authority: trustme.CA,
    tls_env: dict[str, str],
    tmp_path: Path,
) -> None:
    from warcio.archiveiterator import ArchiveIterator

    portal = new_tls_portal(portals, authority)
    urls = add_articles(portal, [1, 2])
    assert urls[0].startswith(f"https://{NAME}:")
    portal.feed("/feed", feed_of(urls))
    added = cli.run("sources", "add", portal.url("/feed"), env=tls_env)
    assert added.returncode == 0, added
    result = cli.run("fetch", env=tls_env)
    assert result.returncode == 0, result
    assert sorted(stored(cli.db)) == sorted(urls)
    # the name went to the server (SNI) though the connection went to the address checked
    assert portal.handshakes and set(portal.handshakes) == {NAME}
    assert all(seen.headers["Host"] == portal.host for seen in portal.seen)
    (warc,) = (tmp_path / "archive").glob("*.warc.gz")
    with warc.open("rb") as stream:
        kept = {
            record.rec_headers.get_header("WARC-Target-URI"): record.rec_headers.get_header(
                "WARC-IP-Address"
            )
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        }
    assert kept == dict.fromkeys([portal.url("/feed"), *urls], "127.0.0.1")


def test_without_the_authority_the_portal_is_refused_and_not_retried(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
    authority: trustme.CA,
) -> None:
    portal = new_tls_portal(portals, authority)
    portal.feed("/feed", feed_of(add_articles(portal, [1])))
    result = cli("sources", "add", portal.url("/feed"))
    assert result.returncode == 1
    assert "TLS certificate of localhost is not accepted" in result.stderr
    assert "setting fetch_ca_file" in result.stderr
    assert len(portal.handshakes) == 1  # robots.txt's one try; nothing after
    assert portal.seen == []


def test_a_certificate_for_another_name_is_refused(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
    authority: trustme.CA,
    tls_env: dict[str, str],
) -> None:
    """The feed, read from https://localhost, lists a page at https://127.0.0.1 of the same
    server, whose certificate is not for that name: the connection kept alive for the feed
    must not serve it."""
    portal = new_tls_portal(portals, authority)
    (good,) = add_articles(portal, [1])
    other = f"https://127.0.0.1:{portal.port}/berita/2"
    add_articles(portal, [2])
    portal.feed("/feed", feed_of([good, other]))
    assert cli.run("sources", "add", portal.url("/feed"), env=tls_env).returncode == 0
    result = cli.run("fetch", env=tls_env)
    assert result.returncode == 1
    assert list(stored(cli.db)) == [good]
    assert "/berita/2" not in portal.paths()
    (refused,) = cli.rejects()
    assert refused["origin"] == other
    assert refused["reason"].startswith("the TLS certificate of 127.0.0.1 is not accepted ("), (
        refused
    )
    assert "not valid for '127.0.0.1'" in refused["reason"]


def test_a_redirect_from_https_to_http_of_a_private_address_is_refused(
    portals: list[Portal],  # noqa: F811
    authority: trustme.CA,
    ca_file: str,
) -> None:
    """127.0.0.1 counts as public here, so that the HTTPS portal can be reached and redirect
    to a plain-HTTP loopback address (127.0.0.2) that counts as what it is."""
    from warta.errors import FetchRefused
    from warta.sources.http import Fetcher, FetchPolicy
    from warta.sources.safety import private_reason

    portal = new_tls_portal(portals, authority)
    inside = start_portal()
    portals.append(inside)
    inside.page("/admin", "<p>rahasia</p>")
    target = f"http://127.0.0.2:{inside.port}/admin"
    portal.handle("/pindah", lambda seen: (302, {"Location": target}, b""))

    def public_here(address: str) -> str | None:
        return None if address == "127.0.0.1" else private_reason(address)

    policy = FetchPolicy(host_delay=HOST_DELAY, retries=0, ca_file=ca_file)
    with (
        Fetcher(policy, private=public_here) as fetcher,
        pytest.raises(FetchRefused, match=r"127\.0\.0\.2, a loopback address"),
    ):
        fetcher.get(portal.url("/pindah"))
    assert portal.paths().count("/pindah") == 1
    assert inside.seen == []


def test_a_ca_file_that_cannot_be_read_is_told(tmp_path: Path) -> None:
    from warta.errors import UsageError
    from warta.sources.http import Fetcher, FetchPolicy

    missing = tmp_path / "nowhere.pem"
    with pytest.raises(UsageError, match="fetch_ca_file names a PEM file"):
        Fetcher(FetchPolicy(ca_file=str(missing)))


def test_http_and_https_of_one_name_are_one_host_keeping_one_delay(
    cli: Warta,  # noqa: F811
    portals: list[Portal],  # noqa: F811
    authority: trustme.CA,
    tls_env: dict[str, str],
) -> None:
    """https://localhost:P1 and http://localhost:P2, polled at once: as the server sees them,
    every request keeps the delay after the one before, whichever scheme and port."""
    secure = new_tls_portal(portals, authority)
    plain = start_portal(name=NAME)
    portals.append(plain)
    urls = []
    for portal, first in ((secure, 1), (plain, 11)):
        urls += add_articles(portal, list(range(first, first + 3)))
        portal.feed("/feed", feed_of(urls[-3:]))
    added = cli.run("sources", "add", secure.url("/feed"), plain.url("/feed"), env=tls_env)
    assert added.returncode == 0, added
    secure.seen.clear()
    plain.seen.clear()
    result = cli.run("fetch", env=tls_env)
    assert result.returncode == 0, result
    assert sorted(stored(cli.db)) == sorted(urls)
    times = sorted(seen.time for portal in (secure, plain) for seen in portal.seen)
    assert len(times) == 10  # each: robots.txt (one per scheme and port), the feed, 3 pages
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert min(gaps) >= HOST_DELAY, gaps
