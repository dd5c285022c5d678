"""Who can speak in a UN negotiation: states, the European Union and negotiating groups."""

from __future__ import annotations

import gettext
import unicodedata
from dataclasses import dataclass
from functools import cache

from sessions.text import is_cjk

__all__ = ["LANGUAGES", "MEMBERS", "OBSERVERS", "Delegation", "canonical", "delegations", "find"]

#: The six official languages of the United Nations, in the UN's own order.
LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")

#: The 193 member states of the United Nations by ISO 3166-1 alpha-3 code. Membership last
#: changed in 2011 (South Sudan), so the list lives here rather than behind a network call.
_MEMBER_CODES = """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
    BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP
    CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU
    GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ
    KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS
    MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN
    PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
    SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN
    TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
"""
MEMBERS: tuple[str, ...] = tuple(_MEMBER_CODES.split())

#: Non-member states with a standing invitation as observers.
OBSERVERS: tuple[str, ...] = ("VAT", "PSE")

# pycountry's message catalogues for each UN language; English is the catalogue's own msgid.
_LOCALES = {"ar": "ar", "zh": "zh_CN", "fr": "fr", "ru": "ru", "es": "es"}

# Where the UN's name differs from pycountry's, the UN's wins (UNTERM short names). English
# follows the list the rapporteur's report must use; the other languages fix pycountry forms
# like "Corée, République de" that no UN document would print.
_UN_NAMES: dict[str, dict[str, str]] = {
    "ARE": {"zh": "阿拉伯联合酋长国"},
    "BGD": {"zh": "孟加拉国"},
    "BLR": {"ar": "بيلاروس", "es": "Belarús"},
    "BOL": {
        "ar": "بوليفيا (دولة - المتعددة القوميات)",
        "zh": "多民族玻利维亚国",
        "en": "Bolivia (Plurinational State of)",
        "fr": "Bolivie (État plurinational de)",
        "ru": "Боливия (Многонациональное Государство)",
        "es": "Bolivia (Estado Plurinacional de)",
    },
    "CAF": {"ru": "Центральноафриканская Республика"},
    "CIV": {"ar": "كوت ديفوار", "es": "Côte d'Ivoire"},
    "COD": {
        "ar": "جمهورية الكونغو الديمقراطية",
        "en": "Democratic Republic of the Congo",
        "es": "República Democrática del Congo",
    },
    "COG": {"fr": "Congo"},
    "COM": {"es": "Comoras"},
    "CPV": {"fr": "Cabo Verde"},
    "DOM": {"ru": "Доминиканская Республика"},
    "FSM": {
        "ar": "ميكرونيزيا (ولايات - الموحدة)",
        "zh": "密克罗尼西亚联邦",
        "en": "Micronesia (Federated States of)",
        "fr": "Micronésie (États fédérés de)",
        "ru": "Микронезия (Федеративные Штаты)",
        "es": "Micronesia (Estados Federados de)",
    },
    "GBR": {"zh": "大不列颠及北爱尔兰联合王国", "ru": "Соединенное Королевство"},
    "GTM": {"zh": "危地马拉"},
    "IRN": {
        "ar": "إيران (جمهورية - الإسلامية)",
        "en": "Iran (Islamic Republic of)",
        "fr": "Iran (République islamique d')",
        "ru": "Иран (Исламская Республика)",
        "es": "Irán (República Islámica del)",
    },
    "KGZ": {"zh": "吉尔吉斯斯坦", "ru": "Кыргызстан"},
    "KHM": {"zh": "柬埔寨"},
    "KOR": {
        "ar": "جمهورية كوريا",
        "en": "Republic of Korea",
        "fr": "République de Corée",
        "es": "República de Corea",
    },
    "LAO": {
        "ar": "جمهورية لاو الديمقراطية الشعبية",
        "fr": "République démocratique populaire lao",
        "es": "República Democrática Popular Lao",
    },
    "MDA": {
        "en": "Republic of Moldova",
        "fr": "République de Moldova",
        "es": "República de Moldova",
    },
    "MMR": {"fr": "Myanmar", "es": "Myanmar"},
    "NLD": {
        "ar": "هولندا (مملكة)",
        "zh": "荷兰王国",
        "en": "Netherlands (Kingdom of the)",
        "fr": "Pays-Bas (Royaume des)",
        "ru": "Нидерланды (Королевство)",
        "es": "Países Bajos (Reino de los)",
    },
    "PRK": {
        "ar": "جمهورية كوريا الشعبية الديمقراطية",
        "en": "Democratic People's Republic of Korea",
        "fr": "République populaire démocratique de Corée",
        "es": "República Popular Democrática de Corea",
    },
    "PSE": {
        "ar": "دولة فلسطين",
        "zh": "巴勒斯坦国",
        "en": "State of Palestine",
        "fr": "État de Palestine",
        "ru": "Государство Палестина",
        "es": "Estado de Palestina",
    },
    "RUS": {"zh": "俄罗斯联邦", "fr": "Fédération de Russie", "es": "Federación de Rusia"},
    "SLB": {"fr": "Îles Salomon"},
    "SWZ": {"es": "Eswatini"},
    "SYR": {"fr": "République arabe syrienne", "es": "República Árabe Siria"},
    "TLS": {"fr": "Timor-Leste", "ru": "Тимор-Лешти", "es": "Timor-Leste"},
    "TUR": {"ar": "تركيا", "fr": "Türkiye", "es": "Türkiye"},
    "TZA": {
        "ar": "جمهورية تنزانيا المتحدة",
        "zh": "坦桑尼亚联合共和国",
        "en": "United Republic of Tanzania",
        "fr": "République-Unie de Tanzanie",
        "ru": "Объединенная Республика Танзания",
        "es": "República Unida de Tanzanía",
    },
    "USA": {"ru": "Соединенные Штаты Америки"},
    "VAT": {
        "ar": "الكرسي الرسولي",
        "zh": "教廷",
        "en": "Holy See",
        "fr": "Saint-Siège",
        "ru": "Святейший Престол",
        "es": "Santa Sede",
    },
    "VEN": {
        "ar": "فنزويلا (جمهورية - البوليفارية)",
        "en": "Venezuela (Bolivarian Republic of)",
        "fr": "Venezuela (République bolivarienne du)",
        "ru": "Венесуэла (Боливарианская Республика)",
        "es": "Venezuela (República Bolivariana de)",
    },
    "VNM": {"ar": "فييت نام", "fr": "Viet Nam", "es": "Viet Nam"},
}

