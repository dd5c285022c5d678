"""Script-aware text helpers: sanitizing imported text, scripts and languages, square brackets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "BIDI_CONTROLS",
    "BracketStats",
    "bracket_stats",
    "guess_language",
    "is_cjk",
    "join_lines",
    "sanitize",
]

# Terminal escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and any other ESC x.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b.?"
)
# C0 controls but tab and newline, DEL, and C1 controls.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Code points that are not characters (U+FFFE, U+FFFF, U+FDD0-U+FDEF, lone surrogates): no
#: document means them, and XML (Word, Akoma Ntoso) cannot hold them.
_NONCHARACTERS = re.compile("[\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
#: What XML 1.0 cannot hold, for text typed or pasted after the import.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Characters that override or embed text direction: legitimate in some Arabic documents,
#: and a way to make text display differently from what it says (flagged, not removed).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Chinese, Japanese and Korean characters written without spaces, for a character class:
#: radicals, 々〆〇, kana (full and half width), the unified ideographs and their extensions,
#: compatibility ideographs.
CJK_LETTERS = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
_CJK_CHAR = re.compile(f"[{CJK_LETTERS}]")
#: CJK characters and the ideographic and full-width punctuation that goes with them.
_CJK = re.compile(f"[{CJK_LETTERS}\u3000-\u303f\uff00-\uffef]")


def sanitize(text: str) -> tuple[str, list[str]]:
    """Make imported text safe and canonical: what every importer does once.

    Normalizes newlines and Unicode (NFC), turns form feeds into line breaks, strips terminal
    escape sequences, C0 and C1 control characters, noncharacters and soft hyphens.

    Returns:
        The clean text, and warnings (bidi override characters, escapes removed).
    """
    warnings: list[str] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n").replace("\u0085", "\n")
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
        warnings.append("Terminal escape sequences were removed from the text.")
    if _CONTROLS.search(text):
        text = _CONTROLS.sub("", text)
    if _NONCHARACTERS.search(text):
        text = _NONCHARACTERS.sub("", text)
    text = text.replace("\u00ad", "")
    text = unicodedata.normalize("NFC", text)
    if any(c in BIDI_CONTROLS for c in text):
        warnings.append(
            "The text holds bidirectional override characters, which can make it display "
            "differently from what it says."
        )
    return text, warnings


def xml_safe(text: str) -> str:
    """Text an XML file can hold: what it cannot becomes U+FFFD (typed or pasted text can hold
    control characters the importer never let in)."""
    return _NOT_XML.sub("\ufffd", text)


def is_cjk(char: str) -> bool:
    """Whether a character is Chinese, Japanese or Korean script or full-width punctuation."""
    return bool(_CJK.match(char))


def has_cjk(text: str) -> bool:
    """Whether a text holds any character :func:`is_cjk` accepts."""
    return bool(_CJK.search(text))


def join_lines(lines: list[str]) -> str:
    """Join lines broken by layout: nothing between CJK characters, one space between words.

    A word hyphenated at the end of a line is joined when the next line goes on in lower case.
    """
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not text:
            text = line
        elif is_cjk(line[0]) or is_cjk(text[-1]):
            text += line
        elif text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[0].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    return text


_STOPWORDS = {
    "en": {"the", "of", "and", "to", "in", "its", "on", "that", "with", "for", "by", "as"},
    "fr": {"le", "les", "des", "et", "du", "aux", "une", "sur", "dans", "pour", "qui", "au", "est"},
    "es": {"el", "los", "las", "del", "y", "con", "por", "una", "sobre", "para", "que", "al", "su"},
}


def guess_language(text: str) -> str:
    """Guess which UN language a text is in: ``ar``, ``zh``, ``en``, ``fr``, ``ru`` or ``es``."""
    sample = text[:200_000]
    counts = {"zh": 0, "ru": 0, "ar": 0, "latin": 0}
    for char in sample:
        if _CJK_CHAR.match(char):
            counts["zh"] += 1
        elif "\u0400" <= char <= "\u04ff":
            counts["ru"] += 1
        elif "\u0600" <= char <= "\u06ff" or "\ufb50" <= char <= "\ufdff":
            counts["ar"] += 1
        elif (char.isascii() and char.isalpha()) or "\u00c0" <= char <= "\u024f":
            counts["latin"] += 1
    # A CJK character carries a word's worth of meaning: weigh it as several Latin letters.
    counts["zh"] *= 3
    best = max(counts, key=lambda k: counts[k])
    if best != "latin" and counts[best] > 0:
        return best
    words = re.findall(r"[a-zà-ÿ]+", sample.casefold())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    return max(scores, key=lambda k: (scores[k], k == "en"))


@dataclass(frozen=True, slots=True)
class BracketStats:
    """What a paragraph's square brackets say about how far it is from agreement."""

    opening: int
    closing: int
    depth: int
    alternatives: int
    options: int
    balanced: bool


_OPTION = re.compile(r"\b(?:Option|Opción|Вариант|选项|الخيار)\s*\d+", re.IGNORECASE)


def bracket_stats(text: str) -> BracketStats:
    """Count a text's square brackets: opening, closing, deepest nesting, ``[a][b]`` groups.

    A text is unbalanced when a bracket closes before it opens or is left open: common in real
    drafts (a typo, or brackets that span paragraphs), so it is reported, never refused.
    """
    depth = deepest = 0
    went_negative = False
    alternatives = 0
    previous = ""
    for char in text:
        if char == "[":
            if previous == "]" and depth == 0:
                alternatives += 1
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]":
            depth -= 1
            if depth < 0:
                went_negative = True
                depth = 0
        if not char.isspace():
            previous = char
    return BracketStats(
        opening=text.count("["),
        closing=text.count("]"),
        depth=deepest,
        alternatives=alternatives,
        options=len(_OPTION.findall(text)),
        balanced=depth == 0 and not went_negative,
    )
