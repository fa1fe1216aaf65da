"""Readers: plain scraped text, HTML pages, JSONL and JSON records -> :class:`RawDocument`."""

from warta.ingest.formats import AUTO, detect
from warta.ingest.reader import read_inputs
from warta.ingest.sources import Skipped, Source, expand

__all__ = ["AUTO", "Skipped", "Source", "detect", "expand", "read_inputs"]
