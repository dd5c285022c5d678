"""Exports, each opened with its own reader: Markdown, HTML, Word, JSON, CSV, Akoma Ntoso."""

from __future__ import annotations

import csv
import io
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson
import pytest
from lxml import etree

from sessions import AmendmentKind, InputError, OpenSession, Store, parse_text
from sessions.export import Options, build_summary, export_bytes
from sessions.export.jsonio import load_session
from sessions.samples import SAMPLE_NAME, create_sample
from tui.cli import main

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HOSTILE = """Draft resolution X/1: safer cities

PP1 Recalling <script>alert(1)</script> & [alt 1][alt 2] *not emphasis* `code`,

OP1 Decides 城市安全 and يدعو الدول [urban safety];
"""


@pytest.fixture
def sample(store: Store) -> OpenSession:
    create_sample(store)
    opened = store.open(SAMPLE_NAME)
    yield opened  # type: ignore[misc]
    opened.close()


@pytest.fixture
def hostile(store: Store) -> OpenSession:
    opened = store.create("hostile", parse_text(HOSTILE, source="hostile.txt"))
    current = opened.current_round()
    opened.add_amendment(
        round_id=current.id,
        kind=AmendmentKind.REPLACE,
        proposer="<b>Evil</b> & Co",
        target=current.paragraphs[1].sid,
        text=current.paragraphs[1].text.replace("[urban safety]", "[urban security][</p>]"),
    )
    yield opened  # type: ignore[misc]
    opened.close()


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []
        self.inside: list[str] = []
        self.deleted: list[str] = []
        self.inserted: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.inside.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.inside[-1] == tag:
            self.inside.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if "del" in self.inside:
            self.deleted.append(data)
        if "ins" in self.inside:
            self.inserted.append(data)


def test_summary_content(sample: OpenSession) -> None:
    summary = build_summary(sample)
    (round_,) = summary.rounds
    assert round_.label == "Rev.1"
    assert round_.previous_label == "Zero draft"
    assert round_.counts["agreed"] == 2
    assert round_.counts_change["open"] == 1
    pp3 = next(e for e in round_.paragraphs if e.label == "PP3")
    assert any(op.old == "基本" and op.new == "核心" for op in pp3.changes)
    op5 = next(e for e in round_.paragraphs if e.label == "OP5")
    assert op5.new
    assert ("OP5", "OP6") in round_.renumbered
    assert "Norway" in round_.by_delegation
    assert "Saudi Arabia" in round_.by_delegation
    history = build_summary(sample, Options(history=True))
    assert [r.label for r in history.rounds] == ["Zero draft", "Rev.1"]
    open_only = build_summary(sample, Options(open_only=True))
    assert all(e.status.value != "agreed" or e.amendments for e in open_only.rounds[0].paragraphs)  # type: ignore[union-attr]
    assert len(open_only.rounds[0].paragraphs) == 21
    no_text = build_summary(sample, Options(with_text=False))
    assert all(not e.text for e in no_text.rounds[0].paragraphs)


def test_markdown(sample: OpenSession, hostile: OpenSession) -> None:
    text = export_bytes(sample, "md").decode("utf-8")
    assert text.startswith("# 决议草案 GC 24/10")
    assert "~~基本~~**核心**" in text
    assert "**Norway** proposes to replace" in text
    assert "opposed by Saudi Arabia" in text
    assert "| OP5 | OP6 |" in text
    evil = export_bytes(hostile, "md").decode("utf-8")
    assert r"\[alt 1\]\[alt 2\]" in evil
    assert r"\*not emphasis\*" in evil
    assert r"\<script\>" in evil
    assert "[alt 1][alt 2]" not in evil.replace("\\", "X")


def test_html(sample: OpenSession, hostile: OpenSession) -> None:
    parser = _Text()
    parser.feed(export_bytes(sample, "html").decode("utf-8"))
    text = "".join(parser.text)
    assert "决议草案 GC 24/10" in text
    assert "基本" in parser.deleted
    assert "核心" in parser.inserted
    assert "Agreed ad ref" in text
    assert "Norway" in text
    assert "<style>" in export_bytes(sample, "html").decode("utf-8")
    evil = _Text()
    evil.feed(export_bytes(hostile, "html").decode("utf-8"))
    assert "script" not in evil.tags
    assert "b" not in evil.tags
    assert "<script>alert(1)</script>" in "".join(evil.text)
    assert "<b>Evil</b> & Co" in "".join(evil.text)
    arabic = export_bytes(hostile, "html").decode("utf-8")
    assert 'dir="rtl"' not in arabic.split("<body>")[0]


