"""Which URLs Warta may request: http(s) only, and only public addresses unless the setting
``fetch_allow_private`` says otherwise.

The address is checked after DNS resolution (a public name may resolve to 127.0.0.1) and the
connection then goes to an address checked, not to a second resolution of the name (which
could answer differently: DNS rebinding). Every address the name resolves to is checked, and
the caller may try them in turn (a name with an IPv6 and an IPv4 address, of which one does not
answer). Each redirect is checked again by the caller.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from warta.errors import FetchRefused

ALLOWED_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Target:
    """A URL that may be requested, the address to connect to, and every address its host
    resolved to (all checked), in the resolver's order."""

    url: str
    scheme: str
    host: str
    port: int
    address: str
    addresses: tuple[str, ...] = ()


#: What tells a non-public address: its kind ("loopback", ...) or None for a public one.
AddressCheck = Callable[[str], str | None]
#: What a host name and port resolve to: addresses in the order to try them.
Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """The addresses of ``host`` (the system's resolver, in its order of preference).

    Raises:
        OSError, UnicodeError: the name does not resolve.
    """
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_url(
    url: str,
    allow_private: bool = False,
    private: AddressCheck | None = None,
    resolver: Resolver = resolve,
) -> Target:
    """Check that ``url`` may be requested, and resolve its host.

    Raises:
        FetchRefused: another scheme than http(s), no host, a host that does not resolve, or
            one that resolves to a private, loopback, link-local, reserved or multicast
            address (unless ``allow_private``).
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(url, f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchRefused(url, f"only http and https URLs are fetched, not {scheme or 'none'!r}")
    host = parts.hostname
    if not host:
        raise FetchRefused(url, "the URL names no host")
    port = port or DEFAULT_PORTS[scheme]
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(url, f"host {host} does not resolve ({exc})") from exc
    if not addresses:
        raise FetchRefused(url, f"host {host} does not resolve")
    if not allow_private:
        for address in addresses:
            reason = (private or private_reason)(address)
            if reason:
                raise FetchRefused(
                    url,
                    f"{host} resolves to {address}, a {reason} address; Warta only fetches "
                    "public addresses (setting fetch_allow_private)",
                )
    return Target(url, scheme, host, port, addresses[0], tuple(addresses))


def private_reason(address: str) -> str | None:
    """What kind of non-public address ``address`` is, or None for a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, kind in (
        ("is_unspecified", "unspecified"),
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_private", "private"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, test):
            return kind
    if not ip.is_global:
        return "non-public"
    return None
