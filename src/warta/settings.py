"""Every setting Warta has, in one table: name, default and what it is for.

A user overrides only the keys they set, from the environment (``WARTA_<NAME>`` in upper case)
or from a TOML file named by ``WARTA_CONFIG``; everything else keeps its default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warta.errors import UsageError


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its default and a sentence saying what it changes."""

    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "db",
        "warta.db",
        "Path of the SQLite database (the CLI's --db and WARTA_DB set it too).",
    ),
    Setting(
        "max_document_bytes",
        10 * 1024 * 1024,
        "Largest single article accepted, in bytes (a file, a JSONL line, stdin). The longest "
        "Indonesian news pages we have seen are under 1 MB of HTML, so 10 MB only refuses "
        "inputs that are not one article (a dump, a log, a video).",
    ),
    Setting(
        "batch_size",
        200,
        "Articles written per database transaction during ingest. Larger batches are faster; "
        "a crash loses at most one uncommitted batch, which a re-run writes again.",
    ),
    Setting(
        "analysis_budget_seconds",
        30.0,
        "Longest time one input's reading and analysis may take, in seconds. Past it the input "
        "is refused with that reason and the batch goes on. Real articles take well under a "
        "second; only inputs that are not one article (a log, a dump) come near.",
    ),
    Setting(
        "analysis_workers",
        os.cpu_count() or 1,
        "Worker processes that analyse articles during an ingest, each a few inputs at a time; "
        "default: the machine's cores. They analyse the next two batches while this process "
        "writes one. More use more cores (and about 300 MB of memory each); results "
        "do not depend on it.",
    ),
    Setting(
        "write_wait_seconds",
        60,
        "Longest time a writer waits for another writer (a second `warta ingest`, the API's "
        "ingest) to finish its transaction before giving up, in seconds. A CLI that gives up "
        "says so and exits 2; the API answers 503 with Retry-After. Nothing half-written remains.",
    ),
    Setting(
        "max_request_bytes",
        50 * 1024 * 1024,
        "Largest request body `warta serve` accepts (POST /api/ingest uploads), in bytes; "
        "beyond it the answer is 413 and the body is not read.",
    ),
    Setting(
        "fetch_contact",
        "",
        "How the portals Warta fetches from can reach its operator (a URL or an e-mail "
        "address), sent in the User-Agent: 'Warta/VERSION (+CONTACT)'. Set it before following "
        "live sources.",
    ),
    Setting(
        "fetch_allow_private",
        False,
        "Whether `warta fetch` may request private, loopback or link-local addresses "
        "(WARTA_FETCH_ALLOW_PRIVATE=true). Off: such an address is refused after DNS resolution "
        "and on every redirect, so a feed cannot point Warta at the machines around it.",
    ),
    Setting(
        "fetch_ca_file",
        "",
        "A PEM file of certificate authorities `warta fetch` trusts besides the usual ones "
        "(certifi's): a company's own authority, or the tests' local one. Certificates are "
        "always verified, for the host name of the URL.",
    ),
    Setting(
        "fetch_host_delay_seconds",
        5.0,
        "Least time between two requests to one host, in seconds (robots.txt's Crawl-delay, "
        "when longer, wins). Five seconds keeps a portal's load from Warta to a dozen requests "
        "a minute, far below a reader's browser.",
    ),
    Setting(
        "fetch_host_concurrency",
        1,
        "Requests to one host at once.",
    ),
    Setting(
        "fetch_workers",
        8,
        "Sources polled at once (each host still gets its own delay and concurrency).",
    ),
    Setting(
        "fetch_timeout_seconds",
        20.0,
        "Longest wait for a server to connect or to send the next bytes, in seconds; and "
        "three times it for a whole response.",
    ),
    Setting(
        "fetch_max_bytes",
        5 * 1024 * 1024,
        "Largest response read, in bytes: a longer one is stopped there and refused. News "
        "pages and feeds are under 1 MB.",
    ),
    Setting(
        "fetch_max_listing_bytes",
        50 * 1024 * 1024,
        "Largest feed or sitemap fetched, in bytes (the sitemap protocol allows 50 MB; a "
        "gzipped sitemap is read up to 50 MB uncompressed). A longer one is stopped there and "
        "refused.",
    ),
    Setting(
        "fetch_max_redirects",
        5,
        "Redirects followed per request before it is refused (each one checked for safety).",
    ),
    Setting(
        "fetch_retries",
        3,
        "Tries of a request answered 429 or 5xx (or failing to connect) before the poll of "
        "its source counts as failed; the waits between them grow, and honour Retry-After.",
    ),
    Setting(
        "fetch_max_wait_seconds",
        120.0,
        "Longest wait before a retry, in seconds: a Retry-After asking more ends this poll "
        "of the source, whose next poll comes after the time asked.",
    ),
    Setting(
        "fetch_backoff_seconds",
        2.0,
        "First wait before a retry, in seconds; it doubles with each retry.",
    ),
    Setting(
        "fetch_interval_seconds",
        900.0,
        "Time between polls of a new source, in seconds; it then adapts to how often the "
        "source yields new articles, between fetch_min_interval_seconds and "
        "fetch_max_interval_seconds.",
    ),
    Setting(
        "fetch_min_interval_seconds",
        300.0,
        "Shortest time between two polls of one source, in seconds.",
    ),
    Setting(
        "fetch_max_interval_seconds",
        6 * 3600.0,
        "Longest time between two polls of one source, in seconds.",
    ),
    Setting(
        "fetch_pause_failures",
        5.0,
        "Failure score at which a source is paused (each failed poll adds one, each good poll "
        "halves it); `warta sources` says which are paused and why, and `warta sources "
        "resume` polls them again.",
    ),
    Setting(
        "fetch_max_pages",
        200,
        "Article pages fetched from one source per poll; the rest wait for the next poll.",
    ),
    Setting(
        "fetch_max_sitemaps",
        10,
        "Sitemaps of one sitemap index read per poll: those not read yet and those changed, "
        "newest first; the rest wait for the next poll, for which the source is due at once.",
    ),
    Setting(
        "fetch_sitemap_max_age_days",
        0.0,
        "Sitemaps of an index whose lastmod is this many days older than the index's newest "
        "are not read (0: every sitemap is read, over as many polls as it takes): set it to "
        "follow a portal's news without fetching its archive.",
    ),
    Setting(
        "fetch_archive",
        "warta-archive",
        "Directory of the WARC files that keep every response fetched (requests and "
        "responses with their headers), from which `warta reanalyze` analyses again.",
    ),
    Setting(
        "watch_tick_seconds",
        30.0,
        "Longest sleep of `warta watch` between two looks for due sources, in seconds.",
    ),
    Setting(
        "api_token",
        "",
        "Bearer token that unlocks POST /api/ingest on `warta serve` (WARTA_API_TOKEN, or "
        "--token). Empty: the server is read-only.",
    ),
)