# What delegates and note-takers actually type, beside the names pycountry already gives.
_ALIASES: dict[str, tuple[str, ...]] = {
    "ARE": ("UAE", "Emirates", "阿联酋"),
    "BOL": ("Bolivia",),
    "BRN": ("Brunei",),
    "CIV": ("Ivory Coast", "Cote d'Ivoire"),
    "COD": ("DRC", "DR Congo", "Congo-Kinshasa", "RDC"),
    "COG": ("Republic of the Congo", "Congo-Brazzaville"),
    "CPV": ("Cape Verde",),
    "CZE": ("Czech Republic",),
    "FSM": ("Micronesia",),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "英国", "联合王国"),
    "IRN": ("Iran",),
    "KOR": ("ROK", "South Korea", "韩国"),
    "LAO": ("Laos", "Lao PDR"),
    "MDA": ("Moldova",),
    "MKD": ("Macedonia",),
    "MMR": ("Burma",),
    "NLD": ("Netherlands", "Holland"),
    "PRK": ("DPRK", "North Korea", "朝鲜"),
    "PSE": ("Palestine",),
    "RUS": ("Russia", "Россия", "俄罗斯"),
    "SAU": ("KSA",),
    "SWZ": ("Swaziland",),
    "SYR": ("Syria",),
    "TLS": ("East Timor",),
    "TUR": ("Turkey", "Turquie", "Turquía"),
    "TZA": ("Tanzania",),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "美利坚合众国"),
    "VAT": ("Vatican",),
    "VEN": ("Venezuela",),
    "VNM": ("Vietnam",),
}

