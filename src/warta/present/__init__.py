"""What is shown: output formats, the story view, reports and exports, for the CLI and the web.

- ``output.py``: articles and rows as text, JSON, JSON Lines and CSV (terminal- and
  spreadsheet-safe);
- ``story_output.py``: a story as the CLI and the API give it (the story contract) and the view
  the page draws;
- ``story_report.py``: a story as a text, Markdown or HTML report;
- ``export.py``: bulk exports of articles, quotes, entities and stories with provenance;
- ``atom.py``: a list as an Atom feed.
"""

#: What ``warta export`` and the export pages can export (here, so the CLI lists them without
#: importing the exports).
EXPORT_KINDS = ("articles", "quotes", "entities", "timelines", "mentions")
