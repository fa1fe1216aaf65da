"""The known-name table as the analysis looks names up in it."""

from __future__ import annotations

from warta.lang.id import known_names


def test_known_name_reads_any_case_and_spacing_the_same_when_kept() -> None:
    """A kept answer (the look-ups are cached) is the table's entry for the name casefolded
    with its spaces closed up, as computed afresh."""
    table = known_names.known_names()
    known_names.known_name.cache_clear()
    for _ in range(2):  # computed, then kept
        assert known_names.known_name("Jokowi") is table["jokowi"]
        assert known_names.known_name("  JOKOWI ") is table["jokowi"]
        assert known_names.known_name("Joko  Widodo") is table["joko widodo"]
        assert known_names.known_name("Zzyzx Qwerty") is None