# The EU and the negotiating groups: key, names in LANGUAGES order, aliases. The English names
# are those of UN reports; the acronyms delegates say aloud are aliases.
_ORGANIZATIONS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "EU",
        "organization",
        (
            "الاتحاد الأوروبي",
            "欧洲联盟",
            "European Union",
            "Union européenne",
            "Европейский союз",
            "Unión Europea",
        ),
        ("EU", "UE", "ЕС", "欧盟", "European Community"),
    ),
    (
        "G77",
        "group",
        (
            "مجموعة الـ 77 والصين",
            "77国集团和中国",
            "Group of 77 and China",
            "Groupe des 77 et la Chine",
            "Группа 77 и Китай",
            "Grupo de los 77 y China",
        ),
        ("G77", "G-77", "G77 and China", "G-77 and China", "G77+China", "Group of 77", "77国集团"),
    ),
    (
        "AFRICAN",
        "group",
        (
            "مجموعة الدول الأفريقية",
            "非洲国家集团",
            "African Group",
            "Groupe des États d'Afrique",
            "Группа африканских государств",
            "Grupo de los Estados de África",
        ),
        ("Africa Group", "African States", "AGN", "African Group of Negotiators", "非洲集团"),
    ),
    (
        "ARAB",
        "group",
        (
            "المجموعة العربية",
            "阿拉伯国家集团",
            "Arab Group",
            "Groupe des États arabes",
            "Группа арабских государств",
            "Grupo de los Estados Árabes",
        ),
        ("Arab States", "Groupe arabe", "Grupo Árabe", "阿拉伯集团"),
    ),
    (
        "APG",
        "group",
        (
            "مجموعة دول آسيا والمحيط الهادئ",
            "亚洲及太平洋国家集团",
            "Asia-Pacific Group",
            "Groupe des États d'Asie et du Pacifique",
            "Группа азиатско-тихоокеанских государств",
            "Grupo de los Estados de Asia y el Pacífico",
        ),
        ("APG", "Asia-Pacific States", "Asian Group", "亚太集团"),
    ),
    (
        "EEG",
        "group",
        (
            "مجموعة دول أوروبا الشرقية",
            "东欧国家集团",
            "Eastern European Group",
            "Groupe des États d'Europe orientale",
            "Группа восточноевропейских государств",
            "Grupo de los Estados de Europa Oriental",
        ),
        ("EEG", "Eastern European States"),
    ),
    (
        "GRULAC",
        "group",
        (
            "مجموعة دول أمريكا اللاتينية ومنطقة البحر الكاريبي",
            "拉丁美洲和加勒比国家集团",
            "Group of Latin American and Caribbean States",
            "Groupe des États d'Amérique latine et des Caraïbes",
            "Группа государств Латинской Америки и Карибского бассейна",
            "Grupo de los Estados de América Latina y el Caribe",
        ),
        ("GRULAC", "Latin American and Caribbean Group", "拉美和加勒比集团"),
    ),
    (
        "WEOG",
        "group",
        (
            "مجموعة دول أوروبا الغربية ودول أخرى",
            "西欧和其他国家集团",
            "Western European and Other States Group",
            "Groupe des États d'Europe occidentale et autres États",
            "Группа западноевропейских и других государств",
            "Grupo de los Estados de Europa Occidental y otros Estados",
        ),
        ("WEOG", "Western European and Others Group"),
    ),
    (
        "AOSIS",
        "group",
        (
            "تحالف الدول الجزرية الصغيرة",
            "小岛屿国家联盟",
            "Alliance of Small Island States",
            "Alliance des petits États insulaires",
            "Альянс малых островных государств",
            "Alianza de los Pequeños Estados Insulares",
        ),
        ("AOSIS",),
    ),
    (
        "LDC",
        "group",
        (
            "أقل البلدان نموا",
            "最不发达国家",
            "Least Developed Countries",
            "Pays les moins avancés",
            "Наименее развитые страны",
            "Países menos adelantados",
        ),
        ("LDCs", "LDC", "LDC Group", "PMA", "НРС"),
    ),
    (
        "LLDC",
        "group",
        (
            "البلدان النامية غير الساحلية",
            "内陆发展中国家",
            "Landlocked Developing Countries",
            "Pays en développement sans littoral",
            "Развивающиеся страны, не имеющие выхода к морю",
            "Países en desarrollo sin litoral",
        ),
        ("LLDCs", "LLDC"),
    ),
    (
        "JUSCANZ",
        "group",
        (
            "مجموعة جوسكانز",
            "JUSCANZ集团",
            "JUSCANZ",
            "Groupe JUSCANZ",
            "Группа JUSCANZ",
            "Grupo JUSCANZ",
        ),
        ("JUSSCANNZ",),
    ),
    (
        "EIG",
        "group",
        (
            "مجموعة السلامة البيئية",
            "环境完整性集团",
            "Environmental Integrity Group",
            "Groupe pour l'intégrité de l'environnement",
            "Группа за экологическую целостность",
            "Grupo de Integridad Ambiental",
        ),
        ("EIG",),
    ),
    (
        "LMDC",
        "group",
        (
            "البلدان النامية المتقاربة التفكير",
            "立场相近发展中国家",
            "Like-Minded Developing Countries",
            "Pays en développement animés du même esprit",
            "Развивающиеся страны-единомышленники",
            "Países en Desarrollo Afines",
        ),
        ("LMDC", "LMDCs"),
    ),
    (
        "AILAC",
        "group",
        (
            "الرابطة المستقلة لأمريكا اللاتينية والبحر الكاريبي",
            "拉丁美洲和加勒比独立协会",
            "Independent Association of Latin America and the Caribbean",
            "Association indépendante de l'Amérique latine et des Caraïbes",
            "Независимая ассоциация Латинской Америки и Карибского бассейна",
            "Asociación Independiente de América Latina y el Caribe",
        ),
        ("AILAC",),
    ),
    (
        "ALBA",
        "group",
        (
            "التحالف البوليفاري لشعوب أمريكتنا",
            "美洲玻利瓦尔联盟",
            "Bolivarian Alliance for the Peoples of Our America",
            "Alliance bolivarienne pour les peuples de notre Amérique",
            "Боливарианский альянс для народов нашей Америки",
            "Alianza Bolivariana para los Pueblos de Nuestra América",
        ),
        ("ALBA", "ALBA-TCP"),
    ),
    (
        "BASIC",
        "group",
        (
            "مجموعة بيسك",
            "基础四国",
            "BASIC countries",
            "Pays du groupe BASIC",
            "Страны БАСИК",
            "Países del grupo BASIC",
        ),
        ("BASIC", "BASIC group"),
    ),
    (
        "UMBRELLA",
        "group",
        (
            "مجموعة المظلة",
            "伞形集团",
            "Umbrella Group",
            "Groupe parapluie",
            "Зонтичная группа",
            "Grupo Paraguas",
        ),
        ("Umbrella",),
    ),
    (
        "LMG",
        "group",
        (
            "مجموعة البلدان المتقاربة التفكير",
            "立场相近国家集团",
            "Like-Minded Group",
            "Groupe des pays animés du même esprit",
            "Группа единомышленников",
            "Grupo de Países Afines",
        ),
        ("LMG", "Like-Minded"),
    ),
    (
        "NORDIC",
        "group",
        (
            "بلدان الشمال الأوروبي",
            "北欧国家",
            "Nordic countries",
            "Pays nordiques",
            "Страны Северной Европы",
            "Países nórdicos",
        ),
        ("Nordics", "Nordic group", "Nordic States"),
    ),
    (
        "CARICOM",
        "group",
        (
            "الجماعة الكاريبية",
            "加勒比共同体",
            "Caribbean Community",
            "Communauté des Caraïbes",
            "Карибское сообщество",
            "Comunidad del Caribe",
        ),
        ("CARICOM", "加共体"),
    ),
    (
        "SIDS",
        "group",
        (
            "الدول الجزرية الصغيرة النامية",
            "小岛屿发展中国家",
            "Small Island Developing States",
            "Petits États insulaires en développement",
            "Малые островные развивающиеся государства",
            "Pequeños Estados insulares en desarrollo",
        ),
        ("SIDS", "PEID", "МОРАГ"),
    ),
)


