"""Bytes to text: encoding detection, and refusal of what is not text at all."""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes

from warta.errors import EmptyInput, NotText

# Magic numbers of the binary files most often dropped into a folder of scraped pages.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF file (WebP image or WAV audio)"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable program"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"ID3", "an MP3 file"),
)

#: Share of control characters (other than tab and newlines) above which decoded "text" is
#: binary data. Real articles have none; a scraped page with a stray form feed or two stays far
#: below 1%; random bytes decoded as a single-byte code page give about 12%.
MAX_CONTROL_SHARE = 0.01

#: Control characters text may hold: whitespace, and ESC, which starts the colour codes of text
#: pasted from a terminal (hostile or careless, but text).
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")
_TEXT_CONTROL_BYTES = frozenset(b"\t\n\r\f\v\x1b")

#: Share of letters outside the Latin, Arabic and common scripts above which a non-UTF-8 guess is
#: taken for garbage: charset detectors happily "read" random bytes as CJK or Cyrillic. Indonesian
#: news is written in Latin script, quoting Arabic at times.
MAX_FOREIGN_LETTER_SHARE = 0.3

#: Single-byte code pages for Latin script, as charset-normalizer names them.
_LATIN_CODE_PAGES = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "cp437", "cp850", "cp858"}
    | {f"iso8859_{part}" for part in (2, 3, 4, 9, 10, 13, 14, 15, 16)}
    | {"mac_roman", "mac_latin2", "mac_iceland", "mac_turkish"}
)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(origin: str, data: bytes) -> tuple[str, str]:
    """Decode one input's bytes, returning ``(text, encoding)``.

    UTF-8 (with or without a byte-order mark) and UTF-16/32 with a BOM are read as such; anything
    else goes to charset-normalizer, and its guess is checked for the signs of binary data.

    Raises:
        EmptyInput: no bytes, or nothing but whitespace.
        NotText: a known binary format, or bytes that decode to no plausible text.
    """
    _refuse_empty_or_known_binary(origin, data)
    text, encoding = _decode_text(origin, data)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise EmptyInput(origin, "empty file: there is no text in it")
    _check_plausible(origin, text, encoding)
    return text, encoding


def refuse_known_binary(origin: str, head: bytes) -> None:
    """Refuse an input from its first bytes alone: empty, a known binary format, or bytes
    that are mostly control characters (random data, UTF-16 without a byte-order mark).

    Used for streams read in pieces (JSONL), where the whole text is never decoded at once; a
    stray NUL byte in one line is that line's fault, not the file's.

    Raises:
        EmptyInput: nothing but whitespace.
        NotText: a known binary format, or binary data.
    """
    _refuse_empty_or_known_binary(origin, head)
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROL_BYTES)
    if controls > MAX_CONTROL_SHARE * len(head):
        raise NotText(origin, f"binary data: {controls} control bytes at its start, not text")


def _refuse_empty_or_known_binary(origin: str, data: bytes) -> None:
    if not data.strip():
        raise EmptyInput(origin, "empty file: there is no text in it")
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise NotText(origin, f"binary file ({what}), not an article")


def _decode_text(origin: str, data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig")
            except UnicodeDecodeError:
                break
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None or best.encoding in _LATIN_CODE_PAGES:
        # Latin code pages differ only in a few accented letters, which detectors cannot tell
        # apart on short Indonesian text; Windows-1252 is what legacy Indonesian pages use.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    if best is None:
        raise NotText(origin, "binary data: the bytes are not text in any known encoding")
    return str(best), best.encoding


def _check_plausible(origin: str, text: str, encoding: str) -> None:
    sample = text[:100_000]
    controls = sum(
        1 for char in sample if unicodedata.category(char) == "Cc" and char not in _TEXT_CONTROLS
    )
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise NotText(origin, f"binary data: {controls} control characters, this is not text")
    if encoding not in ("utf-8", "ascii"):
        letters = [char for char in sample if char.isalpha()]
        foreign = sum(1 for char in letters if not _latin_or_arabic(char))
        if letters and foreign > MAX_FOREIGN_LETTER_SHARE * len(letters):
            raise NotText(
                origin,
                f"binary data or an unknown encoding (best guess {encoding} gives unreadable "
                "text); save the file as UTF-8",
            )
        if "\ufffd" in sample:
            raise NotText(origin, f"undecodable bytes (best guess {encoding}); save it as UTF-8")


def _latin_or_arabic(char: str) -> bool:
    if char.isascii():
        return True
    name = unicodedata.name(char, "")
    return name.startswith(("LATIN", "ARABIC"))
