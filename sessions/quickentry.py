"""The one-line amendment entry a rapporteur types while delegates speak: read, then applied."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from sessions.delegations import canonical
from sessions.errors import InputError
from sessions.model import SUFFIXES, AmendmentKind
from sessions.text import is_cjk

__all__ = ["FORMS", "QuickEntry", "QuickEntryError", "parse", "proposed_text"]

#: The forms :func:`parse` reads, as its error messages show them.
FORMS = (
    'OP5 Norway: insert "and girls" after "women" (or before "…", at the start, at the end), '
    'OP5 Norway: delete "…", replace "…" with "…", "a whole new text", delete or retain, '
    "+OP5 Iceland to support, or -OP5 USA to object"
)


class QuickEntryError(InputError):
    """A quick-entry line that reads as no amendment, support or objection."""


@dataclass(frozen=True, slots=True)
class QuickEntry:
    """One line of quick entry, read: who acts on which paragraph, and how.

    ``words`` are the quoted words acted on: deleted, replaced, or the anchor of an insertion.
    ``text`` is what is inserted, the replacement, or a whole proposed paragraph.
    """

    action: str  # "amend", "support" or "object"
    label: str  # normalized: "OP5", "PP3", "OP4 bis"
    delegation: str  # the English UN name when the typed name designates one delegation
    kind: AmendmentKind | None  # None for a support or an objection
    words: str = ""
    text: str = ""
    position: str = ""  # "after", "before", "start" or "end" for an insertion


def parse(line: str, labels: Iterable[str] = ()) -> QuickEntry:
    """Read one line of quick entry.

    Args:
        line: What the rapporteur typed, such as ``OP5 Norway: insert "and girls" after
            "women"``, ``PP3 EU: delete "urban"``, ``OP4 bis Japan: "new text"``, ``+OP5
            Iceland`` or ``执行段落5 挪威：插入“和女童”在“妇女”之后``.

        labels: The labels of the round the line is about, so that labels of every shape
            (``Art.4.2``, ``P1``, ``I.3``) are recognized besides OP and PP ones.

    Returns:
        The entry, with its label normalized and its delegation made canonical.

    Raises:
        QuickEntryError: The line is not one of :data:`FORMS`; the message says why.
    """
    text = line.strip()
    if not text:
        raise QuickEntryError(f"The line is empty: write {FORMS}.")
    action = "amend"
    if text[0] in _PLUS or text[0] in _MINUS:
        action = "support" if text[0] in _PLUS else "object"
        text = text[1:].lstrip()
    own = _own_label(text, labels)
    if own is not None:
        label, rest = own
        if action != "amend":
            return _vote(action, label, rest)
        return _after_label(label, rest)
    match = _LABEL.match(text)
    if match is None:
        raise QuickEntryError(
            f"{_shown(text)} does not start with a paragraph label such as OP5, PP3 or OP4 bis: "
            f"write {FORMS}."
        )
    label = _label(match)
    rest = text[match.end() :].lstrip(" \t\n,，")
    if action != "amend":
        return _vote(action, label, rest)
    return _after_label(label, rest)


def _own_label(text: str, labels: Iterable[str]) -> tuple[str, str] | None:
    """A label of the round at the start of the line, the longest that fits, and the rest."""
    folded = text.casefold()
    for label in sorted(set(labels), key=len, reverse=True):
        key = label.casefold()
        if folded.startswith(key) and (len(text) == len(key) or not text[len(key)].isalnum()):
            rest = text[len(key) :].lstrip(" \t\n,，")
            if rest[:1] in ("b", "t", "q") and rest.split()[0].casefold() in SUFFIXES:
                continue  # "OP4 bis" is a longer label than "OP4"
            return label, rest
    return None


def _after_label(label: str, rest: str) -> QuickEntry:
    """The delegation and the command that follow a paragraph's label."""
    colon = _COLON.search(rest)
    delegation = rest[: colon.start()].strip() if colon else rest.strip()
    if not delegation:
        raise QuickEntryError(
            f"No delegation is named after {label}, as in {label} Norway: …; write {FORMS}."
        )
    if colon is None or any(char in delegation for char in _OPENERS if char not in _SINGLE):
        raise QuickEntryError(
            f'A colon must follow the delegation, as in {label} Norway: delete "…"; write {FORMS}.'
        )
    command = rest[colon.end() :].strip()
    if not command:
        raise QuickEntryError(f"Nothing follows the colon after {delegation}: write {FORMS}.")
    return _amendment(label, canonical(delegation), command)


