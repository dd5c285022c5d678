"""The importer: every UN language, every format, every encoding, and bad input."""

from __future__ import annotations

import contextlib
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sessions import InputError, ParagraphKind, Status, parse_text, read_draft
from sessions.importing import MAX_BYTES
from sessions.samples import seed_text
from sessions.text import bracket_stats, sanitize
from tui.cli import main

ENGLISH = """Second Committee
Draft resolution A/C.2/79/L.12: Safer cities

The General Assembly,

PP1 Recalling its resolution 67/1 on [urban safety],
(Agreed ad ref)

PP2 Noting with concern the persistent challenges in cities,

OP1 Calls upon Member States to [strengthen][support] prevention;
(Pending)

OP1 bis Requests the Secretary-General to report; (Agreed)

OP 2 alt Decides to remain seized of the matter.
(Deleted)
"""

FRENCH = """Projet de résolution A/C.2/79/L.12 : Des villes plus sûres

L'Assemblée générale,

Rappelant sa résolution 67/1 sur la [sécurité urbaine],

Profondément préoccupée par les difficultés persistantes des villes,

1. Prie les États Membres de [renforcer][soutenir] la prévention;
(Approuvé ad ref)

2. Décide de rester saisie de la question.
"""

SPANISH = """Proyecto de resolución A/C.2/79/L.12: Ciudades más seguras

La Asamblea General,

Recordando su resolución 67/1 sobre la seguridad urbana,

Teniendo en cuenta los desafíos persistentes,

1. Exhorta a los Estados Miembros a [fortalecer] la prevención;
(Pendiente)

2. Decide seguir ocupándose de la cuestión.
"""

RUSSIAN = """Проект резолюции A/C.2/79/L.12: Более безопасные города

Генеральная Ассамблея,

Пункт 1 преамбулы ссылаясь на свою резолюцию 67/1 о [безопасности городов],

Пункт 2 преамбулы принимая во внимание сохраняющиеся проблемы,
(Согласовано)

Пункт 1 постановляющей части призывает государства-члены [укреплять] профилактику;

Пункт 2 постановляющей части постановляет продолжать заниматься этим вопросом.
"""

ARABIC = """مشروع قرار A/C.2/79/L.12: مدن أكثر أمانا

إن الجمعية العامة،

الفقرة ١ من الديباجة إذ تشير إلى قرارها 67/1 بشأن [السلامة الحضرية]،

الفقرة ٢ من الديباجة وإذ تلاحظ التحديات المستمرة،

الفقرة ١ من المنطوق تدعو الدول الأعضاء إلى [تعزيز] الوقاية؛
(متفق عليه)

الفقرة ٢ من المنطوق تقرر أن تبقي المسألة قيد نظرها.
"""

CHINESE_UNLABELLED = """决议草案 A/C.2/79/L.12：更安全的城市

大会，

回顾其关于[城市安全]的第67/1号决议，

关切地注意到城市面临的持续挑战，

1. 呼吁会员国[加强][支持]预防工作；
（已商定）

2. 决定继续处理此事项。
"""


def _labels(text: str) -> list[tuple[str, ParagraphKind, str]]:
    draft = parse_text(text, source="fixture.txt")
    return [(p.label, p.kind, str(p.status)) for p in draft.paragraphs]


def test_english_labels_suffixes_and_status_notes() -> None:
    draft = parse_text(ENGLISH, source="en.txt")
    assert draft.language == "en"
    assert draft.symbol == "A/C.2/79/L.12"
    assert draft.title == "Draft resolution A/C.2/79/L.12: Safer cities"
    assert draft.formula == "The General Assembly,"
    assert [(p.label, p.kind, p.status) for p in draft.paragraphs] == [
        ("PP1", ParagraphKind.PREAMBULAR, Status.AGREED_AD_REF),
        ("PP2", ParagraphKind.PREAMBULAR, Status.OPEN),
        ("OP1", ParagraphKind.OPERATIVE, Status.PENDING),
        ("OP1 bis", ParagraphKind.OPERATIVE, Status.AGREED),
        ("OP2 alt", ParagraphKind.OPERATIVE, Status.DELETED),
    ]
    first = draft.paragraphs[0]
    assert first.text == "Recalling its resolution 67/1 on [urban safety],"
    assert first.lead == "Recalling"
    assert first.status_note == "(Agreed ad ref)"
    assert draft.paragraphs[2].lead == "Calls upon"
    assert draft.paragraphs[3].text == "Requests the Secretary-General to report;"
    assert draft.paragraphs[3].suffix == "bis"


