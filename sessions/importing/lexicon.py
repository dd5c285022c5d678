"""The words of UN drafts in the six official languages: labels, status notes, lead phrases,
enacting formulas, headings and session lines."""

from __future__ import annotations

import re
import unicodedata

from sessions.model import SUFFIXES, ParagraphKind, Status

__all__ = [
    "HEADING",
    "LABEL",
    "NUMBERED",
    "OPTION_LINE",
    "SUB_PARAGRAPH",
    "SYMBOL",
    "enacting_formula",
    "label_parts",
    "lead_phrase",
    "looks_like_title",
    "note_status",
    "number_of",
    "session_line",
    "trailing_note",
]

_SUFFIX = "|".join(SUFFIXES)
_DIGITS = r"[0-9\u0660-\u0669\u06f0-\u06f9]+"

# Explicit paragraph labels, in every UN language. Groups: pp / op (the kind), num, suffix.
_LABEL_FORMS = [
    rf"(?P<pp>PP|Pp|pp)\s*\.?\s*(?P<num>{_DIGITS})",
    rf"(?P<op>OP|Op|op)\s*\.?\s*(?P<num>{_DIGITS})",
    rf"(?P<pp>Preambular\s+paragraph)\s+(?P<num>{_DIGITS})",
    rf"(?P<op>Operative\s+paragraph)\s+(?P<num>{_DIGITS})",
    rf"(?P<pp>序言(?:部分)?段落?)\s*(?P<num>{_DIGITS})",
    rf"(?P<op>执行(?:部分)?段落?)\s*(?P<num>{_DIGITS})",
    rf"(?P<pp>序言部分第)\s*(?P<num>{_DIGITS})\s*段",
    rf"(?P<op>执行部分第)\s*(?P<num>{_DIGITS})\s*段",
    rf"(?P<pp>(?:Paragraphe|Alinéa))\s+(?P<num>{_DIGITS})\s+du\s+préambule",
    rf"(?P<op>Paragraphe)\s+(?P<num>{_DIGITS})\s+du\s+dispositif",
    rf"(?P<op>Paragraphe\s+du\s+dispositif)\s+(?P<num>{_DIGITS})",
    rf"(?P<pp>Párrafo)\s+(?P<num>{_DIGITS})\s+del\s+preámbulo",
    rf"(?P<op>Párrafo\s+dispositivo)\s+(?P<num>{_DIGITS})",
    rf"(?P<op>Párrafo)\s+(?P<num>{_DIGITS})\s+de\s+la\s+parte\s+dispositiva",
    rf"(?P<pp>Пункт)\s+(?P<num>{_DIGITS})\s+преамбулы",
    rf"(?P<op>Пункт)\s+(?P<num>{_DIGITS})\s+постановляющей\s+части",
    rf"(?P<pp>الفقرة)\s+(?P<num>{_DIGITS})\s+من\s+الديباجة",
    rf"(?P<op>الفقرة)\s+(?P<num>{_DIGITS})\s+من\s+(?:المنطوق|الجزء\s+التنفيذي)",
]
_SUFFIX_PART = (
    rf"(?:\s*[.\-]?\s*(?P<suffix>{_SUFFIX}|alt(?:\.|ernative)?\s*\d*)\b"
    r"|\s*(?P<zhsuffix>之[二三四五六七八九十]))?"
)
_ZH_SUFFIXES = dict(zip("二三四五六七八九十", SUFFIXES, strict=True))
# Python forbids repeated group names, so each form numbers its groups; ``label_parts`` reads them.
_forms = []
for index, form in enumerate(_LABEL_FORMS):
    renamed = (
        form.replace("(?P<pp>", f"(?P<pp{index}>")
        .replace("(?P<op>", f"(?P<op{index}>")
        .replace("(?P<num>", f"(?P<num{index}>")
    )
    _forms.append(f"(?:{renamed})")
LABEL = re.compile(
    r"^\s*\**\s*(?:" + "|".join(_forms) + r")" + _SUFFIX_PART + r"\**\s*(?:[.:：\-–—)]\s*)?",
    re.IGNORECASE,
)

