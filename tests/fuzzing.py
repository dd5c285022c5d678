"""Fuzz targets: what each part must do with any input, shared by the tests, the fuzz runner and
the regression corpus.

Each target is a function of one input that raises ``AssertionError`` when a law is broken or
when anything but the project's own error escapes. The Hypothesis strategies that feed them live
here too, so ``tests/test_fuzz.py`` (a few hundred inputs each, in every test run) and
``bench/fuzz.py`` (as many as asked) try the same things. An input that once failed is kept in
``tests/corpus/<target>/`` and replayed by ``tests/test_fuzz.py`` for ever.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from sessions import InputError, SessionsError, Store, parse_text, read_draft
from sessions.align import Item, align
from sessions.diff import Op, diff, tokens
from sessions.export import FORMATS, export_bytes
from sessions.quickentry import QuickEntryError, parse, proposed_text
from sessions.samples import create_sample, seed_text
from sessions.storage import backup_paths

CORPUS = Path(__file__).with_name("corpus")

#: How many inputs each target has been given in this process (the fuzz runner prints it).
RUNS: Counter[str] = Counter()

# -- strategies ----------------------------------------------------------------------------------

#: Pieces of negotiation texts in the six languages, with the marks parsers stumble on.
FRAGMENTS = [
    "PP1 ",
    "OP2 bis ",
    "OP 12 ter. ",
    "1. ",
    "12.",
    "(a) ",
    "(iv) ",
    "[",
    "]",
    "[[",
    "]]",
    "[alt: ",
    "（已商定）",
    "(Agreed ad ref)",
    "(Pending)",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "\u3000",
    "\u200b",
    "\ufeff",
    "\u202e",
    "\x00",
    "\x0c",
    "Recalling ",
    "Decides ",
    "The General Assembly,",
    "The Governing Council,",
    "理事会，",
    "序言段落 1. ",
    "执行段落 2. ",
    "回顾 ",
    "决定",
    "城市可持续发展",
    "，",
    "；",
    "。",
    "Paragraphe 2 du préambule ",
    "Décide ",
    "Пункт 1 постановляющей части ",
    "Постановляет ",
    "الفقرة ١ من الديباجة ",
    "يقرر ",
    "Decide ",
    "Article 4",
    "Annex",
    "ANNEX I",
    "**Option 1:**",
    "Option 2",
    "## ",
    "* ",
    "- ",
    "> ",
    "|",
    "---",
    "text ",
    ",",
    ";",
    ".",
    ":",
    "“",
    "”",
    '"',
    "«",
    "»",
    "Norway",
    "G77 and China",
]

TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map(
    "".join
)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "gb18030", "big5", "cp1251", "koi8-r", "cp1256"]


@st.composite
def draft_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file a delegation might send: text in some encoding, or a damaged Word file or PDF."""
    kind = draw(st.sampled_from(["text", "bytes", "docx", "pdf", "docx-made"]))
    if kind == "text":
        text = draw(TEXT)
        encoding = draw(st.sampled_from(ENCODINGS))
        return draw(st.sampled_from([".txt", ".md"])), text.encode(encoding, errors="replace")
    if kind == "bytes":
        suffix = draw(st.sampled_from([".txt", ".md", ".docx", ".pdf"]))
        return suffix, draw(st.binary(max_size=600))
    if kind == "docx-made":
        return ".docx", word_file(tuple(draw(st.lists(TEXT, min_size=1, max_size=6))))
    base = sample_docx() if kind == "docx" else sample_pdf()
    return (".docx" if kind == "docx" else ".pdf"), draw(mutations(base))


def mutations(base: bytes) -> st.SearchStrategy[bytes]:
    """``base`` truncated, with bytes overwritten, inserted or deleted."""

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(base)
        for _ in range(draw(st.integers(1, 4))):
            if not data:
                break
            at = draw(st.integers(0, len(data) - 1))
            how = draw(st.sampled_from(["cut", "flip", "insert", "delete"]))
            if how == "cut":
                del data[at:]
            elif how == "flip":
                data[at] = draw(st.integers(0, 255))
            elif how == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=16))
            else:
                del data[at : at + draw(st.integers(1, 64))]
        return bytes(data)

    return mutate()


