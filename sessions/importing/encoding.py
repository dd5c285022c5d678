"""Decode a text file: byte-order mark, then strict UTF-8, then detection among the encodings
the document's language is really written in."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from sessions.errors import InputError

__all__ = ["CANDIDATES", "decode"]

#: Encodings worth trying, by UN language. Unrestricted detection misreads short GBK as Korean
#: and French Windows-1252 as Windows-1250, so detection never looks beyond these.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "zh": ("utf_16", "gb18030", "big5"),
    "ru": ("cp1251", "koi8_r"),
    "ar": ("cp1256",),
    "en": ("cp1252",),
    "fr": ("cp1252",),
    "es": ("cp1252",),
}
_NAMES = {
    "utf_8": "UTF-8",
    "utf_16": "UTF-16",
    "gb18030": "GB18030",
    "big5": "Big5",
    "cp1251": "Windows-1251",
    "koi8_r": "KOI8-R",
    "cp1256": "Windows-1256",
    "cp1252": "Windows-1252",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)


def decode(raw: bytes, *, name: str, language: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes.

    Args:
        raw: The file's bytes.
        name: The file's name, for messages.
        language: The document's language if known (``zh``, ``ru`` ...): detection then tries
            only that language's encodings.

    Returns:
        The text and the name of the encoding it was in.

    Raises:
        InputError: The bytes are not text in any candidate encoding.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(encoding), _label(encoding)
            except UnicodeDecodeError:
                shown = _label(encoding)
                raise InputError(
                    f"{name} starts like {shown} text but is not valid {shown}."
                ) from None
    # UTF-16 first: Cyrillic or Arabic in UTF-16 is all bytes below 0x80, valid UTF-8 as well.
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return utf16
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in raw:
        raise InputError(f"{name} is a binary file, not a draft.")
    ascii_share = sum(b < 0x80 for b in raw) / len(raw)
    if ascii_share > 0.97 and language in (None, "en", "fr", "es"):
        # Text in Cyrillic, Arabic or Chinese is never this close to ASCII: a few stray bytes in
        # Latin text are Windows-1252 (é, ’, –) or damage, never another alphabet.
        try:
            return raw.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            raise InputError(
                f"{name} holds bytes that are neither UTF-8 nor Windows-1252 text."
            ) from None
    if language in CANDIDATES:
        candidates = list(CANDIDATES[language])
    else:
        candidates = list(dict.fromkeys(c for group in CANDIDATES.values() for c in group))
    best = from_bytes(raw, cp_isolation=candidates).best()
    if best is None or best.chaos > 0.25:
        tried = ", ".join(_NAMES[c] for c in ["utf_8", *candidates])
        raise InputError(f"{name} is not text in a known encoding (tried {tried}).")
    return str(best), _label(best.encoding)


def _utf16_without_bom(raw: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a byte-order mark: its high bytes take very few values.

    ASCII text puts a NUL in every other byte; Cyrillic puts 0x04 there, Arabic 0x06; a text in
    a one-byte encoding spreads its bytes over many values in both halves.
    """
    if len(raw) < 4 or len(raw) % 2:
        return None
    for high, encoding in ((raw[1::2], "utf_16_le"), (raw[0::2], "utf_16_be")):
        counts: dict[int, int] = {}
        for byte in high:
            counts[byte] = counts.get(byte, 0) + 1
        common = sorted(counts.values(), reverse=True)[:3]
        scripts = {0x00, 0x04, 0x05, 0x06, 0x20, 0x30, 0xFF}
        if sum(common) >= 0.95 * len(high) and scripts & {
            b for b, c in counts.items() if c >= 0.2 * len(high)
        }:
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return text, "UTF-16"
    even, odd = raw[0::2].count(0), raw[1::2].count(0)
    half = len(raw) // 2
    for zeros, encoding in ((odd, "utf_16_le"), (even, "utf_16_be")):
        if zeros > half * 0.2 and zeros > 4 * min(even, odd):
            try:
                return raw.decode(encoding), "UTF-16"
            except UnicodeDecodeError:
                return None
    # CJK text in UTF-16 has few NULs. Its high bytes gather in the CJK block while its low
    # bytes spread over all values; Latin text read as UTF-16 has printable ASCII in both.
    low = raw[0::2]
    if sum(32 <= b < 127 for b in low) > 0.6 * len(low):
        return None
    try:
        text = raw.decode("utf_16_le")
    except UnicodeDecodeError:
        return None
    cjk = sum("\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" for c in text)
    if cjk > len(text) * 0.5 and not any("\ue000" <= c <= "\uf8ff" for c in text):
        return text, "UTF-16"
    return None


def _plausible(text: str) -> bool:
    """Whether decoded text is in the scripts UN documents use, with letters in it."""
    usual = letters = 0
    for char in text:
        code = ord(char)
        if char.isalpha():
            letters += 1
        if (
            code < 0x250
            or 0x400 <= code < 0x530
            or 0x600 <= code < 0x700
            or 0x2000 <= code < 0x2070
            or 0x3000 <= code < 0xA000
            or 0xFF00 <= code < 0xFFF0
        ) and char != "\x00":
            usual += 1
    return letters >= 2 and usual >= 0.97 * len(text)


def _label(encoding: str) -> str:
    key = encoding.lower().replace("-", "_")
    if key.startswith("utf_16"):
        return "UTF-16"
    if key.startswith("utf_32"):
        return "UTF-32"
    return _NAMES.get(key, encoding)