def proposed_text(paragraph: str, entry: QuickEntry) -> str:
    """Return a paragraph's text as the entry's amendment would make it.

    An insertion goes after or before the first occurrence of its anchor words, or at the start
    or the end (before the paragraph's closing ``;``, ``,`` or ``.``), with one space between
    words of Latin, Cyrillic or Arabic script and none next to Chinese characters. A deletion
    leaves no double space or space before punctuation behind. Square brackets are ordinary
    characters. A support, an objection or a retention leaves the text as it is.

    Args:
        paragraph: The paragraph's current text.
        entry: A parsed entry.

    Returns:
        The proposed text; ``""`` for a deleted paragraph.

    Raises:
        QuickEntryError: The quoted words are not in the paragraph.
    """
    kind = entry.kind
    if entry.action != "amend" or kind is None:
        return paragraph
    if kind is AmendmentKind.DELETE_PARAGRAPH:
        return ""
    if kind is AmendmentKind.NEW_PARAGRAPH or (kind is AmendmentKind.REPLACE and not entry.words):
        return entry.text
    if kind is AmendmentKind.INSERT and entry.position in ("start", "end"):
        return _insert_at_edge(paragraph, entry.text, entry.position)
    if not entry.words:
        if kind is AmendmentKind.RETAIN:
            return paragraph
        raise QuickEntryError(
            f"The {kind.value} proposed for {entry.label} quotes no words of the paragraph."
        )
    span = _locate(paragraph, entry.words)
    if span is None:
        raise QuickEntryError(
            f"'{entry.words}' is not in {entry.label}: quote the words exactly as the paragraph "
            "has them."
        )
    start, end = span
    before, after = paragraph[:start], paragraph[end:]
    if kind is AmendmentKind.INSERT:
        if entry.position == "before":
            return _join(before, entry.text, paragraph[start:])
        return _join(paragraph[:end], entry.text, after)
    if kind is AmendmentKind.DELETE:
        return _close_gap(before, after)
    if kind is AmendmentKind.REPLACE:
        return before + entry.text + after
    # Retained words, and kinds quick entry never writes (move, merge, split), change nothing.
    return paragraph


# --- Reading a line -------------------------------------------------------------------------