@functools.cache
def word_file(paragraphs: tuple[str, ...]) -> bytes:
    """A Word file holding ``paragraphs`` (Word refuses control characters, so they go)."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph("".join(c for c in text if c.isprintable() or c in "\t\n"))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache
def sample_docx() -> bytes:
    return word_file(tuple(line for line in seed_text().splitlines() if line.strip())[:12])


@functools.cache
def sample_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for number in range(1, 7):
        text = f"{number}. Decides to [strengthen] urban safety, paragraph {number};"
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


QUICK_PIECES = st.sampled_from(
    [
        "OP5 ",
        "PP3 ",
        "OP4 bis ",
        "op 2 ",
        "+",
        "-",
        "Norway",
        "EU",
        "G77",
        "挪威",
        "Норвегия",
        "النرويج",
        ": ",
        ":",
        "insert ",
        "delete ",
        "replace ",
        " with ",
        " after ",
        " before ",
        " at the end",
        "retain ",
        '"',
        "“",
        "”",
        "「",
        "」",
        "«",
        "»",
        "'",
        "and girls",
        "城市",
        "[",
        "]",
        " ",
    ]
)


@st.composite
def quick_lines(draw: st.DrawFn) -> tuple[str, str]:
    """A quick-entry line (mostly near-misses of the grammar) and a paragraph to apply it to."""
    line = "".join(draw(st.lists(st.one_of(QUICK_PIECES, st.text(max_size=6)), max_size=16)))
    return line, draw(TEXT)


MIXED = st.lists(
    st.sampled_from(
        ["city ", "cities", "[", "]", "城", "市", "安全", "，", " ", "\n", "safe", "é", "ي", "д"]
    )
    | st.text(max_size=4),
    max_size=30,
).map("".join)

WORD_LIST = ["alpha", "beta", "gamma", "城市", "安全", "[x]", "delta"]
WORDS = st.sampled_from(WORD_LIST)
PARAGRAPHS = st.lists(
    st.tuples(
        st.sampled_from(["PP1", "PP2", "OP1", "OP2", "OP2 bis", "OP3", ""]),
        st.lists(WORDS, max_size=8).map(" ".join) | MIXED,
    ),
    max_size=12,
)


@st.composite
def alignments(draw: st.DrawFn) -> dict[str, Any]:
    old = draw(PARAGRAPHS)
    new = draw(st.one_of(PARAGRAPHS, st.permutations(old)))
    pairs = st.tuples(st.integers(0, max(len(old) - 1, 0)), st.integers(0, max(len(new) - 1, 0)))
    fixed = draw(st.lists(pairs, max_size=3)) if old and new else []
    return {"old": old, "new": new, "fixed": fixed}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def edited_sessions(draw: st.DrawFn) -> bytes:
    """The sample session's file as somebody might have edited it by hand."""
    lines = sample_session()[0].split(b"\n")
    how = draw(st.sampled_from(["value", "delete", "bytes", "line"]))
    if how == "bytes":
        return draw(mutations(b"\n".join(lines)))
    index = draw(st.integers(0, len(lines) - 2))
    if how == "line":
        lines[index] = draw(st.sampled_from([b"", b"{}", b"[]", b"null", b"{", b'{"commit": 1}']))
        return b"\n".join(lines)
    record = json.loads(lines[index])
    # Walk down to a random place in the record and change what is there.
    parent: Any = record
    key: Any = None
    for _ in range(draw(st.integers(1, 6))):
        node = parent if key is None else parent[key]
        if isinstance(node, dict) and node:
            parent, key = node, draw(st.sampled_from(sorted(node)))
        elif isinstance(node, list) and node:
            parent, key = node, draw(st.integers(0, len(node) - 1))
        else:
            break
    if key is None:
        lines[index] = json.dumps(draw(JSON)).encode()
    else:
        if how == "delete":
            del parent[key]
        else:
            parent[key] = draw(JSON)
        lines[index] = json.dumps(record, ensure_ascii=False).encode()
    return b"\n".join(lines)