def test_french_unlabelled_un_format() -> None:
    draft = parse_text(FRENCH, source="fr.txt")
    assert draft.language == "fr"
    assert draft.formula == "L'Assemblée générale,"
    assert [(p.label, p.kind, str(p.status)) for p in draft.paragraphs] == [
        ("PP1", ParagraphKind.PREAMBULAR, "open"),
        ("PP2", ParagraphKind.PREAMBULAR, "open"),
        ("OP1", ParagraphKind.OPERATIVE, "agreed_ad_ref"),
        ("OP2", ParagraphKind.OPERATIVE, "open"),
    ]
    assert draft.paragraphs[0].lead == "Rappelant"
    assert (
        draft.paragraphs[2].text == "Prie les États Membres de [renforcer][soutenir] la prévention;"
    )


def test_spanish() -> None:
    draft = parse_text(SPANISH, source="es.txt")
    assert draft.language == "es"
    assert _labels(SPANISH) == [
        ("PP1", ParagraphKind.PREAMBULAR, "open"),
        ("PP2", ParagraphKind.PREAMBULAR, "open"),
        ("OP1", ParagraphKind.OPERATIVE, "pending"),
        ("OP2", ParagraphKind.OPERATIVE, "open"),
    ]
    assert draft.paragraphs[0].lead == "Recordando"
    assert draft.paragraphs[2].lead == "Exhorta"


def test_russian_labels() -> None:
    draft = parse_text(RUSSIAN, source="ru.txt")
    assert draft.language == "ru"
    assert draft.formula == "Генеральная Ассамблея,"
    assert _labels(RUSSIAN) == [
        ("PP1", ParagraphKind.PREAMBULAR, "open"),
        ("PP2", ParagraphKind.PREAMBULAR, "agreed"),
        ("OP1", ParagraphKind.OPERATIVE, "open"),
        ("OP2", ParagraphKind.OPERATIVE, "open"),
    ]
    assert draft.paragraphs[0].text == "ссылаясь на свою резолюцию 67/1 о [безопасности городов],"


def test_arabic_labels_with_arabic_indic_digits() -> None:
    draft = parse_text(ARABIC, source="ar.txt")
    assert draft.language == "ar"
    assert _labels(ARABIC) == [
        ("PP1", ParagraphKind.PREAMBULAR, "open"),
        ("PP2", ParagraphKind.PREAMBULAR, "open"),
        ("OP1", ParagraphKind.OPERATIVE, "agreed"),
        ("OP2", ParagraphKind.OPERATIVE, "open"),
    ]
    assert draft.paragraphs[0].text == "إذ تشير إلى قرارها 67/1 بشأن [السلامة الحضرية]،"
    assert draft.paragraphs[0].lead == "إذ تشير"


def test_chinese_unlabelled() -> None:
    draft = parse_text(CHINESE_UNLABELLED, source="zh.txt")
    assert draft.language == "zh"
    assert draft.formula == "大会，"
    assert _labels(CHINESE_UNLABELLED) == [
        ("PP1", ParagraphKind.PREAMBULAR, "open"),
        ("PP2", ParagraphKind.PREAMBULAR, "open"),
        ("OP1", ParagraphKind.OPERATIVE, "agreed"),
        ("OP2", ParagraphKind.OPERATIVE, "open"),
    ]
    assert draft.paragraphs[1].lead == "关切地注意到"
    assert draft.paragraphs[2].lead == "呼吁"


