"""Quick entry: one typed line read as an amendment, a support or an objection, then applied."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.errors import InputError
from sessions.model import AmendmentKind
from sessions.quickentry import QuickEntry, QuickEntryError, parse, proposed_text

OP5 = "Calls upon States to protect women, peace and security;"
ZH = "执行段落5 挪威："
ZH5 = "呼吁各国保护妇女，促进和平与安全；"


# --- The forms --------------------------------------------------------------------------------


def insert(words: str, text: str, position: str) -> QuickEntry:
    return QuickEntry("amend", "OP5", "Norway", AmendmentKind.INSERT, words, text, position)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            'OP5 Norway: insert "and girls" after "women"',
            insert("women", "and girls", "after"),
        ),
        (
            'OP5 Norway: insert "and girls" before "women"',
            insert("women", "and girls", "before"),
        ),
        (
            'OP5 Norway: insert "x" at the end',
            QuickEntry("amend", "OP5", "Norway", AmendmentKind.INSERT, "", "x", "end"),
        ),
        (
            'OP5 Norway: insert "x" at the start',
            QuickEntry("amend", "OP5", "Norway", AmendmentKind.INSERT, "", "x", "start"),
        ),
        (
            'OP5 Norway: add "x" at the beginning of the paragraph',
            QuickEntry("amend", "OP5", "Norway", AmendmentKind.INSERT, "", "x", "start"),
        ),
        (
            'OP5 Norway: after "women" insert "and girls"',
            insert("women", "and girls", "after"),
        ),
        (
            'PP3 EU: delete "urban"',
            QuickEntry("amend", "PP3", "European Union", AmendmentKind.DELETE, "urban"),
        ),
        (
            'OP2 G77: replace "safety" with "security"',
            QuickEntry(
                "amend", "OP2", "Group of 77 and China", AmendmentKind.REPLACE, "safety", "security"
            ),
        ),
        (
            'OP4 bis Japan: "new text"',
            QuickEntry("amend", "OP4 bis", "Japan", AmendmentKind.NEW_PARAGRAPH, "", "new text"),
        ),
        (
            'OP4 Japan: "new text"',
            QuickEntry("amend", "OP4", "Japan", AmendmentKind.REPLACE, "", "new text"),
        ),
        (
            'OP4 Japan: replace the paragraph with "new text"',
            QuickEntry("amend", "OP4", "Japan", AmendmentKind.REPLACE, "", "new text"),
        ),
        (
            'OP5 ter Japan: add new paragraph "new text"',
            QuickEntry("amend", "OP5 ter", "Japan", AmendmentKind.NEW_PARAGRAPH, "", "new text"),
        ),
        (
            "OP7 USA: delete",
            QuickEntry("amend", "OP7", "United States", AmendmentKind.DELETE_PARAGRAPH),
        ),
        (
            "OP7 USA: delete the whole paragraph.",
            QuickEntry("amend", "OP7", "United States", AmendmentKind.DELETE_PARAGRAPH),
        ),
        ("OP7 Mexico: retain", QuickEntry("amend", "OP7", "Mexico", AmendmentKind.RETAIN)),
        (
            'OP7 Mexico: retain "[urban]"',
            QuickEntry("amend", "OP7", "Mexico", AmendmentKind.RETAIN, "[urban]"),
        ),
        ("+OP5 Iceland", QuickEntry("support", "OP5", "Iceland", None)),
        ("-OP5 USA", QuickEntry("object", "OP5", "United States", None)),
        ("+ OP5 bis Iceland", QuickEntry("support", "OP5 bis", "Iceland", None)),
        ("－执行段落5 美国", QuickEntry("object", "OP5", "United States", None)),
        ("OP5 Iceland: support", QuickEntry("support", "OP5", "Iceland", None)),
        ("OP5 Russia: object", QuickEntry("object", "OP5", "Russian Federation", None)),
    ],
)
def test_every_form(line: str, expected: QuickEntry) -> None:
    assert parse(line) == expected


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("OP5", "OP5"),
        ("op 5", "OP5"),
        ("Op.5", "OP5"),
        ("OP5bis", "OP5 bis"),
        ("OP 5 bis", "OP5 bis"),
        ("OP5 BIS", "OP5 bis"),
        ("OP5-ter", "OP5 ter"),
        ("op 12 quater", "OP12 quater"),
        ("PP12", "PP12"),
        ("pp 3", "PP3"),
        ("执行段落5", "OP5"),
        ("序言段落3", "PP3"),
        ("执行部分第5段", "OP5"),
        ("序言部分第12段", "PP12"),
        ("执行段落5之二", "OP5 bis"),
        ("OP٥", "OP5"),
    ],
)
def test_labels(typed: str, label: str) -> None:
    assert parse(f"{typed} Norway: delete").label == label
    assert parse(f"+{typed} Norway").label == label


def test_a_suffix_is_not_the_start_of_a_delegation() -> None:
    entry = parse("OP5 Bissau: delete")
    assert (entry.label, entry.delegation) == ("OP5", "Bissau")
    entry = parse("OP5 ter Guinea-Bissau: delete")
    assert (entry.label, entry.delegation) == ("OP5 ter", "Guinea-Bissau")


@pytest.mark.parametrize(
    "name", ["Norway", "norway", "挪威", "Norvège", "Норвегия", "النرويج", "Noruega", "NOR"]
)
def test_delegations_in_any_language(name: str) -> None:
    delegation = parse(f"OP5 {name}: delete").delegation
    # "NOR" is Norway's key: find() knows it, canonical() leaves three letters as typed.
    assert delegation == ("NOR" if name == "NOR" else "Norway")


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Greenpeace", "Greenpeace"),
        ("Women's   Major Group", "Women's Major Group"),
        ("Côte d'Ivoire", "Côte d'Ivoire"),
        ("Lao People's Democratic Republic", "Lao People's Democratic Republic"),
        ("Iran (Islamic Republic of)", "Iran (Islamic Republic of)"),
        ("G-77", "Group of 77 and China"),
        ("UK", "United Kingdom"),
    ],
)
def test_delegations_with_spaces_apostrophes_and_parentheses(name: str, kept: str) -> None:
    assert parse(f'OP5 {name}: delete "x"').delegation == kept
    assert parse(f"+OP5 {name}").delegation == kept


@pytest.mark.parametrize(
    "quoted",
    ['"and girls"', "“and girls”", "«and girls»", "« and girls »", "「and girls」", "'and girls'"],
)
def test_quotation_marks(quoted: str) -> None:
    entry = parse(f"OP5 Norway: insert {quoted} after {quoted.replace('and girls', 'women')}")
    assert (entry.text, entry.words) == ("and girls", "women")


def test_apostrophes_inside_single_quotes_and_quotes_inside_double_quotes() -> None:
    entry = parse("OP5 Norway: insert 'women's rights' after 'of'")
    assert (entry.text, entry.words) == ("women's rights", "of")
    entry = parse("OP5 Norway: replace \"the 'green' economy\" with “a just transition”")
    assert (entry.words, entry.text) == ("the 'green' economy", "a just transition")


def test_colons_and_brackets_inside_quotes_are_text() -> None:
    entry = parse('OP5 Norway: replace "[safety: all]" with "security"')
    assert (entry.words, entry.text) == ("[safety: all]", "security")


@pytest.mark.parametrize(
    ("line", "kind", "words", "text", "position"),
    [
        (f"{ZH}插入“和女童”在“妇女”之后", AmendmentKind.INSERT, "妇女", "和女童", "after"),
        (f"{ZH}插入“和女童”在“妇女”之前", AmendmentKind.INSERT, "妇女", "和女童", "before"),
        (f"{ZH}在“妇女”后插入“和女童”", AmendmentKind.INSERT, "妇女", "和女童", "after"),
        (f"{ZH}在段末插入“和发展”", AmendmentKind.INSERT, "", "和发展", "end"),
        (f"{ZH}插入“各国”在开头", AmendmentKind.INSERT, "", "各国", "start"),
        (f"{ZH}删除“和平与”", AmendmentKind.DELETE, "和平与", "", ""),
        (f"{ZH}删除「城市」一词", AmendmentKind.DELETE, "城市", "", ""),
        (f"{ZH}删除本段", AmendmentKind.DELETE_PARAGRAPH, "", "", ""),
        (f"{ZH}删除", AmendmentKind.DELETE_PARAGRAPH, "", "", ""),
        (f"{ZH}将“安全”替换为“安保”", AmendmentKind.REPLACE, "安全", "安保", ""),
        (f"{ZH}把“安全”改为“安保”", AmendmentKind.REPLACE, "安全", "安保", ""),
        (f"{ZH}用“安保”替换“安全”", AmendmentKind.REPLACE, "安全", "安保", ""),
        (f"{ZH}保留", AmendmentKind.RETAIN, "", "", ""),
        ("执行段落5之二 中国：“新的案文”", AmendmentKind.NEW_PARAGRAPH, "", "新的案文", ""),
    ],
)
def test_chinese_commands(
    line: str, kind: AmendmentKind, words: str, text: str, position: str
) -> None:
    entry = parse(line)
    assert entry.delegation in ("Norway", "China")
    assert (entry.kind, entry.words, entry.text, entry.position) == (kind, words, text, position)


def test_chinese_lines_without_spaces_and_with_full_width_colons() -> None:
    entry = parse("执行段落5挪威：删除“城市”")
    assert (entry.label, entry.delegation, entry.words) == ("OP5", "Norway", "城市")
    assert parse("执行段落5 挪威: 支持").action == "support"
    assert parse("执行段落5 挪威：反对").action == "object"


# --- What is refused --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("", "The line is empty"),
        ("   ", "The line is empty"),
        ("Norway: delete", "does not start with a paragraph label"),
        ('insert "x" after "y"', "does not start with a paragraph label"),
        ("OP Norway: delete", "does not start with a paragraph label"),
        ("OP5", "No delegation is named after OP5"),
        ("OP5: delete", "No delegation is named after OP5"),
        ("OP5 Norway", "A colon must follow the delegation"),
        ('OP5 Norway delete "x"', "A colon must follow the delegation"),
        ("OP5 Norway:", "Nothing follows the colon after Norway"),
        ('OP5 Norway: frobnicate "x"', "is no command quick entry knows"),
        ("OP5 Norway: insert after", "is no command quick entry knows"),
        ('OP5 Norway: replace "x"', "is no command quick entry knows"),
        ('OP5 Norway: insert "x" after "y" and "z"', "is no command quick entry knows"),
        ('OP5 Norway: insert "x after "y"', 'The quotation opened by " is not closed'),
        ("OP5 Norway: delete «urban", "The quotation opened by « is not closed"),
        ('OP5 Norway: delete ""', "A quotation holds no words"),
        ('OP5 Norway: insert "and girls"', "Say where the words go in OP5"),
        ("+OP5", "A support or an objection names a paragraph and a delegation"),
        ('+OP5 Iceland: delete "x"', "A support or an objection names a paragraph"),
        ("-OP5 USA: retain", "A support or an objection names a paragraph"),
    ],
)
def test_malformed_lines_say_what_was_wrong(line: str, says: str) -> None:
    with pytest.raises(QuickEntryError) as raised:
        parse(line)
    message = str(raised.value)
    assert says in message
    assert isinstance(raised.value, InputError)
    # One sentence, showing the accepted forms.
    assert message.endswith(".")
    assert "OP5" in message
    assert "\n" not in message


def test_error_messages_show_the_accepted_forms() -> None:
    with pytest.raises(QuickEntryError, match=r'insert "and girls" after "women"') as raised:
        parse('OP5 Norway: frobnicate "x"')
    for form in ('delete "…"', 'replace "…" with "…"', "+OP5 Iceland", "-OP5 USA"):
        assert form in str(raised.value)


def test_long_lines_are_cut_short_in_messages() -> None:
    with pytest.raises(QuickEntryError) as raised:
        parse("x" * 500)
    assert len(str(raised.value)) < 400


# --- Applying an entry ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "result"),
    [
        (
            'OP5 Norway: insert "and girls" after "women"',
            "Calls upon States to protect women and girls, peace and security;",
        ),
        (
            'OP5 Norway: insert "young" before "women"',
            "Calls upon States to protect young women, peace and security;",
        ),
        (
            'OP5 Norway: insert "and development" at the end',
            "Calls upon States to protect women, peace and security and development;",
        ),
        (
            'OP5 Norway: insert "Also" at the start',
            "Also Calls upon States to protect women, peace and security;",
        ),
        (
            'OP5 Norway: insert ", including girls," after "women"',
            "Calls upon States to protect women, including girls, peace and security;",
        ),
        ('OP5 EU: delete "peace and"', "Calls upon States to protect women, security;"),
        ('OP5 EU: delete "women,"', "Calls upon States to protect peace and security;"),
        ('OP5 EU: delete "Calls upon"', "States to protect women, peace and security;"),
        ('OP5 EU: delete "security"', "Calls upon States to protect women, peace and;"),
        (
            'OP5 G77: replace "security" with "safety"',
            "Calls upon States to protect women, peace and safety;",
        ),
        ('OP5 G77: "A whole new text;"', "A whole new text;"),
        ("OP5 G77: delete", ""),
        ("OP5 G77: retain", OP5),
        ('OP5 G77: retain "peace"', OP5),
        ("+OP5 Iceland", OP5),
        ("-OP5 USA", OP5),
        # Quick typing: spaces, case and curly apostrophes need not match the draft's.
        ('OP5 EU: delete "calls UPON  states"', "to protect women, peace and security;"),
    ],
)
def test_proposed_text(line: str, result: str) -> None:
    assert proposed_text(OP5, parse(line)) == result


def test_a_new_paragraph_is_its_text() -> None:
    assert proposed_text("", parse('OP4 bis Japan: "Decides to remain seized;"')) == (
        "Decides to remain seized;"
    )


@pytest.mark.parametrize(
    ("line", "result"),
    [
        ("执行段落5 挪威：插入“和女童”在“妇女”之后", "呼吁各国保护妇女和女童，促进和平与安全；"),
        ("执行段落5 挪威：插入“年轻”在“妇女”之前", "呼吁各国保护年轻妇女，促进和平与安全；"),
        ("执行段落5 挪威：在段末插入“和发展”", "呼吁各国保护妇女，促进和平与安全和发展；"),
        ("执行段落5 挪威：删除“和平与”", "呼吁各国保护妇女，促进安全；"),
        ("执行段落5 挪威：将“安全”替换为“安保”", "呼吁各国保护妇女，促进和平与安保；"),
        ('OP5 Norway: insert "UN" after "保护"', "呼吁各国保护UN妇女，促进和平与安全；"),
    ],
)
def test_chinese_insertion_without_spaces(line: str, result: str) -> None:
    assert proposed_text(ZH5, parse(line)) == result


def test_brackets_are_ordinary_characters() -> None:
    text = "Calls upon States to protect [urban] women [and girls];"
    assert proposed_text(text, parse('OP5 EU: delete "[urban]"')) == (
        "Calls upon States to protect women [and girls];"
    )
    assert proposed_text(text, parse('OP5 EU: delete "[and girls]"')) == (
        "Calls upon States to protect [urban] women;"
    )
    assert proposed_text(text, parse('OP5 EU: insert "rural" after "["')) == (
        "Calls upon States to protect [rural urban] women [and girls];"
    )
    assert proposed_text(text, parse('OP5 EU: replace "[urban]" with "urban"')) == (
        "Calls upon States to protect urban women [and girls];"
    )


def test_the_first_occurrence_is_acted_on() -> None:
    text = "women and women"
    assert proposed_text(text, parse('OP1 EU: insert "young" before "women"')) == (
        "young women and women"
    )
    assert proposed_text(text, parse('OP1 EU: delete "women"')) == "and women"


def test_curly_apostrophes_in_the_draft_match_straight_ones_typed() -> None:
    text = "Recalls the women’s rights agenda,"
    assert proposed_text(text, parse('PP2 EU: delete "women\'s rights"')) == ("Recalls the agenda,")


def test_words_not_in_the_paragraph() -> None:
    with pytest.raises(QuickEntryError, match="'women' is not in OP5"):
        proposed_text("Calls upon States to act;", parse('OP5 Norway: insert "x" after "women"'))
    # Part of a longer word is not the word.
    with pytest.raises(QuickEntryError, match="'men' is not in OP5"):
        proposed_text(OP5, parse('OP5 EU: delete "men"'))
    with pytest.raises(QuickEntryError, match="'peace' is not in OP5"):
        proposed_text("Calls upon States;", parse('OP5 EU: retain "peace"'))


def test_an_entry_built_by_hand_without_words() -> None:
    entry = QuickEntry("amend", "OP5", "Norway", AmendmentKind.DELETE)
    with pytest.raises(QuickEntryError, match="quotes no words"):
        proposed_text(OP5, entry)


# --- Properties -------------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "OP5",
        "op 5 ",
        "PP3",
        "bis",
        "执行段落5",
        "序言部分第",
        "段",
        "之二",
        "+",
        "-",
        " ",
        "Norway",
        "挪威",
        ":",
        "：",
        "insert",
        "delete",
        "replace",
        "with",
        "after",
        "before",
        "at the end",
        "retain",
        "插入",
        "在",
        "之后",
        "删除",
        "将",
        "替换为",
        '"',
        "“",
        "”",
        "'",
        "’",
        "«",
        "»",
        "「",
        "」",
        "women",
        "x",
        "[",
        "]",
        "\x00",
        "9" * 6,
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_raises_nothing_but_quick_entry_error(text: str) -> None:
    try:
        entry = parse(text)
    except QuickEntryError:
        return
    assert entry.action in ("amend", "support", "object")


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=14), st.text(max_size=60))
def test_near_miss_lines_raise_nothing_but_quick_entry_error(
    pieces: list[str], paragraph: str
) -> None:
    try:
        entry = parse("".join(pieces))
    except QuickEntryError:
        return
    assert entry.label.startswith(("OP", "PP"))
    assert entry.delegation
    with contextlib.suppress(QuickEntryError):
        proposed_text(paragraph, entry)


WORD = st.text(alphabet="abcdefgh", min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORD, min_size=1, max_size=8), st.data())
def test_inserting_then_deleting_the_same_words_restores_the_paragraph(
    words: list[str], data: st.DataObject
) -> None:
    paragraph = " ".join(words) + ";"
    anchor = data.draw(st.sampled_from(words))
    inserted = proposed_text(paragraph, parse(f'OP1 EU: insert "zz yy" after "{anchor}"'))
    assert inserted.count("zz yy") == 1
    assert "  " not in inserted
    assert proposed_text(inserted, parse('OP1 EU: delete "zz yy"')) == paragraph
