"""Delegations: the 193 members, observers, the EU and groups, named in the six UN languages."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from sessions.delegations import (
    LANGUAGES,
    MEMBERS,
    Delegation,
    canonical,
    delegations,
    find,
)

GROUPS = [
    "Group of 77 and China",
    "African Group",
    "Arab Group",
    "Asia-Pacific Group",
    "Eastern European Group",
    "Group of Latin American and Caribbean States",
    "Western European and Other States Group",
    "Alliance of Small Island States",
    "Least Developed Countries",
    "Landlocked Developing Countries",
    "JUSCANZ",
    "Environmental Integrity Group",
    "Like-Minded Developing Countries",
    "Independent Association of Latin America and the Caribbean",
    "Bolivarian Alliance for the Peoples of Our America",
    "BASIC countries",
    "Umbrella Group",
    "Like-Minded Group",
    "Nordic countries",
    "Caribbean Community",
    "Small Island Developing States",
]


def by_key(key: str) -> Delegation:
    return next(d for d in delegations() if d.key == key)


def by_name(name: str) -> Delegation:
    return next(d for d in delegations() if d.name == name)


def test_exactly_193_members_and_two_observer_states() -> None:
    members = [d for d in delegations() if d.kind == "member"]
    assert len(members) == 193
    assert len(MEMBERS) == len(set(MEMBERS)) == 193
    assert {d.key for d in members} == set(MEMBERS)
    observers = sorted(d.name for d in delegations() if d.kind == "observer")
    assert observers == ["Holy See", "State of Palestine"]
    assert by_key("SSD").kind == "member"
    assert by_key("PSE").kind == "observer"
    assert by_key("VAT").kind == "observer"


def test_the_european_union_and_the_groups() -> None:
    assert by_key("EU").kind == "organization"
    assert by_key("EU").name == "European Union"
    groups = [d.name for d in delegations() if d.kind == "group"]
    assert sorted(groups) == sorted(GROUPS)


def test_keys_are_unique_and_kinds_known() -> None:
    keys = [d.key for d in delegations()]
    assert len(keys) == len(set(keys))
    names = [d.name for d in delegations()]
    assert len(names) == len(set(names))
    assert {d.kind for d in delegations()} == {"member", "observer", "group", "organization"}


def test_members_are_in_the_alphabetical_order_of_their_names() -> None:
    members = [d.name for d in delegations() if d.kind == "member"]
    assert members[0] == "Afghanistan"
    assert members[-1] == "Zimbabwe"
    assert members.index("Democratic People's Republic of Korea") < members.index("Denmark")


def test_every_delegation_is_named_in_the_six_languages_in_their_own_script() -> None:
    scripts = {
        "ar": re.compile(r"[\u0600-\u06ff]"),
        "zh": re.compile(r"[\u4e00-\u9fff]"),
        "ru": re.compile(r"[\u0400-\u04ff]"),
    }
    for delegation in delegations():
        assert tuple(code for code, _ in delegation.names) == LANGUAGES
        assert all(name.strip() for _, name in delegation.names)
        assert delegation.name_in("en") == delegation.name
        for code, script in scripts.items():
            assert script.search(delegation.name_in(code)), (delegation.key, code)


def test_the_delegation_list_is_built_once() -> None:
    assert delegations() is delegations()


def test_importing_the_module_loads_no_country_data() -> None:
    code = "import sys, sessions.delegations; print('pycountry' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("GBR", "United Kingdom"),
        ("USA", "United States"),
        ("RUS", "Russian Federation"),
        ("IRN", "Iran (Islamic Republic of)"),
        ("KOR", "Republic of Korea"),
        ("PRK", "Democratic People's Republic of Korea"),
        ("TUR", "Türkiye"),
        ("BOL", "Bolivia (Plurinational State of)"),
        ("VEN", "Venezuela (Bolivarian Republic of)"),
        ("TZA", "United Republic of Tanzania"),
        ("MDA", "Republic of Moldova"),
        ("VNM", "Viet Nam"),
        ("LAO", "Lao People's Democratic Republic"),
        ("SYR", "Syrian Arab Republic"),
        ("CIV", "Côte d'Ivoire"),
        ("CZE", "Czechia"),
        ("NLD", "Netherlands (Kingdom of the)"),
        ("FSM", "Micronesia (Federated States of)"),
        ("COD", "Democratic Republic of the Congo"),
        ("COG", "Congo"),
        ("PSE", "State of Palestine"),
        ("VAT", "Holy See"),
        ("NOR", "Norway"),
    ],
)
def test_english_names_are_the_un_short_names(key: str, name: str) -> None:
    assert by_key(key).name == name


def test_names_in_every_language() -> None:
    norway = by_key("NOR")
    assert norway.name_in("ar") == "النّرويج"
    assert norway.name_in("zh") == "挪威"
    assert norway.name_in("fr") == "Norvège"
    assert norway.name_in("ru") == "Норвегия"
    assert norway.name_in("es") == "Noruega"
    assert norway.name_in("zh_CN") == "挪威"
    assert norway.name_in("FR") == "Norvège"
    assert norway.name_in("de") == "Norway"
    g77 = by_key("G77")
    assert g77.name_in("zh") == "77国集团和中国"
    assert g77.name_in("fr") == "Groupe des 77 et la Chine"
    assert g77.name_in("es") == "Grupo de los 77 y China"
    assert g77.name_in("ru") == "Группа 77 и Китай"
    assert g77.name_in("ar") == "مجموعة الـ 77 والصين"
    assert by_key("VAT").name_in("fr") == "Saint-Siège"
    assert by_key("PSE").name_in("zh") == "巴勒斯坦国"


@pytest.mark.parametrize(
    "query", ["挪威", "Norvège", "norvege", "NORVÈGE", "Норвегия", "النرويج", "Noruega", "norway"]
)
def test_find_a_name_in_any_language(query: str) -> None:
    assert find(query)[0].name == "Norway"


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("norv", "Norway"),
        ("g77", "Group of 77 and China"),
        ("G-77", "Group of 77 and China"),
        ("g 77", "Group of 77 and China"),
        ("77国集团", "Group of 77 and China"),
        ("EU", "European Union"),
        ("UE", "European Union"),
        ("UK", "United Kingdom"),
        ("usa", "United States"),
        ("Russia", "Russian Federation"),
        ("iran", "Iran (Islamic Republic of)"),
        ("NOR", "Norway"),
        ("grulac", "Group of Latin American and Caribbean States"),
        ("aosis", "Alliance of Small Island States"),
        ("Saudi", "Saudi Arabia"),
        ("kingdom", "United Kingdom"),
        ("Norwey", "Norway"),
        ("sweeden", "Sweden"),
        ("Mexcio", "Mexico"),
        ("untied kingdom", "United Kingdom"),
        ("cote d'ivoire", "Côte d'Ivoire"),
        ("Lao People’s Democratic Republic", "Lao People's Democratic Republic"),
        ("北欧", "Nordic countries"),
    ],
)
def test_find_keys_aliases_prefixes_and_typos(query: str, name: str) -> None:
    assert find(query)[0].name == name


def test_find_ranks_exact_then_prefix_then_fuzzy() -> None:
    names = [d.name for d in find("nor")]
    assert names[0] == "Norway"  # the key NOR
    # Names that start with the query, shortest first, before an alias ("North Korea").
    assert names[1:3] == ["North Macedonia", "Nordic countries"]
    assert names.index("Nordic countries") < names.index("Democratic People's Republic of Korea")
    # A name's word before an alias's start: "Kingdom of Spain" is Spain's official name.
    assert [d.name for d in find("kingdom", limit=2)] == [
        "United Kingdom",
        "Netherlands (Kingdom of the)",
    ]
    guinea = [d.name for d in find("Guinea")]
    assert guinea[0] == "Guinea"
    assert {"Guinea-Bissau", "Equatorial Guinea", "Papua New Guinea"} <= set(guinea)


def test_find_limits_and_blank_queries() -> None:
    assert len(find("republic", limit=3)) == 3
    assert len({d.key for d in find("a", limit=50)}) == len(find("a", limit=50))
    assert find("") == []
    assert find("   ") == []
    assert find("-") == []
    assert find("norway", limit=0) == []
    assert find("Friends of the Chair") == []


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("挪威", "Norway"),
        ("Norvège", "Norway"),
        ("Норвегия", "Norway"),
        ("النرويج", "Norway"),
        ("Noruega", "Norway"),
        ("  norway ", "Norway"),
        ("G77", "Group of 77 and China"),
        ("G-77", "Group of 77 and China"),
        ("77国集团和中国", "Group of 77 and China"),
        ("مجموعة الـ 77 والصين", "Group of 77 and China"),
        ("EU", "European Union"),
        ("Union européenne", "European Union"),
        ("UK", "United Kingdom"),
        ("US", "United States"),
        ("USA", "United States"),
        ("United States of America", "United States"),
        ("Russia", "Russian Federation"),
        ("Iran", "Iran (Islamic Republic of)"),
        ("Turkey", "Türkiye"),
        ("Vietnam", "Viet Nam"),
        ("DPRK", "Democratic People's Republic of Korea"),
        ("South Korea", "Republic of Korea"),
        ("Korea, Republic of", "Republic of Korea"),
        ("DRC", "Democratic Republic of the Congo"),
        ("Congo", "Congo"),
        ("Palestine", "State of Palestine"),
        ("Vatican", "Holy See"),
        ("Saint-Siège", "Holy See"),
        ("cote divoire", "Côte d'Ivoire"),
        ("Saudi", "Saudi Arabia"),
        ("中非", "Central African Republic"),
        ("AOSIS", "Alliance of Small Island States"),
        ("LDCs", "Least Developed Countries"),
        ("African Group", "African Group"),
    ],
)
def test_canonical_names_in_any_language_and_alias(typed: str, name: str) -> None:
    assert canonical(typed) == name


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Greenpeace", "Greenpeace"),
        ("  Friends   of the\tChair ", "Friends of the Chair"),
        ("Women's Major Group", "Women's Major Group"),
        ("Norwey", "Norwey"),  # a typo: never a fuzzy guess
        ("Korea", "Korea"),  # two delegations: ambiguous
        ("United", "United"),
        ("CAN", "CAN"),  # Climate Action Network, not Canada's ISO code
        ("Nor", "Nor"),  # too short to complete
        ("", ""),
        ("   ", ""),
    ],
)
def test_canonical_keeps_what_designates_no_single_delegation(typed: str, kept: str) -> None:
    assert canonical(typed) == kept
