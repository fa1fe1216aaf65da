"""The ``warta`` command: parse arguments, call the library, turn errors into messages.

Exit codes: 0 everything done; 1 some inputs were refused (the rest were ingested); 2 usage
errors (bad options, an unusable database); 3 an internal error (a bug: please report it).

Importing a command module registers its commands on :data:`app`, in the order ``--help``
lists them.
"""

from __future__ import annotations

from importlib import import_module

from warta.cli.app import EXIT_INTERNAL, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, app, main

_COMMANDS = (
    "articles", "stories", "entities", "quotes", "outlets", "summarize",
    "search", "export", "serve", "evaluate", "sources",
)  # fmt: skip
for _module in _COMMANDS:
    import_module(f"warta.cli.{_module}")

__all__ = ["EXIT_INTERNAL", "EXIT_OK", "EXIT_REFUSED", "EXIT_USAGE", "app", "main"]
