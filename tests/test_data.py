"""The bundled syria-2012 dataset: the counts issue 6 asks for, provenance an analyst can grade,
the family core, the disputes kept as separate claims, and names as analysts meet them."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from explorer import schema
from explorer.dataset import bundled_path, load_dataset, normalise_quote, read_dataset
from explorer.graph import build_graph, status_at
from explorer.model import Dataset
from explorer.names import resolve

DATA = bundled_path()


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return load_dataset()


@pytest.fixture(scope="module")
def graph(dataset):
    return build_graph(dataset)


def _records(name: str) -> list[dict]:
    """The records of one data file, read straight from the YAML (not through the loader)."""
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8")) or []


def _ties(dataset: Dataset, type_: str, source: str | None = None, target: str | None = None):
    return [t for t in dataset.ties if t.type == type_ and source in (None, t.source) and target in (None, t.target)]


# --- counts and strict validation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "minimum"),
    [("people.yaml", 60), ("organizations.yaml", 15), ("ties.yaml", 150), ("status.yaml", 20)],
)
def test_the_files_hold_at_least_the_counts_issue_6_asks_for(file, minimum):
    assert len(_records(file)) >= minimum


def test_the_loader_keeps_every_record_of_the_files(dataset):
    counts = Counter(e.kind for e in dataset.entities.values())
    assert counts["person"] == len(_records("people.yaml"))
    assert counts["organization"] == len(_records("organizations.yaml"))
    assert counts["place"] == len(_records("places.yaml"))
    assert counts["event"] == len(_records("events.yaml"))
    assert len(dataset.ties) == len(_records("ties.yaml"))
    assert len(dataset.status_events) == len(_records("status.yaml"))
    assert len(dataset.sources) == len(_records("sources.yaml"))


def test_strict_validation_finds_no_problem():
    _, problems = read_dataset(strict=True)
    assert [str(p) for p in problems] == []


# --- provenance --------------------------------------------------------------------------------


def test_every_tie_and_status_event_cites_a_source_with_a_credibility(dataset):
    claims = [(t.id, t.citations) for t in dataset.ties] + [(e.id, e.citations) for e in dataset.status_events]
    uncited = [ident for ident, citations in claims if not citations]
    ungraded = [ident for ident, citations in claims if any(c.credibility is None for c in citations)]
    assert (uncited, ungraded) == ([], [])


def test_every_source_is_graded_and_every_grade_reads_like_b2(dataset):
    assert {s.reliability for s in dataset.sources.values()} <= set(schema.RELIABILITY)
    grades = {
        schema.grade(dataset.sources[c.source].reliability, c.credibility)
        for t in dataset.ties
        for c in t.citations
    }
    assert all(re.fullmatch(r"[A-F][1-6]", g) for g in grades)
    assert schema.grade(dataset.sources["reuters-2012-07-05-tlas"].reliability, 2) == "B2"


def test_every_quote_is_word_for_word_in_a_held_text(dataset):
    quotes = [
        (c.source, c.quote)
        for claim in [*dataset.ties, *dataset.status_events]
        for c in claim.citations
        if c.quote
    ]
    assert len(quotes) >= 20
    assert all(source in dataset.texts for source, _ in quotes)
    assert [q for s, q in quotes if normalise_quote(q) not in normalise_quote(dataset.texts[s])] == []


def test_urls_are_web_addresses_and_ids_are_unique(dataset):
    urls = [s.url for s in dataset.sources.values() if s.url]
    assert all(u.startswith(("http://", "https://")) for u in urls)
    assert len(_records("sources.yaml")) == len({r["id"] for r in _records("sources.yaml")})


# --- the family core (issue 2) ------------------------------------------------------------------


def _children(dataset: Dataset, parent: str) -> set[str]:
    return {t.target for t in _ties(dataset, "PARENT_OF", source=parent)}


def test_hafez_and_anisa_have_the_five_children(dataset):
    five = {"bushra-al-assad", "basil-al-assad", "bashar-al-assad", "majd-al-assad", "maher-al-assad"}
    assert _children(dataset, "hafez-al-assad") == five
    assert _children(dataset, "anisa-makhlouf") == five
    assert _ties(dataset, "SPOUSE_OF", "anisa-makhlouf", "hafez-al-assad")[0].start.year == 1957


def test_mustafa_tlass_children_and_the_makhlouf_sons(dataset):
    assert _children(dataset, "mustafa-tlass") == {"manaf-tlass", "firas-tlass", "nahed-ojjeh"}
    assert _children(dataset, "mohammed-makhlouf") == {"rami-makhlouf", "hafez-makhlouf", "ihab-makhlouf", "iyad-makhlouf"}
    assert _ties(dataset, "SIBLING_OF", "anisa-makhlouf", "mohammed-makhlouf")


def test_spouses_of_bashar_and_bushra(dataset):
    assert _ties(dataset, "SPOUSE_OF", "asma-al-assad", "bashar-al-assad")[0].start.year == 2000
    shawkat = _ties(dataset, "SPOUSE_OF", "assef-shawkat", "bushra-al-assad")[0]
    assert str(shawkat.end) == "2012-07-18"


@pytest.mark.parametrize(
    ("person", "date"),
    [
        ("hafez-al-assad", "2000-06-10"),
        ("basil-al-assad", "1994-01-21"),
        ("majd-al-assad", "2009-12-12"),
        ("assef-shawkat", "2012-07-18"),
    ],
)
def test_the_family_deaths_are_dated_and_sourced(dataset, person, date):
    assert str(dataset.entities[person].attrs["died"]) == date
    deaths = [e for e in dataset.status_events if e.person == person and e.kind == "died" and e.state == "confirmed"]
    assert len(deaths) == 1 and deaths[0].citations


def test_every_person_has_a_date(dataset):
    dated = {p for t in dataset.ties if t.start or t.end for p in (t.source, t.target)}
    dated |= {e.person for e in dataset.status_events}
    undated = [
        p.id
        for p in dataset.of_kind("person")
        if not ({"born", "died"} & set(p.attrs)) and p.id not in dated
    ]
    assert undated == []


# --- disputes kept as separate claims -----------------------------------------------------------


def test_manaf_tlass_brigade_is_two_claims_with_their_own_grades(dataset):
    claims = {t.target: t.confidence for t in _ties(dataset, "COMMANDS", source="manaf-tlass")}
    assert claims == {"republican-guard-105th-brigade": "reported", "republican-guard-104th-brigade": "disputed"}


def test_manaf_tlass_defection_is_reported_then_confirmed_by_a_new_record(dataset):
    events = {e.id: e for e in dataset.status_events if e.person == "manaf-tlass"}
    confirmed = events["manaf-tlass-defection-confirmed-2012-07-17"]  # confirmed by name: Hollande, 17 July
    assert (confirmed.state, confirmed.supersedes) == ("confirmed", "manaf-tlass-defection-reported-2012-07-06")
    assert events["manaf-tlass-defection-reported-2012-07-06"].supersedes == "manaf-tlass-defected-2012-07"
    assert [events[e].state for e in ("manaf-tlass-defected-2012-07", "manaf-tlass-defection-reported-2012-07-06")] == ["reported", "reported"]


def test_mustafa_tlass_move_to_paris_keeps_both_dates(dataset):
    assert sorted(str(t.start) for t in _ties(dataset, "MOVED_TO", "mustafa-tlass", "paris")) == ["2012-02", "2012-03"]


@pytest.mark.parametrize(
    ("claim", "denial"),
    [
        ("farouk-al-sharaa-defection-claim-2012-08-18", "farouk-al-sharaa-defection-denied-2012-08-18"),
        ("assef-shawkat-death-claim-2012-05", "assef-shawkat-death-claim-denied-2012-05"),
        ("jamil-hassan-death-claim-2012-08", "jamil-hassan-death-claim-denied-2012-08"),
    ],
)
def test_a_denial_is_a_new_record_that_supersedes_the_claim(dataset, claim, denial):
    events = {e.id: e for e in dataset.status_events}
    assert events[claim].state == "reported"
    assert (events[denial].state, events[denial].supersedes) == ("denied", claim)


def test_denied_claims_do_not_change_a_status(graph):
    assert status_at(graph, "farouk-al-sharaa", "2012-09") == "loyal"
    assert status_at(graph, "jamil-hassan", "2012-09") == "loyal"
    assert status_at(graph, "assef-shawkat", "2012-06") == "loyal"
    assert status_at(graph, "assef-shawkat", "2012-08") == "dead"


def test_maher_command_of_the_4th_division_is_de_facto_then_formal(dataset):
    claims = sorted((str(t.start), t.confidence) for t in _ties(dataset, "COMMANDS", "maher-al-assad", "fourth-armoured-division"))
    assert claims == [("2011", "disputed"), ("2018-04-24", "reported")]


def test_the_mamlouk_2010_replacement_is_a_disputed_claim_beside_the_2005_2012_record(dataset):
    posts = sorted((str(t.start), str(t.end), t.confidence) for t in _ties(dataset, "HOLDS_POSITION", "ali-mamlouk", "state-security"))
    assert posts == [("2005-06", "2012-07", "reported"), ("None", "2010-09", "disputed")]


# --- names as analysts meet them --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "person"),
    [
        ("Rami Makhluf", "rami-makhlouf"),
        ("Mustafa Tlas", "mustafa-tlass"),
        ("Assef Shaukat", "assef-shawkat"),
        ("Asef Shawkat", "assef-shawkat"),
        ("Manaf Tass", "manaf-tlass"),
        ("Tiras", "firas-tlass"),
        ("Hisham Bakhtiyar", "hisham-ikhtiyar"),
        ("Daoud Rajha", "dawoud-rajiha"),
        ("Mohammed Dib Zeitoun", "deeb-zaytoun"),
        ("Aniseh Makhlouf", "anisa-makhlouf"),
    ],
)
def test_transliteration_variants_resolve(graph, query, person):
    assert resolve(graph.nodes, query, kinds=("person",)) == person


def test_the_three_families_carry_their_arabic_names(dataset):
    core = ["hafez-al-assad", "bashar-al-assad", "maher-al-assad", "mustafa-tlass", "manaf-tlass", "rami-makhlouf", "mohammed-makhlouf"]
    arabic = re.compile(r"^[\u0600-\u06FF ]+$")
    assert all(arabic.match(dataset.entities[p].name_ar or "") for p in core)