def test_seed_in_gb18030_and_utf16_parses_identically(tmp_path: Path) -> None:
    reference = parse_text(seed_text(), source="gc24-10-zh.txt")
    for encoding, expected in (
        ("gb18030", "GB18030"),
        ("utf-16", "UTF-16"),
        ("utf-16-le", "UTF-16"),
    ):
        path = tmp_path / "gc24-10-zh.txt"
        path.write_bytes(seed_text().encode(encoding))
        draft = read_draft(path)
        assert draft.encoding == expected
        assert draft.paragraphs == reference.paragraphs
        assert draft.title == reference.title


@pytest.mark.parametrize(
    ("text", "encoding", "language"),
    [
        (RUSSIAN, "cp1251", "ru"),
        (RUSSIAN, "koi8_r", "ru"),
        (ARABIC.replace("١", "1").replace("٢", "2"), "cp1256", "ar"),
        (FRENCH, "cp1252", "fr"),
        ("1. Prie les États Membres de renforcer la coopération;", "cp1252", "fr"),
        (CHINESE_UNLABELLED, "gb18030", "zh"),
        (CHINESE_UNLABELLED, "big5", "zh"),
    ],
)
def test_legacy_encodings(tmp_path: Path, text: str, encoding: str, language: str) -> None:
    if encoding == "big5":
        text = text.replace("决议草案", "決議草案").replace("会员国", "會員國")
        text = text.encode("big5", errors="ignore").decode("big5")
    path = tmp_path / "draft.txt"
    path.write_bytes(text.encode(encoding))
    draft = read_draft(path)
    assert [p.text for p in draft.paragraphs] == [p.text for p in parse_text(text).paragraphs]
    assert draft.language == language