@functools.cache
def sample_session() -> tuple[bytes, tuple[bytes, ...], str]:
    """The bundled sample session's file (a snapshot and a few commits), and its backups."""
    with tempfile.TemporaryDirectory() as directory:
        store = Store(Path(directory))
        name = create_sample(store)
        with store.open(name) as session:
            current = session.current_round()
            session.set_note(current.id, current.paragraphs[0].sid, "check with the Bureau")
            session.set_status(current.id, current.paragraphs[1].sid, "parked")
        path = store.path(name)
        backups = tuple(
            b.read_bytes() for b in sorted(path.parent.glob(f"{path.name}.bak*")) if b.is_file()
        )
        return path.read_bytes(), backups, name


# -- targets ---------------------------------------------------------------------------------------


def target(name: str) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
    """Count the inputs a target is given."""

    def wrap(function: Callable[[Any], None]) -> Callable[[Any], None]:
        @functools.wraps(function)
        def counted(value: Any) -> None:
            RUNS[name] += 1
            function(value)

        counted.target = name  # type: ignore[attr-defined]
        return counted

    return wrap


def _one_sentence(error: Exception) -> None:
    message = str(error)
    assert message.strip(), f"{type(error).__name__} without a message"
    assert "\n" not in message, f"a message over several lines: {message!r}"
    assert "Traceback" not in message, message
    assert len(message) < 600, message


@contextmanager
def _folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


@target("importer")
def check_importer(file: tuple[str, bytes]) -> None:
    """Any file parses into a draft with unique labels, or is refused with one sentence."""
    suffix, data = file
    with _folder() as folder:
        path = folder / f"draft{suffix}"
        path.write_bytes(data)
        try:
            draft = read_draft(path)
        except InputError as error:
            _one_sentence(error)
            return
    assert draft.paragraphs
    labels = [p.label for p in draft.paragraphs]
    assert len(labels) == len(set(labels)), labels
    for paragraph in draft.paragraphs:
        # A label alone ("OP5 bis" awaiting its text) is a paragraph with no text yet.
        assert paragraph.label.strip(), paragraph
        assert "\x00" not in paragraph.text, paragraph


@target("rounds")
def check_rounds(texts: tuple[str, str]) -> None:
    """Two drafts, whatever they hold, make a session with two linked rounds and its exports."""
    try:
        first, second = (parse_text(t, source=f"{n}.txt") for n, t in zip("ab", texts, strict=True))
    except InputError as error:
        _one_sentence(error)
        return
    with _folder() as folder:
        store = Store(folder)
        with store.create("fuzz", first) as session:
            try:
                prepared = session.prepare_round(second, label="Rev.1")
            except InputError as error:  # the same draft again
                _one_sentence(error)
                return
            report = session.commit_round(prepared)
            new = {sid for link in report.links for sid in link.new}
            assert new == {p.sid for p in session.current_round().paragraphs}
            for format in FORMATS:
                assert export_bytes(session, format)
            assert session.undo() is not None
            assert len(session.rounds()) == 1


@target("quickentry")
def check_quickentry(case: tuple[str, str]) -> None:
    """A typed line is an entry or one sentence saying why not; applying it never breaks."""
    line, paragraph = case
    try:
        entry = parse(line, ["OP5", "PP3", "OP4 bis"])
    except QuickEntryError as error:
        _one_sentence(error)
        return
    assert entry.action in ("amend", "support", "object")
    assert entry.label.startswith(("OP", "PP"))
    assert entry.delegation.strip()
    try:
        text = proposed_text(paragraph, entry)
    except QuickEntryError as error:
        _one_sentence(error)
        return
    if entry.action != "amend":
        assert text == paragraph


@target("diff")
def check_diff(case: tuple[str, str]) -> None:
    """The operations rebuild both texts, in readable and in exact mode."""
    old, new = case
    assert "".join(tokens(old)) == old
    for readable in (True, False):
        ops = diff(old, new, readable=readable)
        assert "".join(op.old for op in ops) == old
        assert "".join(op.new for op in ops) == new
        for op in ops:
            assert op.old or op.new
            assert (op.op is Op.EQUAL) == (op.old == op.new)
            assert op.op is not Op.INSERT or not op.old
            assert op.op is not Op.DELETE or not op.new
    assert all(op.op is Op.EQUAL for op in diff(old, old))


