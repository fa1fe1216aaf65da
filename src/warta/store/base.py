"""The Store protocol: what every backend (SQLite now, PostgreSQL later) must do."""

from __future__ import annotations