#: An operative number at the start of a paragraph: ``1.``, ``12 bis.``, ``3)``.
NUMBERED = re.compile(
    # Three digits at most: a line opening with "2013 - 2015" is not paragraph 2013.
    r"^(?P<num>[0-9\u0660-\u0669\u06f0-\u06f9]{1,3})(?![0-9\u0660-\u0669\u06f0-\u06f9])"
    rf"\s*(?P<suffix>{_SUFFIX})?\s*(?:[.)．]|\s[-–—](?=\s))(?:\s+|$)"
)
#: A sub-paragraph marker: ``(a)``, ``(iv)``, ``a)``, ``(aa)``.
SUB_PARAGRAPH = re.compile(
    r"^(?:[(（](?:[a-z]{1,2}|[ivxlc]{1,6}|[а-я]|[\u0621-\u064a]{1,2}|[一二三四五六七八九十]{1,2})[)）]"
    r"|(?:[a-z]|[ivx]{1,4}|[а-я])\))(?:\s+|$)"
)
#: An ``Option 1:`` line standing alone.
OPTION_LINE = re.compile(
    r"^\**\s*(?:Option|Opción|Variante|Вариант|选项|الخيار)\s*(?P<num>\d+)\s*[:：.]?\s*\**\s*$",
    re.IGNORECASE,
)
#: Headings that group paragraphs: articles, chapters, roman-numbered parts, annexes.
HEADING = re.compile(
    r"^\[?\s*(?:(?P<article>Article|Artículo|Статья|Art\.)\s*(?P<anum>\d+)\s*(?P<asuffix>"
    + _SUFFIX
    + r")?|第\s*(?P<zharticle>[0-9一二三四五六七八九十百]+)\s*条|المادة\s*(?P<ararticle>"
    + _DIGITS
    + r")|(?P<roman>[IVXLC]{1,6})\s*\.\s+\S.{0,80}"
    r"|(?P<annex>Annex|Annexe|Anexo|Приложение|附件|المرفق)"
    r"(?:\s+[IVX\d]+)?|(?P<preamble>Preamble|Préambule|Preámbulo|Преамбула|序言|الديباجة))\s*\]?",
    re.IGNORECASE,
)

#: A UN document symbol: ``A/C.2/79/L.12``, ``FCCC/CP/2015/L.9/Rev.1``, ``GC 24/10``.
SYMBOL = re.compile(
    r"(?<![\w/])(?:(?:[A-Z][A-Za-z]{0,9}(?:\.\d+)?)(?:/[A-Za-z0-9.\-]+){1,6}|GC\s?\d+/\d+)(?![\w/])"
)

_NOTE_WORDS: tuple[tuple[str, Status], ...] = (
    ("ad ref", Status.AGREED_AD_REF),
    ("待核准", Status.AGREED_AD_REF),
    ("须经核准", Status.AGREED_AD_REF),
    ("暂时商定", Status.AGREED_AD_REF),
    ("ad réf", Status.AGREED_AD_REF),
    ("بشرط الاستشارة", Status.AGREED_AD_REF),
    ("further consideration", Status.PENDING),
    ("pending", Status.PENDING),
    ("留待", Status.PENDING),
    ("待定", Status.PENDING),
    ("en suspens", Status.PENDING),
    ("examen ultérieur", Status.PENDING),
    ("pendiente", Status.PENDING),
    ("consideración ulterior", Status.PENDING),
    ("дальнейшего рассмотрения", Status.PENDING),
    ("отложен", Status.PENDING),
    ("معلق", Status.PENDING),
    ("لمزيد من النظر", Status.PENDING),
    ("deleted", Status.DELETED),
    ("删除", Status.DELETED),
    ("supprimé", Status.DELETED),
    ("suprimido", Status.DELETED),
    ("eliminado", Status.DELETED),
    ("исключен", Status.DELETED),
    ("удален", Status.DELETED),
    ("محذوف", Status.DELETED),
    ("agreed", Status.AGREED),
    ("商定", Status.AGREED),
    ("convenu", Status.AGREED),
    ("approuvé", Status.AGREED),
    ("accepté", Status.AGREED),
    ("acordado", Status.AGREED),
    ("aprobado", Status.AGREED),
    ("согласован", Status.AGREED),
    ("متفق عليه", Status.AGREED),
)
_NOTE = re.compile(r"^[(（]\s*(?P<inner>[^()（）]{2,100}?)\s*[)）]\.?$")
_TRAILING_NOTE = re.compile(r"\s*(?P<note>[(（][^()（）]{2,100}[)）])\.?\s*$")


def note_status(line: str) -> Status | None:
    """The status a parenthesized note such as ``(Agreed ad ref)`` or ``（已商定）`` stands for."""
    match = _NOTE.match(line.strip())
    if not match:
        return None
    inner = match.group("inner").casefold()
    for word, status in _NOTE_WORDS:
        if word in inner:
            return status
    return None


def trailing_note(text: str) -> tuple[str, str, Status] | None:
    """Split a status note off the end of a paragraph: ``(text, note, status)``, or None."""
    match = _TRAILING_NOTE.search(text)
    if not match:
        return None
    status = note_status(match.group("note"))
    if status is None:
        return None
    return text[: match.start()].rstrip(), match.group("note"), status


def number_of(digits: str) -> int:
    """An int from ASCII or Arabic-Indic digits."""
    return int("".join(str(unicodedata.digit(c)) for c in digits))