def test_the_language_narrows_detection(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes("回顾其决议，".encode("gb18030"))
    assert read_draft(path, language="zh").paragraphs[0].text == "回顾其决议，"


def test_paris_rounds_parse_with_preamble_articles_and_paragraphs(shared_samples: Path) -> None:
    brackets = []
    for name, preamble, articles in (
        ("paris-1-2015-10-23-draft-agreement.md", 14, 26),
        ("paris-2-2015-12-04-draft-agreement.md", 13, 25),
        ("paris-3-2015-12-09-draft-agreement.md", 14, 25),
        ("paris-4-2015-12-12-agreement-L9-Rev1.md", 16, 29),
    ):
        draft = read_draft(shared_samples / name)
        assert draft.format == "markdown"
        assert draft.formula == "The Parties to this Agreement,"
        pp = [p for p in draft.paragraphs if p.kind is ParagraphKind.PREAMBULAR]
        assert len(pp) >= preamble, name
        assert all(p.lead for p in pp), name
        sections = {p.section.split(" (")[0] for p in draft.paragraphs if p.section}
        assert len({s for s in sections if s.startswith(("Article", "[Article"))}) >= articles - 3
        numbered = [p for p in draft.paragraphs if p.kind is ParagraphKind.OPERATIVE]
        assert len(numbered) > 100, name
        labels = [p.label for p in draft.paragraphs]
        assert len(labels) == len(set(labels)), name
        brackets.append(sum(p.brackets for p in draft.paragraphs))
    assert brackets[0] > 900
    assert brackets[0] > brackets[2] > brackets[3]
    assert brackets[3] == 0
    final = read_draft(shared_samples / "paris-4-2015-12-12-agreement-L9-Rev1.md")
    assert final.title == "Paris Agreement"
    by_label = {p.label: p for p in final.paragraphs}
    assert by_label["Art.2.1"].section == "Article 2"
    assert by_label["Art.2.1"].text.startswith("This Agreement, in enhancing the implementation")
    assert "\n(a) Holding the increase" in by_label["Art.2.1"].text
    assert by_label["PP1"].text.startswith("Being Parties to the United Nations")
    assert by_label["Art.13.7"].text.count("\n(") == 2


def test_brackets_are_counted_and_unbalanced_ones_warned() -> None:
    stats = bracket_stats("[shall][should] act [now [and [later]]]")
    assert (stats.opening, stats.closing, stats.depth, stats.alternatives) == (5, 5, 3, 1)
    assert stats.balanced
    assert not bracket_stats("a ] b [").balanced
    assert bracket_stats("Option 1: x Option 2: y").options == 2
    draft = parse_text("PP1 Recalling [urban safety,\n\nPP2 Noting x],\n", source="x.txt")
    assert draft.paragraphs[0].brackets == 1
    assert any(w.startswith("PP1: square brackets do not balance") for w in draft.warnings)


def test_sanitize_strips_escapes_and_controls_and_flags_bidi() -> None:
    text, warnings = sanitize("a\x1b[31mred\x1b[0m\x07 b\r\nc\u202ed\x00e\u00ad")
    assert text == "ared b\nc\u202ede"
    assert len(warnings) == 2
    draft = parse_text(
        "OP1 Decides \x1b]8;;https://x\x07link\x1b]8;;\x07;\n\nOP2 Notes.", source="x"
    )
    assert draft.paragraphs[0].text == "Decides link;"


# -- Word -------------------------------------------------------------------------------------


def _docx(path: Path) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Draft resolution A/C.2/79/L.12: Safer cities", style="Title")
    document.add_paragraph("The General Assembly,")
    paragraph = document.add_paragraph()
    paragraph.add_run("Recalling").italic = True
    paragraph.add_run(" its resolution 67/1 on [urban safety],")
    numbered = document.add_paragraph("Decides to strengthen [urban][city] safety;", "List Number")
    document.add_comment(numbered.runs[0], text="Norway prefers 'city'", author="Secretariat")
    second = document.add_paragraph("Requests the Executive Director to report", "List Number")

    def tracked(tag: str, text: str, author: str) -> None:
        change = OxmlElement(tag)
        change.set(qn("w:id"), str(len(tag) + len(text)))
        change.set(qn("w:author"), author)
        change.set(qn("w:date"), "2026-11-28T10:00:00Z")
        run = OxmlElement("w:r")
        node = OxmlElement("w:delText" if tag == "w:del" else "w:t")
        node.text = text
        node.set(qn("xml:space"), "preserve")
        run.append(node)
        change.append(run)
        second._p.append(change)

    tracked("w:ins", " annually", "European Union")
    tracked("w:del", " whenever possible", "United States")
    second.add_run(";")
    document.add_paragraph("Invites all States to cooperate; (Agreed ad ref)", "List Number")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "4."
    table.cell(0, 1).text = "Decides to remain seized of the matter."
    document.save(path)
    return path


def test_docx_numbering_comments_tracked_changes_and_tables(tmp_path: Path) -> None:
    draft = read_draft(_docx(tmp_path / "draft.docx"))
    assert draft.format == "docx"
    assert draft.title == "Draft resolution A/C.2/79/L.12: Safer cities"
    assert draft.formula == "The General Assembly,"
    assert [(p.label, p.kind, p.status) for p in draft.paragraphs] == [
        ("PP1", ParagraphKind.PREAMBULAR, Status.OPEN),
        ("OP1", ParagraphKind.OPERATIVE, Status.OPEN),
        ("OP2", ParagraphKind.OPERATIVE, Status.OPEN),
        ("OP3", ParagraphKind.OPERATIVE, Status.AGREED_AD_REF),
        ("OP4", ParagraphKind.OPERATIVE, Status.OPEN),
    ]
    pp1, op1, op2, _, op4 = draft.paragraphs
    assert pp1.lead == "Recalling"
    # The numbers come from numbering.xml, not from the text.
    assert op1.text == "Decides to strengthen [urban][city] safety;"
    assert op1.notes == (
        "Comment by Secretariat on «Decides to strengthen [urban][city] safety;»: "
        "Norway prefers 'city'",
    )
    # Tracked changes: read as accepted, each kept as a note.
    assert op2.text == "Requests the Executive Director to report annually;"
    assert op2.notes == (
        "Inserted by European Union (2026-11-28): «annually»",
        "Deleted by United States (2026-11-28): «whenever possible»",
    )
    assert any("2 tracked changes" in w for w in draft.warnings)
    assert op4.text == "Decides to remain seized of the matter."


# -- PDF --------------------------------------------------------------------------------------


NEXT = {"new_x": "LMARGIN", "new_y": "NEXT"}


def _pdf(path: Path, pages: int = 3) -> Path:
    from fpdf import FPDF

    class Draft(FPDF):
        def header(self) -> None:
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, "A/C.2/79/L.12", align="R")
            self.ln(8)
            self.set_font("Helvetica", size=11)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 5, f"24-{10000 + self.page_no()} (E)    {self.page_no()}", align="C")

    pdf = Draft()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(
        0, 6, "Seventy-ninth session\nDraft resolution A/C.2/79/L.12: Safer cities\n", **NEXT
    )
    pdf.ln(4)
    pdf.multi_cell(0, 6, "The General Assembly,", **NEXT)
    count = 0
    while pdf.page_no() < pages:
        count += 1
        pdf.multi_cell(
            0,
            6,
            f"Recalling its resolution {count}/1 on [urban safety] and on cooperation between "
            "cities and local authorities for the prevention of crime and violence in cities,",
            **NEXT,
        )
        pdf.ln(2)
    for number in range(1, 6):
        pdf.multi_cell(
            0,
            6,
            f"{number}. Calls upon Member States to [strengthen][support] the prevention of "
            "urban crime, including through international cooperation and capacity-building;",
            **NEXT,
        )
        pdf.ln(2)
    pdf.output(str(path))
    return path