@dataclass(frozen=True, slots=True)
class Delegation:
    """A delegation that can take the floor: a state, an observer, the EU or a group.

    ``names`` pairs each UN language with the delegation's name in it; ``name`` is the English
    one, the form a rapporteur's report uses.
    """

    key: str
    name: str
    kind: str  # "member", "observer", "group" or "organization"
    names: tuple[tuple[str, str], ...]
    aliases: tuple[str, ...] = ()

    def name_in(self, language: str) -> str:
        """Return the delegation's name in a UN language.

        Args:
            language: A language code such as ``"fr"``, ``"zh"`` or ``"zh_CN"``.

        Returns:
            The name in that language, else the English name.
        """
        base = language.replace("-", "_").split("_")[0].casefold()
        return next((name for code, name in self.names if code == base), self.name)


@cache
def delegations() -> tuple[Delegation, ...]:
    """Return every delegation: the 193 members, the 2 observer states, the EU and the groups.

    Members come in the alphabetical order of their English names, as the UN seats them; the
    list is built on first call, from pycountry's names and translations, and kept.
    """
    # pycountry reads its metadata on import: paid by the first caller, not by every start.
    import pycountry  # noqa: PLC0415

    catalogues = {
        language: gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
        )
        for language, locale in _LOCALES.items()
    }
    states: list[Delegation] = []
    for code in (*MEMBERS, *OBSERVERS):
        country = pycountry.countries.get(alpha_3=code)
        if country is None:  # pragma: no cover - pycountry keeps every current state
            continue
        own: str = country.name
        common: str | None = getattr(country, "common_name", None)
        official: str | None = getattr(country, "official_name", None)
        fixes = _UN_NAMES.get(code, {})
        english = fixes.get("en", own)
        extra: list[str] = [n for n in (own, common, official) if n]
        names: list[tuple[str, str]] = []
        for language in LANGUAGES:
            if language == "en":
                names.append((language, english))
                continue
            catalogue = catalogues[language]
            translated = _translate(catalogue, own, common) or english
            if official:
                extra.append(catalogue.gettext(official))
            if language in fixes:
                extra.append(translated)
                translated = fixes[language]
            names.append((language, translated))
        extra.extend(_ALIASES.get(code, ()))
        kind = "observer" if code in OBSERVERS else "member"
        states.append(Delegation(code, english, kind, tuple(names), _distinct(extra, names)))
    members = sorted((s for s in states if s.kind == "member"), key=lambda s: _fold(s.name))
    others = [
        Delegation(key, names[2], kind, tuple(zip(LANGUAGES, names, strict=True)), aliases)
        for key, kind, names, aliases in _ORGANIZATIONS
    ]
    return (*members, *(s for s in states if s.kind == "observer"), *others)


