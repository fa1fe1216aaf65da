"""Live sources: feeds and sitemaps found on portals, fetched politely and safely, and the
archive of every response fetched.

- :mod:`~warta.sources.safety`: which URLs may be requested (http(s), public addresses).
- :mod:`~warta.sources.http`: the polite client (robots.txt, per-host delay and concurrency,
  conditional GET, retries with backoff, bounded redirects, timeouts and sizes).
- :mod:`~warta.sources.feeds`: RSS, Atom and sitemaps (indexes, Google News) as entries.
- :mod:`~warta.sources.discover`: a portal's feeds and sitemaps from its home page.
- :mod:`~warta.sources.schedule`: adaptive poll intervals and the failure score.
- :mod:`~warta.sources.dates`: a page's publication time from all the evidence.
- :mod:`~warta.sources.archive`: WARC files of requests and responses.
"""