def test_pdf_text_without_headers_footers_and_page_numbers(tmp_path: Path) -> None:
    draft = read_draft(_pdf(tmp_path / "draft.pdf"))
    assert draft.format == "pdf"
    assert draft.symbol == "A/C.2/79/L.12"
    assert draft.title == "Draft resolution A/C.2/79/L.12: Safer cities"
    assert draft.formula == "The General Assembly,"
    preambular = [p for p in draft.paragraphs if p.kind is ParagraphKind.PREAMBULAR]
    operative = [p for p in draft.paragraphs if p.kind is ParagraphKind.OPERATIVE]
    assert [p.label for p in operative] == ["OP1", "OP2", "OP3", "OP4", "OP5"]
    assert len(preambular) > 20
    assert [p.number for p in preambular] == list(range(1, len(preambular) + 1))
    for paragraph in draft.paragraphs:
        assert "A/C.2/79/L.12" not in paragraph.text
        assert "(E)" not in paragraph.text
        assert "\n" not in paragraph.text
    assert preambular[0].text == (
        "Recalling its resolution 1/1 on [urban safety] and on cooperation between cities and "
        "local authorities for the prevention of crime and violence in cities,"
    )
    assert all(p.text.startswith("Recalling its resolution") for p in preambular)


# -- bad input --------------------------------------------------------------------------------


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {}

    def make(name: str, data: bytes) -> None:
        path = tmp_path / name
        path.write_bytes(data)
        files[name] = path

    make("empty.txt", b"")
    make("blank.txt", b"\n\n   \n")
    make("binary.txt", bytes(range(256)) * 8)
    make("image.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    make("image.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    make("broken.pdf", b"%PDF-1.7\n this is not a pdf")
    make("notes.xyz", b"OP1 Decides.")
    make("old.doc", b"\xd0\xcf\x11\xe0")
    with zipfile.ZipFile(tmp_path / "nodoc.docx", "w") as archive:
        archive.writestr("hello.txt", "not word")
    files["nodoc.docx"] = tmp_path / "nodoc.docx"
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 << 20)
    files["big.txt"] = big
    for encoding in ("utf-8", "gb18030", "cp1251", "cp1256", "cp1252", "utf-16"):
        make(f"invalid-{encoding}.txt", b"\x81\x8d\x8f\x90\x9d\xff\xfe\x00\x00\xd8" * 50)
    return files


