"""Readers: plain scraped text, HTML pages, JSONL and JSON records -> :class:`RawDocument`."""

from warta.ingest.formats import detect
from warta.ingest.reader import read_inputs
from warta.ingest.sources import Skipped, Source, expand
from warta.model import AUTO

__all__ = ["AUTO", "Skipped", "Source", "detect", "expand", "read_inputs"]