def find(query: str, *, limit: int = 10) -> list[Delegation]:
    """Return the delegations a typed query may mean, best first.

    Matching ignores case, accents and punctuation. Exact matches of a key, an alias or a name
    in any UN language come first, then names that start with the query (shortest first), then
    names with a word that starts with it, then the same for aliases, then fuzzy matches over
    all names and aliases.

    Args:
        query: What the rapporteur typed: ``"挪威"``, ``"norv"``, ``"g77"``.
        limit: The most delegations to return.

    Returns:
        Up to ``limit`` distinct delegations; none for a blank query.
    """
    spaced = _fold(query)
    compact = spaced.replace(" ", "")
    if not compact or limit <= 0:
        return []
    index = _index()
    found: dict[int, None] = dict.fromkeys(index.exact.get(compact, ()))
    # Names in the six languages before aliases and keys, whose "Kingdom of ..." and
    # "Republic of ..." would otherwise crowd out the name the rapporteur is typing.
    for primary in (True, False):
        starts = sorted(
            (len(entry.compact), entry.position)
            for entry in index.entries
            if entry.primary is primary and entry.compact.startswith(compact)
        )
        words = sorted(
            (len(entry.compact), entry.position)
            for entry in index.entries
            if entry.primary is primary and f" {spaced}" in f" {entry.spaced}"
        )
        found.update(dict.fromkeys(position for _, position in (*starts, *words)))
    if len(found) < limit and len(compact) >= 3:
        found.update(dict.fromkeys(_fuzzy(spaced, index)))
    everyone = delegations()
    return [everyone[position] for position in list(found)[:limit]]


def canonical(text: str) -> str:
    """Return the English UN name of the delegation a typed name designates.

    A name, alias or acronym in any UN language counts when it designates one delegation only;
    so does the start of a name, at least four letters long (two Chinese characters), that
    begins one delegation's names and no other's. Nothing is guessed beyond that: a fuzzy
    match could turn an NGO into a state.

    Args:
        text: A delegation as typed: ``"挪威"``, ``"Norvège"``, ``"USA"``, ``"Greenpeace"``.

    Returns:
        The English UN name, else the typed text with its spaces collapsed.
    """
    typed = " ".join(text.split())
    compact = _fold(typed).replace(" ", "")
    if not compact:
        return typed
    index = _index()
    everyone = delegations()
    exact = index.names.get(compact)
    if exact is not None:
        return everyone[exact[0]].name if len(exact) == 1 else typed
    shortest = 2 if is_cjk(compact[0]) else 4
    if len(compact) >= shortest:
        starts = {
            entry.position
            for entry in index.entries
            if not entry.is_key and entry.compact.startswith(compact)
        }
        if len(starts) == 1:
            return everyone[starts.pop()].name
    return typed