def test_bad_files_raise_one_clear_input_error(tmp_path: Path) -> None:
    for name, path in _bad_files(tmp_path).items():
        with pytest.raises(InputError) as info:
            read_draft(path)
        message = str(info.value)
        assert "\n" not in message, name
        assert message.endswith("."), (name, message)
        assert path.name in message, (name, message)


def test_the_cli_turns_bad_files_into_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, path in _bad_files(tmp_path).items():
        assert main(["parse", str(path)]) == 2, name
        err = capsys.readouterr().err
        assert err.count("\n") == 1, (name, err)
        assert "Traceback" not in err


def test_parse_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "gc24-10-zh.txt"
    path.write_text(seed_text(), encoding="utf-8")
    assert main(["parse", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"source", "format", "encoding", "language", "title", "symbol", "paragraphs"} <= set(
        data
    )
    assert data["warnings"] == []
    assert (data["language"], data["symbol"], data["encoding"]) == ("zh", "GC 24/10", "UTF-8")
    assert len(data["paragraphs"]) == 22
    first = data["paragraphs"][0]
    assert set(first) == {
        "label", "kind", "number", "suffix", "lead", "text", "section", "status",
        "status_note", "brackets", "notes",
    }  # fmt: skip
    assert (first["label"], first["kind"], first["status"]) == ("PP1", "preambular", "pending")
    assert main(["parse", str(path)]) == 0
    assert "PP1" in capsys.readouterr().out


def test_limit_is_stated() -> None:
    assert MAX_BYTES < 50 << 20


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises_anything_but_input_error(text: str) -> None:
    try:
        draft = parse_text(text, source="fuzz.txt")
    except InputError:
        return
    labels = [p.label for p in draft.paragraphs]
    assert len(labels) == len(set(labels))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "PP1 ",
                "OP2 bis ",
                "1. ",
                "(a) ",
                "[",
                "]",
                "（已商定）",
                "\n",
                "\n\n",
                "Recalling ",
                "回顾 ",
                "Article 4",
                "**Option 1:**",
                "The General Assembly,",
                "## ",
                "*",
                " ",
                "text",
                "城市",
                ",",
                ";",
                "(Pending)",
                "\t",
                "   1. ",
            ]
        ),
        max_size=60,
    ),
    st.sampled_from(["text", "markdown", "pdf"]),
)
def test_structured_noise_never_raises_anything_but_input_error(parts: list[str], fmt: str) -> None:
    with contextlib.suppress(InputError):
        parse_text("".join(parts), source="fuzz", format=fmt)


# -- regressions found by trying real-looking drafts ----------------------------------------------

FLOWING_FRENCH = """Projet de résolution A/C.2/79/L.12
L'Assemblée générale,
Rappelant sa résolution 67/1 sur la sécurité urbaine et la coopération entre les villes,
Profondément préoccupée par les difficultés persistantes des villes et des autorités locales,
1. Prie les États Membres de renforcer la prévention;
(Convenu ad ref)
2. Décide de rester saisie de la question.
"""

ARABIC_DASHES = """إن الجمعية العامة،
إذ تشير إلى قرارها 67/1 بشأن السلامة الحضرية والتعاون بين المدن،
١ - تدعو الدول الأعضاء إلى تعزيز الوقاية؛
(أ) في المدن؛
(ب) في الأرياف؛
٢ - تقرر أن تبقي المسألة قيد نظرها.
"""


def test_flowing_text_in_other_languages_keeps_formula_and_preamble() -> None:
    draft = parse_text(FLOWING_FRENCH, source="fr.txt")
    assert draft.formula == "L'Assemblée générale,"
    assert [(p.label, str(p.status)) for p in draft.paragraphs] == [
        ("PP1", "open"),
        ("PP2", "open"),
        ("OP1", "agreed_ad_ref"),
        ("OP2", "open"),
    ]
    russian = parse_text(
        "Генеральная Ассамблея,\n"
        "ссылаясь на свою резолюцию 67/1 о безопасности городов и сотрудничестве городов,\n"
        "будучи глубоко обеспокоена сохраняющимися проблемами городов и местных властей,\n"
        "1. призывает государства-члены укреплять профилактику;\n",
        source="ru.txt",
    )
    assert [p.label for p in russian.paragraphs] == ["PP1", "PP2", "OP1"]
    assert russian.paragraphs[1].lead == "будучи глубоко обеспокоена"