def test_word_summary(sample: OpenSession) -> None:
    import docx

    document = docx.Document(io.BytesIO(export_bytes(sample, "docx")))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == sample.session.title
    assert any("Norway" in t for t in texts)
    struck = [r.text for p in document.paragraphs for r in p.runs if r.font.strike]
    inserted = [r.text for p in document.paragraphs for r in p.runs if r.bold and r.underline]
    assert "基本" in struck
    assert "核心" in inserted
    chinese = [r for p in document.paragraphs for r in p.runs if "城市" in r.text]
    assert chinese
    assert all(r._r.rPr.rFonts.get(f"{W}eastAsia") == "SimSun" for r in chinese)
    normal = document.styles["Normal"].element.find(f"{W}rPr/{W}rFonts")
    assert normal.get(f"{W}eastAsia") == "SimSun"


def test_word_tracked_changes(sample: OpenSession) -> None:
    data = export_bytes(sample, "docx-changes")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    inserted = root.findall(f".//{W}ins")
    deleted = root.findall(f".//{W}del")
    assert inserted
    assert deleted
    assert all(
        c.get(f"{W}author") == "Rapporteur" and c.get(f"{W}date") for c in inserted + deleted
    )
    deleted_text = ["".join(t.text or "" for t in d.iter(f"{W}delText")) for d in deleted]
    inserted_text = ["".join(t.text or "" for t in i.iter(f"{W}t")) for i in inserted]
    assert "基本" in deleted_text
    assert "核心" in inserted_text
    # The renumbered label shows as a change too: OP5 became OP6.
    assert any(t.startswith("OP5 鼓励会员国") for t in inserted_text)