def _fuzzy(spaced: str, index: _Index) -> list[int]:
    """Positions of the delegations whose forms look like a mistyped query, best first.

    A plain edit-distance ratio, over whole forms and over their first letters (a mistyped
    start: "mexc" for Mexico): token-set scorers match "Friends of the Chair" to any "Republic
    of the ...", which helps nobody.
    """
    # rapidfuzz loads a compiled extension: only a query with too few plain matches pays for it.
    from rapidfuzz import fuzz, process  # noqa: PLC0415

    best: dict[int, float] = {}
    wholes = [entry.spaced for entry in index.entries]
    heads = [form[: len(spaced)] for form in wholes] if len(spaced) >= 4 else []
    for choices in (wholes, heads):
        for _, score, number in process.extract(
            spaced, choices, scorer=fuzz.ratio, processor=None, limit=None, score_cutoff=75
        ):
            best[number] = max(best.get(number, 0.0), score)
    ranked = sorted(best, key=lambda number: (-best[number], number))
    return [index.entries[number].position for number in ranked]


@dataclass(frozen=True, slots=True)
class _Entry:
    """One searchable form of a delegation: a key, a name or an alias, folded."""

    compact: str
    spaced: str
    position: int
    is_key: bool
    primary: bool  # a name in one of the six languages, not an alias or a key


@dataclass(frozen=True, slots=True)
class _Index:
    """The folded forms of every delegation, and exact lookups over them."""

    entries: tuple[_Entry, ...]
    exact: dict[str, tuple[int, ...]]  # keys, names and aliases
    names: dict[str, tuple[int, ...]]  # names and aliases only: what canonical() may resolve


@cache
def _index() -> _Index:
    entries: list[_Entry] = []
    for position, delegation in enumerate(delegations()):
        # The key comes last, so that a key which is also an alias ("G77") counts as the alias.
        forms = [*(name for _, name in delegation.names), *delegation.aliases, delegation.key]
        seen: set[str] = set()
        for number, form in enumerate(forms):
            spaced = _fold(form)
            compact = spaced.replace(" ", "")
            if compact and compact not in seen:
                seen.add(compact)
                is_key = number == len(forms) - 1
                primary = number < len(delegation.names)
                entries.append(_Entry(compact, spaced, position, is_key, primary))
    exact: dict[str, tuple[int, ...]] = {}
    names: dict[str, tuple[int, ...]] = {}
    for entry in entries:
        exact[entry.compact] = _add(exact.get(entry.compact, ()), entry.position)
        if not entry.is_key:
            names[entry.compact] = _add(names.get(entry.compact, ()), entry.position)
    return _Index(tuple(entries), exact, names)


def _add(positions: tuple[int, ...], position: int) -> tuple[int, ...]:
    return positions if position in positions else (*positions, position)


def _translate(catalogue: gettext.NullTranslations, own: str, common: str | None) -> str:
    """pycountry's translation of a country's name, or "" when the catalogue has none."""
    for msgid in (own, common):
        if msgid and (translated := catalogue.gettext(msgid)) != msgid:
            return translated
    return ""


def _distinct(forms: list[str], names: list[tuple[str, str]]) -> tuple[str, ...]:
    """The forms that fold to something no name and no earlier form already folds to."""
    seen = {_fold(name) for _, name in names}
    kept: list[str] = []
    for form in forms:
        folded = _fold(form)
        if folded and folded not in seen:
            seen.add(folded)
            kept.append(form)
    return tuple(kept)


# Arabic letters typed in several equivalent ways, and the tatweel that only stretches a word.
_ARABIC = str.maketrans({"\u0640": None, "ة": "ه", "ى": "ي"})
_APOSTROPHES = frozenset("'’ʼ‘`´")


def _fold(text: str) -> str:
    """A form of ``text`` for matching: no case, accents, diacritics or punctuation."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = bare.casefold().translate(_ARABIC)
    # "People's" and "Peoples" are one name; "G-77" and "G 77" too, once spaces are dropped.
    kept = "".join(
        "" if c in _APOSTROPHES else c if c.isalnum() or c.isspace() else " " for c in folded
    )
    return " ".join(kept.split())