def label_parts(match: re.Match[str]) -> tuple[ParagraphKind, int, str]:
    """The kind, number and suffix an explicit label match names."""
    groups = match.groupdict()
    kind = ParagraphKind.OPERATIVE
    number = 0
    for name, value in groups.items():
        if value is None:
            continue
        if name.startswith("pp"):
            kind = ParagraphKind.PREAMBULAR
        elif name.startswith("num"):
            number = number_of(value)
    suffix = (groups.get("suffix") or "").lower().replace(".", "").replace("ernative", "")
    if groups.get("zhsuffix"):
        suffix = _ZH_SUFFIXES[groups["zhsuffix"][-1]]
    return kind, number, " ".join(suffix.split())


# Enacting formulas: the body that adopts the text, ending with a comma.
_FORMULA = re.compile(
    r"^(?:The\s+[A-Z][\w\s,'’-]{2,80}|Les?\s+[A-Z][\w\s'’-]{2,80}|La\s+[A-Z][\w\s'’-]{2,80}"
    r"|L['’][A-ZÉ][\w\s'’-]{2,80}|El\s+[A-Z][\w\s'’-]{2,80}|Los\s+[A-Z][\w\s'’-]{2,80}"
    r"|[А-Я][а-яА-Я\s-]{2,80}|(?:إن\s+)?ال[\u0600-\u06ff\s]{2,80}|[\u4e00-\u9fff]{2,12})[,，،]$"
)
_FORMULA_WORDS = (
    "assembly", "council", "conference", "commission", "parties", "committee", "board",
    "assemblée", "conseil", "conférence", "commission", "parties",
    "asamblea", "consejo", "conferencia", "comisión", "partes",
    "ассамблея", "совет", "конференция", "комиссия", "стороны",
    "الجمعية", "المجلس", "المؤتمر", "اللجنة", "الأطراف",
    "大会", "理事会", "会议", "委员会", "缔约方",
)  # fmt: skip


def enacting_formula(text: str) -> bool:
    """Whether a line is an enacting formula such as ``The General Assembly,`` or ``大会，``."""
    stripped = text.strip().strip("*_ ")
    if len(stripped) > 100 or not _FORMULA.match(stripped):
        return False
    folded = stripped.casefold()
    return any(word in folded for word in _FORMULA_WORDS)


_SESSION = re.compile(
    r"(?:\b(?:session|meeting|período de sesiones|sesión|séance)\b"
    r"|届会议|次会议|сесси|заседани|الدورة)",
    re.IGNORECASE,
)


def session_line(text: str) -> bool:
    """Whether a header line names the session or meeting."""
    return len(text) < 160 and bool(_SESSION.search(text))


_TITLE_WORDS = re.compile(
    r"(?:draft\s+(?:resolution|decision|declaration|agreement|outcome|text)|resolution|决议草案|"
    r"决定草案|宣言草案|projet\s+de\s+(?:résolution|décision|déclaration)|proyecto\s+de\s+"
    r"(?:resolución|decisión|declaración)|проект\s+(?:резолюции|решения|декларации)|مشروع\s+"
    r"(?:قرار|مقرر|إعلان)|agreement|accord|acuerdo|соглашени|协定|اتفاق)",
    re.IGNORECASE,
)


def looks_like_title(text: str) -> bool:
    """Whether a header line reads like the title of a draft."""
    return len(text) < 300 and bool(_TITLE_WORDS.search(text))