def test_json_round_trip(sample: OpenSession, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "sample.json"
    path.write_bytes(export_bytes(sample, "json"))
    name = load_session(store, path, "copy")
    with store.open(name) as copy:
        original = sample.tables()
        loaded = copy.tables()
        loaded["session"]["session"]["name"] = original["session"]["session"]["name"]
        assert loaded == original
        assert [a.id for a in copy.amendments()] == [a.id for a in sample.amendments()]
    with pytest.raises(Exception, match="exists already"):
        load_session(store, path, "copy")
    bad = tmp_path / "bad.json"
    bad.write_bytes(orjson.dumps({"hello": "world"}))
    with pytest.raises(Exception, match="not a Rapporteur JSON export"):
        load_session(store, bad, "other")


def test_csv(sample: OpenSession) -> None:
    data = export_bytes(sample, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    norway = [r for r in rows if r["proposer"] == "Norway"]
    assert {r["round"] for r in norway} == {"Zero draft", "Rev.1"}
    assert {r["paragraph"] for r in norway} == {"OP5", "OP6"}
    assert all("女童和青年" in r["text"] for r in norway)
    assert norway[0]["supporters"] == "Iceland; Mexico"
    assert norway[0]["objectors"] == "Saudi Arabia"


def test_akoma_ntoso(sample: OpenSession, shared_samples: Path) -> None:
    root = etree.fromstring(export_bytes(sample, "akn"))
    ns = {"a": "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"}
    assert root.tag == "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}akomaNtoso"
    assert root.find("a:bill/a:preface/a:p/a:docNumber", ns).text == "GC 24/10"  # type: ignore[union-attr]
    preamble = root.findall("a:bill/a:preamble/a:container", ns)
    body = root.findall("a:bill/a:body/a:paragraph", ns)
    assert len(preamble) == 9
    assert len(body) == 14
    assert body[4].get("eId") == "para_5"
    assert body[4].get("wId")
    assert preamble[0].find("a:p/a:i", ns).text == "回顾"  # type: ignore[union-attr]
    # The same outline as the UN's own Akoma Ntoso example: meta, preface, preamble, body.
    sample_root = etree.parse(
        str(shared_samples / "akn-un-cnd-draft-resolution-E-CN.7-2012-L.2.xml")
    )
    bill = sample_root.getroot().find("{http://www.akomantoso.org/2.0}bill")
    assert bill is not None
    theirs = [etree.QName(e).localname for e in bill if isinstance(e.tag, str)]
    ours = [etree.QName(e).localname for e in root[0]]
    assert ours == theirs == ["meta", "preface", "preamble", "body"]


def test_cli_export_and_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    create_sample(Store(tmp_path / "d"))
    for format in ("md", "html", "docx", "docx-changes", "json", "csv", "akn"):
        out = tmp_path / f"out.{format}"
        assert main([*data, "export", SAMPLE_NAME, "--format", format, "-o", str(out)]) == 0
        assert out.stat().st_size > 500
    assert (
        main(
            [
                *data,
                "export",
                SAMPLE_NAME,
                "--format",
                "md",
                "--round",
                "Zero draft",
                "-o",
                str(tmp_path / "z.md"),
            ]
        )
        == 0
    )
    assert "## Zero draft" in (tmp_path / "z.md").read_text(encoding="utf-8")
    assert main([*data, "load", str(tmp_path / "out.json"), "--name", "again"]) == 0
    assert main([*data, "export", SAMPLE_NAME, "--format", "md", "--round", "Rev.9"]) == 2
    assert main([*data, "load", str(tmp_path / "out.md")]) == 2
    err = capsys.readouterr().err
    assert "No round 'Rev.9'" in err
    assert "not a Rapporteur JSON export" in err


def test_json_is_written_a_table_at_a_time_as_one_dump_would_write_it(
    sample: OpenSession,
) -> None:
    whole = {"format": "rapporteur-export", "name": sample.name, "schema": 2}
    whole["tables"] = sample.tables()  # type: ignore[assignment]
    expected = orjson.dumps(whole, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    assert export_bytes(sample, "json") == expected


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: d.update(schema=1), None),  # an export of the first schema loads
        (lambda d: d.update(schema=99), "newer version"),
        (lambda d: d["tables"].update(rounds={}), "no rounds"),
        (lambda d: d["tables"].update(session=[]), "holds no session"),
        (lambda d: next(iter(d["tables"]["round:r1"].values())).update(text=5), "malformed"),
    ],
)
def test_a_json_export_edited_by_hand_loads_or_is_refused_in_one_sentence(
    sample: OpenSession, store: Store, tmp_path: Path, edit: Any, message: str | None
) -> None:
    document = orjson.loads(export_bytes(sample, "json"))
    edit(document)
    path = tmp_path / "edited.json"
    path.write_bytes(orjson.dumps(document))
    if message is None:
        with store.open(load_session(store, path, "edited")) as copy:
            assert copy.current_round().label == "Rev.1"
        return
    with pytest.raises(InputError, match=message) as caught:
        load_session(store, path, "edited")
    assert "\n" not in str(caught.value)
    assert not store.exists("edited")


def test_text_typed_with_what_xml_cannot_hold_still_exports(store: Store) -> None:
    with store.create("odd", parse_text("PP1 Recalling x,\n\nOP1 Decides y.\n")) as session:
        current = session.current_round()
        odd = "pasted \x0b\x01 text \uffff end"
        session.add_amendment(
            round_id=current.id,
            kind=AmendmentKind.REPLACE,
            proposer="Norway",
            target=current.paragraphs[1].sid,
            text=f"Decides {odd}.",
        )
        session.set_note(current.id, current.paragraphs[0].sid, odd)
        revised = parse_text("PP1 Recalling x,\n\nOP1 Decides z.\n")
        session.commit_round(session.prepare_round(revised, label="Rev.1"))
        for format in ("md", "html", "docx", "docx-changes", "json", "csv", "akn"):
            data = export_bytes(session, format)
            if format.startswith("docx"):
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    etree.fromstring(archive.read("word/document.xml"))
            elif format == "akn":
                etree.fromstring(data)


def test_cli_export_to_a_bad_place_says_where_in_one_sentence(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    create_sample(Store(tmp_path / "d"))
    for output, said in (
        ("", "is a folder"),
        (str(tmp_path), "is a folder"),
        (str(tmp_path / "nowhere" / "out.md"), f"Cannot write {tmp_path / 'nowhere' / 'out.md'}"),
    ):
        assert main([*data, "export", SAMPLE_NAME, "--format", "md", "-o", output]) == 2
        err = capsysbinary.readouterr().err.decode()
        assert err.count("\n") == 1
        assert said in err
        assert ".tmp-" not in err
    assert main([*data, "export", SAMPLE_NAME, "--format", "md", "-o", "-"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"# ")
    assert not (Path.cwd() / "-").exists()
