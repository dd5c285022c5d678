"""Token diffs: scripts, readability, and the law that operations rebuild both texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sessions.diff import DiffOp, Op, changed_share, diff, tokens

MIXED = st.text(
    alphabet=st.sampled_from(list("ab c,.;[]\n\t城市安全发展 éÉ ßд يد 1/2")), max_size=80
)


def test_tokens_by_script() -> None:
    assert tokens("回顾理事会 [urban safety], l'État 23/14 إذ تشير") == [
        "回", "顾", "理", "事", "会", " ", "[", "urban", " ", "safety", "]", ",", " ",
        "l'État", " ", "23/14", " ", "إذ", " ", "تشير",
    ]  # fmt: skip


def test_chinese_diffs_character_by_character() -> None:
    assert diff("促进城市可持续发展", "促进都市可持续发展") == [
        DiffOp(Op.EQUAL, "促进", "促进"),
        DiffOp(Op.REPLACE, "城", "都"),
        DiffOp(Op.EQUAL, "市可持续发展", "市可持续发展"),
    ]


def test_english_diffs_word_by_word_with_brackets() -> None:
    ops = diff(
        "Calls upon Member States to strengthen prevention;",
        "Calls upon all Member States to [strengthen] crime prevention;",
    )
    assert [op.op for op in ops] == [Op.EQUAL, Op.INSERT, Op.EQUAL, Op.REPLACE, Op.EQUAL]
    assert ops[1].new == "all "
    assert ops[3] == DiffOp(Op.REPLACE, "strengthen", "[strengthen] crime")


def test_readable_mode_folds_small_equal_runs() -> None:
    raw = diff("the quick brown fox", "a slow red fox", readable=False, whole=1.0)
    assert sum(op.op is Op.EQUAL for op in raw) >= 2
    folded = diff("the quick brown fox", "a slow red fox", whole=1.0)
    assert folded[0] == DiffOp(Op.REPLACE, "the quick brown", "a slow red")
    assert diff("the quick brown fox jumps", "a slow red fox sleeps") == [
        DiffOp(Op.REPLACE, "the quick brown fox jumps", "a slow red fox sleeps")
    ]


def test_equal_and_empty_texts() -> None:
    assert diff("same", "same") == [DiffOp(Op.EQUAL, "same", "same")]
    assert diff("", "") == []
    assert diff("", "new") == [DiffOp(Op.INSERT, "", "new")]
    assert diff("old", "") == [DiffOp(Op.DELETE, "old", "")]
    assert changed_share(diff("a b c d", "a b c e", readable=False)) == 0.25


@settings(max_examples=400, deadline=None)
@given(MIXED, MIXED, st.booleans(), st.integers(0, 4), st.floats(0.1, 1.0))
def test_operations_rebuild_both_texts(
    old: str, new: str, readable: bool, min_equal: int, whole: float
) -> None:
    ops = diff(old, new, readable=readable, min_equal=min_equal, whole=whole)
    assert "".join(op.old for op in ops) == old
    assert "".join(op.new for op in ops) == new
    for op in ops:
        assert (op.op is Op.EQUAL) == (op.old == op.new and bool(op.old))
        assert op.op is not Op.INSERT or not op.old
        assert op.op is not Op.DELETE or not op.new


@given(MIXED)
def test_tokens_rebuild_the_text(text: str) -> None:
    assert "".join(tokens(text)) == text


def test_latin_words_inside_chinese_are_their_own_tokens() -> None:
    assert tokens("城市and girls安全") == ["城", "市", "and", " ", "girls", "安", "全"]
    assert tokens("UN-Habitat人居署") == ["UN", "-", "Habitat", "人", "居", "署"]
    assert tokens("𠀀and 人々and ｶﾅand") == [
        "𠀀",
        "and",
        " ",
        "人",
        "々",
        "and",
        " ",
        "ｶ",
        "ﾅ",
        "and",
    ]
    ops = diff("城市安全政策", "城市and girls安全政策")
    assert [(op.op, op.new) for op in ops if op.op is not Op.EQUAL] == [(Op.INSERT, "and girls")]


def test_different_tokens_are_never_taken_for_equal() -> None:
    # rapidfuzz's own hashing of strings once made these two tokens equal.
    ops = diff("उउउउउउउउउउउउउ", "\t" * 26, readable=False)
    assert all(op.op is not Op.EQUAL for op in ops)