_DEFAULTS = {setting.name: setting for setting in SETTINGS}


def load_settings(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The settings in force: defaults, then WARTA_CONFIG's file, environment, explicit overrides.

    Raises:
        UsageError: an unknown key, or a value of the wrong type.
    """
    values = {setting.name: setting.default for setting in SETTINGS}
    config_path = os.environ.get("WARTA_CONFIG")
    if config_path:
        try:
            with Path(config_path).open("rb") as handle:
                from_file = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read settings file {config_path}: {exc}") from exc
        values.update(_checked(from_file, f"settings file {config_path}"))
    from_env = {
        setting.name: os.environ[f"WARTA_{setting.name.upper()}"]
        for setting in SETTINGS
        if f"WARTA_{setting.name.upper()}" in os.environ
    }
    values.update(_checked(from_env, "environment"))
    values.update(_checked(overrides or {}, "arguments"))
    return values


def _checked(given: dict[str, Any], where: str) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for name, value in given.items():
        if name not in _DEFAULTS:
            known = ", ".join(sorted(_DEFAULTS))
            raise UsageError(f"unknown setting {name!r} in {where}; known settings: {known}")
        kind = type(_DEFAULTS[name].default)
        if kind is bool:
            checked[name] = _boolean(value, name, where)
            continue
        try:
            checked[name] = kind(value)
        except (TypeError, ValueError) as exc:
            raise UsageError(
                f"setting {name!r} in {where} must be of type {kind.__name__}, got {value!r}"
            ) from exc
        if kind in (int, float) and checked[name] <= 0:
            raise UsageError(f"setting {name!r} in {where} must be positive, got {value!r}")
    return checked


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off", ""})


def _boolean(value: Any, name: str, where: str) -> bool:
    """A yes/no setting: a boolean, or its spelling in the environment (true, 1, yes, on)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise UsageError(f"setting {name!r} in {where} must be true or false, got {value!r}")
