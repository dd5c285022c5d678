"""A round as Akoma Ntoso XML in the AKN4UN style: preface, preamble with the enacting formula,
operative paragraphs with an ``eId`` from the display label and a stable ``wId``."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr as xml_quoteattr

from sessions.model import ParagraphKind
from sessions.text import xml_safe

if TYPE_CHECKING:
    from sessions.model import Paragraph
    from sessions.store import OpenSession

__all__ = ["NAMESPACE", "write_akn"]

NAMESPACE = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_LANGUAGES = {"ar": "ara", "zh": "zho", "en": "eng", "fr": "fra", "ru": "rus", "es": "spa"}


def escape(text: str) -> str:
    """Text for an XML element: escaped, and without what XML cannot hold."""
    return xml_escape(xml_safe(text))


def quoteattr(text: str) -> str:
    """Text for an XML attribute, quoted."""
    return xml_quoteattr(xml_safe(text))


def _eid(paragraph: Paragraph, index: int) -> str:
    base = re.sub(r"[^0-9a-z]+", "", paragraph.label.casefold()) or str(index)
    if paragraph.kind is ParagraphKind.PREAMBULAR:
        return f"preamble__para_{base.removeprefix('pp')}"
    if paragraph.kind is ParagraphKind.OPERATIVE:
        return f"para_{base.removeprefix('op')}"
    return f"para_p{index}"


def _p(paragraph: Paragraph) -> str:
    text = paragraph.text
    if paragraph.lead and text.startswith(paragraph.lead):
        body = f"<i>{escape(paragraph.lead)}</i>{escape(text[len(paragraph.lead) :])}"
    else:
        body = escape(text)
    return "".join(f"<p>{line}</p>" for line in body.split("\n"))


def write_akn(session: OpenSession, round_id: str | None = None) -> bytes:
    """A round (the current one by default) as an Akoma Ntoso document."""
    round_ = session.round(round_id or session.rounds()[-1].id)
    meta = session.session
    language = _LANGUAGES.get(meta.languages[0] if meta.languages else "en", "eng")
    date = (round_.info.imported_at or datetime.now(UTC)).date().isoformat()
    symbol = meta.symbol or meta.name
    work = "/akn/un/bill/" + re.sub(r"[^0-9A-Za-z.]+", "-", symbol).strip("-") + f"/{date}"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<akomaNtoso xmlns="{NAMESPACE}">',
        '<bill name="draftResolution">',
        "<meta>",
        '<identification source="#rapporteur">',
        f"<FRBRWork><FRBRthis value={quoteattr(work + '/!main')}/>"
        f"<FRBRuri value={quoteattr(work)}/>"
        f'<FRBRdate date="{date}" name="generation"/><FRBRauthor href="#rapporteur"/>'
        '<FRBRcountry value="un"/></FRBRWork>',
        f"<FRBRExpression><FRBRthis value={quoteattr(f'{work}/{language}@/!main')}/>"
        f"<FRBRuri value={quoteattr(f'{work}/{language}@')}/>"
        f"<FRBRdate date={quoteattr(date)} name={quoteattr(round_.label)}/>"
        '<FRBRauthor href="#rapporteur"/>'
        f'<FRBRlanguage language="{language}"/></FRBRExpression>',
        f"<FRBRManifestation><FRBRthis value={quoteattr(f'{work}/{language}@/!main.xml')}/>"
        f"<FRBRuri value={quoteattr(f'{work}/{language}@.akn')}/>"
        f'<FRBRdate date="{date}" name="export"/><FRBRauthor href="#rapporteur"/>'
        "</FRBRManifestation>",
        "</identification>",
        '<references source="#rapporteur">'
        '<TLCPerson eId="rapporteur" href="/akn/ontology/person/un/rapporteur" '
        'showAs="Rapporteur"/>'
        "</references>",
        "</meta>",
        "<preface>",
        f"<p><docNumber>{escape(symbol)}</docNumber></p>",
        f"<p><docStatus>{escape(round_.label)}</docStatus></p>",
        f"<p><docTitle>{escape(meta.title)}</docTitle></p>",
        "</preface>",
    ]
    preambular = [p for p in round_.paragraphs if p.kind is ParagraphKind.PREAMBULAR]
    others = [p for p in round_.paragraphs if p.kind is not ParagraphKind.PREAMBULAR]
    if preambular or round_.info.formula:
        lines.append("<preamble>")
        if round_.info.formula:
            lines.append(
                f'<formula name="enactingFormula"><p>{escape(round_.info.formula)}</p></formula>'
            )
        for index, paragraph in enumerate(preambular, start=1):
            lines.append(
                f'<container name="preambularParagraph" eId="{_eid(paragraph, index)}" '
                f'wId="{escape(paragraph.sid)}"><num>{escape(paragraph.label)}</num>{_p(paragraph)}</container>'
            )
        lines.append("</preamble>")
    lines.append("<body>")
    for index, paragraph in enumerate(others, start=1):
        number = f"{paragraph.number}." if paragraph.number else escape(paragraph.label)
        if paragraph.suffix:
            number = f"{paragraph.number} {escape(paragraph.suffix)}."
        lines.append(
            f'<paragraph eId="{_eid(paragraph, index)}" wId="{escape(paragraph.sid)}">'
            f"<num>{number}</num><content>{_p(paragraph)}</content></paragraph>"
        )
    lines += ["</body>", "</bill>", "</akomaNtoso>", ""]
    return "\n".join(lines).encode("utf-8")