def test_arabic_dash_numbering_and_letter_sub_paragraphs() -> None:
    draft = parse_text(ARABIC_DASHES, source="ar.txt")
    assert [(p.label, p.kind) for p in draft.paragraphs] == [
        ("PP1", ParagraphKind.PREAMBULAR),
        ("OP1", ParagraphKind.OPERATIVE),
        ("OP2", ParagraphKind.OPERATIVE),
    ]
    assert (
        draft.paragraphs[1].text
        == "تدعو الدول الأعضاء إلى تعزيز الوقاية؛\n(أ) في المدن؛\n(ب) في الأرياف؛"
    )
    assert lexicon_numbered("2013 - 2015 were years") is None


def lexicon_numbered(line: str) -> object:
    from sessions.importing.lexicon import NUMBERED

    return NUMBERED.match(line)


def test_chinese_bis_labels_and_ad_ref_notes() -> None:
    draft = parse_text(
        "执行段落 1. 决定 采取行动；\n（已商定待核准）\n执行段落 1 之二. 请 执行主任报告；\n",
        source="zh.txt",
    )
    assert [(p.label, p.suffix, p.status) for p in draft.paragraphs] == [
        ("OP1", "", Status.AGREED_AD_REF),
        ("OP1 bis", "bis", Status.OPEN),
    ]
    assert draft.paragraphs[1].text == "请执行主任报告；"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_in_cyrillic_and_arabic(tmp_path: Path, encoding: str) -> None:
    for text in (RUSSIAN, ARABIC):
        path = tmp_path / "draft.txt"
        path.write_bytes(text.encode(encoding))
        draft = read_draft(path)
        assert draft.encoding == "UTF-16"
        assert [p.text for p in draft.paragraphs] == [p.text for p in parse_text(text).paragraphs]


def test_stray_bytes_in_latin_text_are_not_another_alphabet(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_bytes(ENGLISH.encode() + b"\nOP3 Notes the \xff\x80 report.\n")
    draft = read_draft(path)
    assert draft.encoding == "Windows-1252"
    assert not any("\u0400" <= c <= "\u04ff" for p in draft.paragraphs for c in p.text)


def test_unstructured_text_is_kept_as_paragraphs() -> None:
    assert [p.text for p in parse_text("Some text here.").paragraphs] == ["Some text here."]
    two = parse_text("Decides to act.\n\nRequests a report.")
    assert [p.text for p in two.paragraphs] == ["Decides to act.", "Requests a report."]


def test_docx_damaged_attributes_and_table_status_cells(tmp_path: Path) -> None:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("The General Assembly,")
    numbered = document.add_paragraph("Decides to act;", "List Number")
    num_pr = numbered._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().set(qn("w:val"), "x")
    table = document.add_table(rows=1, cols=3)
    table.cell(0, 0).text = "2."
    table.cell(0, 1).text = "Requests the Secretary-General to report."
    table.cell(0, 2).text = "(Agreed ad ref)"
    path = tmp_path / "draft.docx"
    document.save(path)
    draft = read_draft(path)
    assert [(p.label, p.status) for p in draft.paragraphs] == [
        ("OP1", Status.OPEN),
        ("OP2", Status.AGREED_AD_REF),
    ]
    assert draft.paragraphs[1].text == "Requests the Secretary-General to report."


def test_a_single_page_pdf_loses_its_job_number(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in (
        "The General Assembly,",
        "1. Decides to act;",
        "2. Requests a report.",
        "24-12345 1/1",
    ):
        pdf.multi_cell(0, 6, line, **NEXT)
    path = tmp_path / "one.pdf"
    pdf.output(str(path))
    draft = read_draft(path)
    assert [p.text for p in draft.paragraphs] == ["Decides to act;", "Requests a report."]