@target("align")
def check_align(case: dict[str, Any]) -> None:
    """Every paragraph is in exactly one link; links fixed by hand stay; a round aligns to itself
    unchanged."""
    old = [Item(label, text) for label, text in case["old"]]
    new = [Item(label, text) for label, text in case["new"]]
    fixed = [((i,), (j,)) for i, j in case["fixed"]]
    links = align(old, new, fixed=fixed)
    assert sorted(i for link in links for i in link.old) == list(range(len(old)))
    assert sorted(j for link in links for j in link.new) == list(range(len(new)))
    for link in links:
        assert link.old or link.new
        assert 0.0 <= link.similarity <= 1.0
    kept = {(link.old, link.new) for link in links if link.fixed}
    wanted: dict[int, int] = {}
    used: set[int] = set()
    for i, j in case["fixed"]:
        if i not in wanted and j not in used:
            wanted[i] = j
            used.add(j)
    assert all(((i,), (j,)) in kept for i, j in wanted.items()), (kept, wanted)
    same = align(old, old)
    assert all(link.old == link.new and len(link.old) == 1 for link in same), same


@target("session")
def check_session(data: bytes) -> None:
    """A session file edited by hand opens, or is kept aside and its backup restored."""
    _, backups, name = sample_session()
    with _folder() as folder:
        store = Store(folder)
        path = store.path(name)
        path.write_bytes(data)
        for backup, content in zip(backup_paths(path), backups, strict=False):
            backup.write_bytes(content)
        try:
            session = store.open(name)
        except SessionsError as error:
            # Only a file with no readable backup may refuse to open, and it is kept aside.
            _one_sentence(error)
            assert not backups
            return
        with session:
            if session.recovery is not None:
                _one_sentence(SessionsError(session.recovery))
                assert list(folder.glob(f"{path.name}.corrupt-*"))
            _use(session, exports=FORMATS)
        # What was opened, changed and closed opens again as it was left.
        with store.open(name) as again:
            assert again.recovery is None
            _use(again, exports=("md",))


def _use(session: Any, *, exports: tuple[str, ...]) -> None:
    """Read everything a user can see, export, change something and undo it."""
    try:
        for info in session.rounds():
            current = session.round(info.id)
            session.links(info.id)
            session.decision_flags(info.id)
            session.reconciliation(info.id)
            for paragraph in current.paragraphs[:3]:
                session.history(info.id, paragraph.sid)
        session.events()
        session.summary()
        for format in exports:
            export_bytes(session, format)
        current = session.current_round()
        if current.paragraphs:
            session.set_note(current.id, current.paragraphs[0].sid, "fuzz")
            session.undo()
    except SessionsError as error:
        _one_sentence(error)


TARGETS: dict[str, tuple[Callable[[Any], None], st.SearchStrategy[Any]]] = {
    "importer": (check_importer, draft_files()),
    "rounds": (check_rounds, st.tuples(TEXT, TEXT)),
    "quickentry": (check_quickentry, quick_lines()),
    "diff": (check_diff, st.tuples(MIXED, MIXED)),
    "align": (check_align, alignments()),
    "session": (check_session, edited_sessions()),
}


# -- the corpus of inputs that once failed ---------------------------------------------------------


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.glob("*/*") if p.is_file() and p.name != "README.md")


def replay(path: Path) -> None:
    """Feed a corpus file to its target (the folder's name)."""
    name = path.parent.name
    data = path.read_bytes()
    if name == "importer":
        check_importer((path.suffix, data))
    elif name == "session":
        check_session(data)
    else:
        value = json.loads(data)
        check = TARGETS[name][0]
        check(value if name == "align" else tuple(value))


def keep(name: str, value: Any) -> Path:
    """Save an input that failed into the corpus (the fuzz runner calls this)."""
    folder = CORPUS / name
    folder.mkdir(parents=True, exist_ok=True)
    if name == "importer":
        suffix, data = value
    elif name == "session":
        data, suffix = value, ".jsonl"
    else:
        data, suffix = json.dumps(value, ensure_ascii=False).encode(), ".json"
    path = folder / f"{hashlib.sha1(data).hexdigest()[:12]}{suffix}"
    path.write_bytes(data)
    return path
