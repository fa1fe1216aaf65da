"""Runners: the local one (here) and, later, the Dask one, driving the same stages."""

from warta.run.local import IngestReport, ingest

__all__ = ["IngestReport", "ingest"]