# Lead phrases: the participle or adjective opening a preambular paragraph, the verb opening an
# operative one. Lists hold the common ones; patterns catch the regular forms.
_LEADS = {
    "zh": (
        "关切地注意到", "满意地注意到", "赞赏地注意到", "深为关切", "严重关切", "进一步回顾",
        "又回顾", "还回顾", "但认识到", "又认识到", "还认识到", "认识到", "意识到", "注意到",
        "回顾", "重申", "确认", "欢迎", "确信", "深信", "强调", "铭记", "考虑到", "申明", "赞赏",
        "表示", "关切", "决心", "承认", "进一步", "呼吁", "鼓励", "邀请", "请", "要求", "决定",
        "敦促", "促请", "吁请", "建议", "赞扬", "核准", "支持", "又请", "还请", "再次",
    ),
    "en": (
        "Bearing in mind", "Taking into account", "Taking note", "Taking full account",
        "Noting with concern", "Noting with appreciation", "Noting with satisfaction",
        "Deeply concerned", "Gravely concerned", "Calls upon", "Calls on", "Takes note",
        "Once again", "Aware", "Mindful", "Conscious", "Convinced", "Determined", "Concerned",
    ),
    "fr": (
        "Prenant note", "Tenant compte", "Ayant à l'esprit", "Se félicitant", "Se félicite",
        "Prend note", "Profondément préoccupé", "Profondément préoccupée", "Conscient",
        "Consciente", "Convaincu", "Convaincue", "Préoccupé", "Préoccupée", "Résolu", "Résolue",
    ),
    "es": (
        "Tomando nota", "Teniendo en cuenta", "Acogiendo con beneplácito", "Toma nota",
        "Acoge con beneplácito", "Profundamente preocupada", "Consciente", "Convencida",
        "Convencido", "Preocupada", "Preocupado", "Decidida", "Decidido",
    ),
    "ru": (
        "будучи глубоко обеспокоена", "будучи убеждена", "будучи убеждены", "будучи",
        "с удовлетворением отмечая", "с озабоченностью отмечая", "глубоко обеспокоенная",
        "принимая во внимание", "принимает к сведению", "настоятельно призывает",
        "вновь подтверждает", "выражая глубокую обеспокоенность",
    ),
    "ar": ("وإذ", "إذ", "واقتناعا منها", "وإدراكا منها", "اقتناعا منها", "إدراكا منها"),
}  # fmt: skip
_OPERATIVE_VERBS = re.compile(
    r"^(?:(?:Also|Further|Strongly|Once again|Again|Further also|Also further)\s+)?"
    r"(?:Accepts|Acknowledges|Adopts|Affirms|Agrees|Appeals|Approves|Authorizes|Calls(?:\s+upon|\s+on)?"
    r"|Commends|Condemns|Confirms|Considers|Decides|Declares|Demands|Deplores|Designates|Directs"
    r"|Emphasizes|Emphasises|Encourages|Endorses|Expresses|Invites|Notes|Proclaims|Reaffirms"
    r"|Recalls|Recognizes|Recognises|Recommends|Reiterates|Renews|Requests|Resolves|Stresses"
    r"|Supports|Takes(?:\s+note)?|Underlines|Urges|Welcomes)\b"
)
_PREAMBULAR_WORD = re.compile(
    r"^(?:(?:Also|Further|Deeply|Gravely|Seriously|Strongly|Fully|Firmly|Greatly|Particularly)\s+)?"
    r"[A-Z][a-z]+(?:ing|ed)\b(?:\s+(?:also|further|again|with\s+(?:deep\s+|grave\s+|great\s+)?"
    r"(?:concern|appreciation|satisfaction|interest)|in\s+mind|into\s+account|note\s+of|by))?"
)
_ROMANCE_WORD = re.compile(
    r"^(?:(?:Profondément|Profundamente|Également|También|Asimismo|Además)\s+)?"
    r"[A-ZÀ-Ý][a-zà-ÿ]+(?:ant|ando|iendo|yendo)\b"
)
_ROMANCE_VERB = re.compile(
    r"^(?:Décide|Prie|Demande|Invite|Encourage|Exhorte|Réaffirme|Souligne|Engage|Note|Recommande"
    r"|Approuve|Accueille|Condamne|Insiste|Appelle|Decide|Solicita|Pide|Invita|Alienta|Exhorta"
    r"|Insta|Reafirma|Destaca|Subraya|Recomienda|Encomia|Aprueba|Observa|Reconoce|Expresa)\b"
)
_RUSSIAN_WORD = re.compile(
    r"^(?:(?:вновь|далее|также|глубоко|настоятельно)\s+)?"
    r"(?:[а-яё]+(?:я|в|ясь|вшись|ая|ую)|[а-яё]+(?:ет|ит|ют|ят))(?=[\s,]|$)"
)
_ARABIC_OPERATIVE = re.compile(r"^(?:و?(?:ت|ي)[\u0621-\u064a]{2,})\b")


def lead_phrase(text: str, kind: ParagraphKind, language: str) -> str:
    """The opening phrase of a paragraph (``Recalling``, ``Calls upon``, ``回顾``), or ``""``."""
    text = text.lstrip("*_[( ")
    for phrase in sorted(_LEADS.get(language, ()), key=len, reverse=True):
        if text.startswith(phrase) and (
            language == "zh" or len(text) == len(phrase) or not text[len(phrase)].isalpha()
        ):
            if phrase in ("إذ", "وإذ"):
                # "إذ تشير", "وإذ تلاحظ": the particle opens, the verb after it says what.
                words = text.split()
                return " ".join(words[:2]) if len(words) > 1 else phrase
            return phrase
    match: re.Match[str] | None = None
    if language == "en":
        pattern = _PREAMBULAR_WORD if kind is ParagraphKind.PREAMBULAR else _OPERATIVE_VERBS
        match = pattern.match(text)
    elif language in ("fr", "es"):
        pattern = _ROMANCE_WORD if kind is ParagraphKind.PREAMBULAR else _ROMANCE_VERB
        match = pattern.match(text)
    elif language == "ru":
        match = _RUSSIAN_WORD.match(text)
    elif language == "ar":
        match = _ARABIC_OPERATIVE.match(text)
    return match.group(0) if match else ""