_PLUS = "+＋"
_MINUS = "-－−–"
_COLON = re.compile("[:：]")
_DIGIT = r"[0-9\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]"
# 之二 marks the second paragraph of a number in Chinese drafts: bis; 之三 is ter, and so on.
_ZH_ORDINALS = "二三四五六七八九十"
_SUFFIX = "|".join(SUFFIXES)
_LABEL = re.compile(
    rf"""
    (?:
        (?P<latin>OP|PP|ＯＰ|ＰＰ) \s* \.? \s*
      | (?P<zh>执行|序言) (?:部分)? (?:段落?|第) \s*
    )
    (?P<num>{_DIGIT}{{1,4}}) (?!{_DIGIT})
    (?: \s* 段 )?
    (?:
        \s* [-.]? \s* (?P<suffix>{_SUFFIX}) (?![^\W\d_])
      | \s* 之 (?P<zhsuffix>[{_ZH_ORDINALS}])
    )?
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Quotation marks: each opener with the closers it accepts (a keyboard mixes straight and
# curly marks within one quotation).
_OPENERS = {
    '"': '"”“',
    "“": '”"',
    "„": '“”"',
    "«": "»",
    "‹": "›",
    "「": "」",
    "『": "』",
    "＂": "＂",
    "'": "'’",
    "‘": "’'",
}
_SINGLE = "'‘’"
# Stands for a quotation in a command's template; typed NULs are dropped, so none is forged.
_Q = "\x00"

_INSERT_EN = r"(?:insert|add)"
_INSERT_ZH = r"(?:插入|加入|增加|添加|增补|加上|加)"
_AFTER_ZH = r"(?P<zpos>之后|以后|后面|后|之前|以前|前面|前)"
_EDGE_EN = (
    r"(?:at)?(?:the)?(?P<edge>end|start|beginning)(?:of(?:the)?(?:paragraph|para|sentence|text))?"
)
_EDGE_ZH = (
    r"(?:在|于)?(?:本段|该段|段落|全段)?(?:的)?"
    r"(?P<zedge>末尾|结尾|段末|段尾|句末|最后|开头|段首|句首|开始|最前面|最前)(?:处)?"
)
_PARAGRAPH_EN = r"(?:the)?(?:whole|entire)?(?:paragraph|para)?"
_PARAGRAPH_ZH = r"(?:本段|该段|此段|整段|全段|这一段|这段)?"
_WORD_ZH = r"(?:一词|等词|字样|等字|这几个字)?"

# Each command's template, with the shape of its entry and the order of its quotations:
# "tw" is (text, words), "wt" is (words, text). Templates are casefolded and hold no spaces,
# so "insert 'x' after 'y'" and "插入“x”在“y”之后" are read alike.
_COMMANDS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern.replace("Q", _Q)), shape, order)
    for pattern, shape, order in (
        (rf"{_INSERT_EN}Q(?P<pos>after|following|before|preceding)Q", "insert", "tw"),
        (r"(?P<pos>after|following|before|preceding)Q" + rf"{_INSERT_EN}Q", "insert", "wt"),
        (rf"{_INSERT_ZH}Q(?:在|于)Q{_AFTER_ZH}", "insert", "tw"),
        (rf"(?:在|于)Q{_AFTER_ZH}{_INSERT_ZH}Q", "insert", "wt"),
        (rf"{_INSERT_EN}Q{_EDGE_EN}", "edge", "tw"),
        (rf"{_EDGE_EN}{_INSERT_EN}Q", "edge", "tw"),
        (rf"{_INSERT_ZH}Q{_EDGE_ZH}", "edge", "tw"),
        (rf"{_EDGE_ZH}{_INSERT_ZH}Q", "edge", "tw"),
        (r"(?:delete|strike|remove)Q", "delete", "wt"),
        (rf"(?:删除|删去|删掉)Q{_WORD_ZH}", "delete", "wt"),
        (rf"(?:delete|strike|remove){_PARAGRAPH_EN}", "delete_paragraph", ""),
        (rf"(?:删除|删去|删掉){_PARAGRAPH_ZH}", "delete_paragraph", ""),
        (r"(?:replace|substitute)Q(?:with|by)Q", "replace", "wt"),
        (r"(?:将|把)?Q(?:替换为|替换成|改为|改成|换成|修改为|代之以)Q", "replace", "wt"),
        (r"替换Q为Q", "replace", "wt"),
        (r"用Q(?:替换|取代|代替)Q", "replace", "tw"),
        (rf"replace{_PARAGRAPH_EN}(?:with|by)Q", "whole", "tw"),
        (rf"{_PARAGRAPH_ZH}(?:替换为|改为|修改为)Q", "whole", "tw"),
        (rf"(?:retain|keep){_PARAGRAPH_EN}", "retain", ""),
        (rf"保留{_PARAGRAPH_ZH}", "retain", ""),
        (r"(?:retain|keep|保留)Q", "retain", "wt"),
        (r"(?:support|supports|supported|支持|附议)", "support", ""),
        (r"(?:object|objects|objection|oppose|opposes|opposed|反对)", "object", ""),
        (r"Q", "whole", "tw"),
        (
            r"(?:insert|add|new)(?:a)?(?:new)?(?:paragraph|para)?Q"
            r"|(?:新增|增加|插入|添加)(?:新段落|新的段落|一段|段落)?Q",
            "new",
            "tw",
        ),
    )
)
_POSITIONS = {
    "after": "after",
    "following": "after",
    "before": "before",
    "preceding": "before",
    "end": "end",
    "start": "start",
    "beginning": "start",
}


def _label(match: re.Match[str]) -> str:
    """The normalized label a label match names: ``OP5``, ``PP3``, ``OP4 bis``."""
    latin = (match["latin"] or "").casefold()
    prefix = "PP" if latin in ("pp", "ｐｐ") or match["zh"] == "序言" else "OP"
    number = int("".join(str(unicodedata.digit(char)) for char in match["num"]))
    suffix = (match["suffix"] or "").casefold()
    if match["zhsuffix"]:
        suffix = SUFFIXES[_ZH_ORDINALS.index(match["zhsuffix"])]
    return f"{prefix}{number} {suffix}" if suffix else f"{prefix}{number}"


def _vote(action: str, label: str, rest: str) -> QuickEntry:
    """A support (``+OP5 Iceland``) or an objection (``-OP5 USA``)."""
    delegation = rest.strip().rstrip(":：").strip()
    if (
        not delegation
        or _COLON.search(delegation)
        or any(char in delegation for char in _OPENERS if char not in _SINGLE)
    ):
        raise QuickEntryError(
            f"A support or an objection names a paragraph and a delegation and nothing else, "
            f"as in +{label} Iceland or -{label} USA."
        )
    return QuickEntry(action, label, canonical(delegation), None)


def _amendment(label: str, delegation: str, command: str) -> QuickEntry:
    """The entry a command (what follows the colon) stands for."""
    template, quoted = _template(command)
    for pattern, shape, order in _COMMANDS:
        match = pattern.fullmatch(template)
        if match is None:
            continue
        first, second = (*quoted, "", "")[:2]
        text, words = (first, second) if order == "tw" else (second, first)
        groups = match.groupdict()
        if shape == "insert":
            position = _POSITIONS.get(groups.get("pos") or "", "")
            position = position or ("after" if "后" in (groups.get("zpos") or "") else "before")
            return QuickEntry(
                "amend", label, delegation, AmendmentKind.INSERT, words, text, position
            )
        if shape == "edge":
            zedge = groups.get("zedge") or ""
            position = _POSITIONS.get(groups.get("edge") or "", "")
            position = position or ("start" if zedge in _ZH_STARTS else "end")
            return QuickEntry("amend", label, delegation, AmendmentKind.INSERT, "", text, position)
        if shape in ("support", "object"):
            return QuickEntry(shape, label, delegation, None)
        if shape == "new" and " " not in label:
            raise QuickEntryError(
                f"Say where the words go in {label}, as in {label} {delegation}: insert "
                f'"…" after "…" (or before "…", at the start, at the end); a new paragraph '
                f"needs a label such as {label} bis."
            )
        if shape in ("whole", "new"):
            kind = AmendmentKind.NEW_PARAGRAPH if " " in label else AmendmentKind.REPLACE
            return QuickEntry("amend", label, delegation, kind, "", text)
        return QuickEntry("amend", label, delegation, _KINDS[shape], words, text)
    raise QuickEntryError(
        f"{_shown(command)} after the colon is no command quick entry knows: write {FORMS}."
    )


_KINDS = {
    "delete": AmendmentKind.DELETE,
    "delete_paragraph": AmendmentKind.DELETE_PARAGRAPH,
    "replace": AmendmentKind.REPLACE,
    "retain": AmendmentKind.RETAIN,
}
_ZH_STARTS = frozenset({"开头", "段首", "句首", "开始", "最前面", "最前"})


def _template(command: str) -> tuple[str, list[str]]:
    """A command with each quotation replaced by :data:`_Q`, and the quotations in order.

    The template is folded (case, width, spaces, commas and a closing full stop dropped) so
    that patterns need not spell out every way of typing a keyword.
    """
    kept: list[str] = []
    quoted: list[str] = []
    index = 0
    while index < len(command):
        char = command[index]
        closers = _OPENERS.get(char)
        if closers is None or (char in _SINGLE and _is_apostrophe(command, index)):
            if char != _Q:
                kept.append(char)
            index += 1
            continue
        end = _closing(command, index + 1, closers)
        if end < 0:
            raise QuickEntryError(f"The quotation opened by {char} is not closed: write {FORMS}.")
        words = command[index + 1 : end].strip()
        if not words:
            raise QuickEntryError(f"A quotation holds no words: write {FORMS}.")
        quoted.append(words)
        kept.append(_Q)
        index = end + 1
    folded = unicodedata.normalize("NFKC", "".join(kept)).casefold()
    template = re.sub(r"[\s,，、:：]+", "", folded).rstrip(".。;；!！")
    return template, quoted


def _closing(command: str, start: int, closers: str) -> int:
    """Where the quotation that starts at ``start`` closes, or -1."""
    for index in range(start, len(command)):
        char = command[index]
        if char in closers and not (char in _SINGLE and _is_apostrophe(command, index)):
            return index
    return -1


def _is_apostrophe(text: str, index: int) -> bool:
    """Whether a single quote sits inside a word (``women's``), where it closes nothing."""
    if index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return all(c.isalnum() and not is_cjk(c) for c in (before, after))


def _shown(text: str) -> str:
    """A typed text quoted in a message, cut short."""
    flat = " ".join(text.split())
    return f"“{flat[:40]}…”" if len(flat) > 40 else f"“{flat}”"


# --- Applying an entry ----------------------------------------------------------------------

# No space goes before these (closing punctuation) or after those (opening brackets, quotes).
_NO_SPACE_BEFORE = frozenset(",.;:!?)]}»”’%…،؛؟")
_NO_SPACE_AFTER = frozenset("([{«“‘/")
# What ends a UN paragraph: an insertion at the end goes before it.
_CLOSING = frozenset(".;,:。；，：؛،")
_DOUBLED = frozenset(",;.，；。")


def _locate(paragraph: str, words: str) -> tuple[int, int] | None:
    """Where the first occurrence of the words is, as whole words.

    Exact first; then with any run of spaces for a space and straight and curly quotes alike;
    then without case: a quick typist should not have to match the draft's typography. A match
    inside a longer word ("men" in "women") does not count; next to a Chinese character it does.
    """
    parts: list[str] = []
    for piece in re.split(r"(\s+)", words):
        if piece.isspace():
            parts.append(r"\s+")
            continue
        for char in piece:
            if char in "'‘’":
                parts.append("['‘’]")
            elif char in '"“”':
                parts.append('["“”]')
            else:
                parts.append(re.escape(char))
    loose = "".join(parts)
    for pattern, flags in ((re.escape(words), 0), (loose, 0), (loose, re.IGNORECASE)):
        for match in re.finditer(pattern, paragraph, flags):
            if _whole(paragraph, match.start(), match.end()):
                return match.start(), match.end()
    return None


def _whole(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` neither starts nor ends inside a Latin or Cyrillic word."""
    inner = _in_word(text[start]) and start > 0 and _in_word(text[start - 1])
    outer = _in_word(text[end - 1]) and end < len(text) and _in_word(text[end])
    return not inner and not outer


def _in_word(char: str) -> bool:
    return char.isalnum() and not is_cjk(char)


def _gap(before: str, after: str) -> str:
    """The space that goes between two texts joined: one between words, none next to CJK."""
    if not before or not after:
        return ""
    last, first = before[-1], after[0]
    if last.isspace() or first.isspace() or is_cjk(last) or is_cjk(first):
        return ""
    if first in _NO_SPACE_BEFORE or last in _NO_SPACE_AFTER:
        return ""
    return " "


def _join(before: str, middle: str, after: str) -> str:
    # ", including girls," inserted before ", peace" must not leave two commas.
    if middle[-1:] in _DOUBLED and after[:1] == middle[-1:]:
        middle = middle[:-1]
    return before + _gap(before, middle) + middle + _gap(middle, after) + after


def _insert_at_edge(paragraph: str, text: str, position: str) -> str:
    if position == "start":
        return _join("", text, paragraph.lstrip())
    body = paragraph.rstrip()
    tail = ""
    # "Add at the end" means before the closing semicolon, unless the words bring their own.
    if body and body[-1] in _CLOSING and text[-1:] not in _CLOSING:
        body, tail = body[:-1].rstrip(), body[-1]
    return _join(body, text, tail)


def _close_gap(before: str, after: str) -> str:
    """Join what a deletion left on either side, without a double space or a space before ","."""
    if not before.strip():
        return after.lstrip()
    if not after.strip():
        return before.rstrip()
    if before[-1].isspace() and after[0].isspace():
        return before.rstrip() + " " + after.lstrip()
    if before[-1].isspace() and after[0] in _NO_SPACE_BEFORE:
        return before.rstrip() + after
    return before + after
