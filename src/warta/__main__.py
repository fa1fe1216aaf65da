"""``python -m warta`` runs the CLI."""

from warta.cli import main

if __name__ == "__main__":  # not when a worker process started with spawn imports this module
    main()
