"""`regime-explorer ingest`: from a report to candidate claims, measured on the founding report.

The founding report's scores are measured from the bundled data (the ties and status events that
cite it), never from a list written here. Every other report read here is made up
(tests/ingest_reports/README.md): an invented state, Veridia, and its invented people.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from explorer import schema
from explorer.cli import main
from explorer.dataset import bundled_path, load_dataset
from explorer.dates import parse_date
from explorer.ingest.candidates import candidate_records, ingest_report, write_candidates
from explorer.ingest.compare import compare
from explorer.ingest.merge import CandidatesError, merge_candidates, read_candidates
from explorer.ingest.reading import ReportError, read_report
from explorer.ingest.rules import RulesError, default_rules_path, load_rules
from explorer.ingest.when import find_dates

REPORTS = Path(__file__).parent / "ingest_reports"
MADEUP_DATA = REPORTS / "madeup-data"
FOUNDING = "ibtimes-2012-07-tlass"


# --------------------------------------------------------------------------------------------
# the founding report, measured from the data


@pytest.fixture(scope="module")
def bundled():
    return load_dataset()


@pytest.fixture(scope="module")
def founding(bundled):
    source = bundled.sources[FOUNDING]
    report = read_report(bundled_path() / source.text)
    ingested = ingest_report(report, bundled)
    return ingested, candidate_records(ingested, bundled)


def _key(type_name: str, a: str, b: str) -> tuple:
    rel = schema.REL_TYPES[type_name]
    return (type_name,) + (tuple(sorted((a, b))) if rel.symmetric else (a, b))


def _recorded_claims(dataset, source_id: str) -> dict[tuple, str]:
    """Every tie and status event of the data that cites `source_id`, with its grade."""
    claims = {}
    for tie in dataset.ties:
        if any(c.source == source_id for c in tie.citations):
            claims[_key(tie.type, tie.source, tie.target)] = tie.confidence
    for event in dataset.status_events:
        if any(c.source == source_id for c in event.citations):
            claims[("status", event.kind, event.person)] = event.confidence
    return claims


def _proposals(records) -> dict[tuple, str]:
    found = {_key(t["type"], t["from"], t["to"]): t["confidence"] for t in records["ties"]}
    found.update({("status", s["kind"], s["person"]): s["confidence"] for s in records["status"]})
    return found


def test_founding_report_is_recognised_as_its_registered_source(founding):
    ingested, records = founding
    assert ingested.source_known and records["report"]["source"] == FOUNDING
    assert records["report"]["date"] == "2012-07"


def test_founding_report_recall_and_precision_measured_from_the_data(bundled, founding):
    _, records = founding
    recorded = _recorded_claims(bundled, FOUNDING)
    proposed = _proposals(records)
    assert len(recorded) >= 20, "the bundled data cites the founding report for its claims"
    same = [k for k, grade in recorded.items() if proposed.get(k) == grade]
    correct = [k for k in proposed if k in recorded]
    recall, precision = len(same) / len(recorded), len(correct) / len(proposed)
    print(f"\nfounding report: recall {len(same)}/{len(recorded)} = {recall:.0%} (same type and hedging), precision {len(correct)}/{len(proposed)} = {precision:.0%}")
    assert recall >= 0.80, sorted(set(recorded) - set(same))
    assert precision >= 0.70, sorted(set(proposed) - set(recorded))


def test_founding_report_finds_every_entity_the_data_cites_from_it(bundled, founding):
    ingested, _ = founding
    cited = set()
    for tie in bundled.ties:
        if any(c.source == FOUNDING and c.quote for c in tie.citations):
            cited |= {tie.source, tie.target}
    for event in bundled.status_events:
        if any(c.source == FOUNDING and c.quote for c in event.citations):
            cited |= {event.person} | ({event.place} if event.place else set())
    assert {bundled.entities[i].kind for i in cited} >= {"person", "organization", "place"}
    found = {m.entity for m in ingested.mentions}
    assert cited - found == set()


def test_founding_report_typos_resolve_to_the_record(founding):
    ingested, _ = founding
    by_text = {m.text: m.entity for m in ingested.mentions}
    assert by_text["Manaf Tass"] == "manaf-tlass"
    assert by_text["Tiras"] == "firas-tlass"


def test_rules_file_names_none_of_the_founding_reports_people(bundled):
    text = default_rules_path().read_text(encoding="utf-8").lower()
    titles = {w.lower() for t in load_rules().titles for w in re.findall(r"[A-Za-z]+", t.title + " " + t.regex.pattern)}
    people = {t.source for t in bundled.ties if any(c.source == FOUNDING for c in t.citations)}
    people |= {t.target for t in bundled.ties if any(c.source == FOUNDING for c in t.citations)}
    people = {p for p in people if bundled.entities[p].kind == "person"}
    assert people
    for person in people:
        entity = bundled.entities[person]
        for name in [entity.name] + entity.aliases:
            assert not re.search(rf"\b{re.escape(name.lower())}\b", text), name
            for word in re.findall(r"[A-Za-z]{4,}", name):
                if word.lower() not in titles:
                    assert not re.search(rf"\b{word.lower()}\b", text), f"the rules file names {word!r} ({person})"


# --------------------------------------------------------------------------------------------
# made-up reports, one per group of patterns and cues


@pytest.fixture(scope="module")
def madeup():
    return load_dataset(MADEUP_DATA)


def _read(madeup, name: str, date: str = "2031-05-02"):
    ingested = ingest_report(read_report(REPORTS / name), madeup, date=date)
    return ingested, candidate_records(ingested, madeup)


def _ties(records) -> dict[tuple, dict]:
    return {(t["type"], t["from"], t["to"]): t for t in records["ties"]}


def _statuses(records) -> dict[tuple, dict]:
    return {(s["kind"], s["person"], s["state"]): s for s in records["status"]}


@pytest.mark.parametrize("type_name, a, b, grade", [
    ("PARENT_OF", "orlan-kestrel", "dario-kestrel", "confirmed"),        # X is the son of Y
    ("PARENT_OF", "selim-brannick", "ivo-brannick", "confirmed"),        # X's two sons, A and B
    ("PARENT_OF", "selim-brannick", "tobias-wren", "confirmed"),
    ("SIBLING_OF", "ivo-brannick", "tobias-wren", "confirmed"),
    ("SPOUSE_OF", "lena-marr", "tobias-wren", "confirmed"),              # married to
    ("PARENT_OF", "selim-brannick", "orlan-kestrel", "confirmed"),       # X and his father Y
    ("FRIEND_OF", "dario-kestrel", "ivo-brannick", "reported"),          # a close friend of
    ("HOLDS_POSITION", "selim-brannick", "veridian-ministry-of-defence", "reported"),  # a named post
    ("SERVES_UNDER", "selim-brannick", "orlan-kestrel", "reported"),     # post under X
    ("COMMANDS", "ivo-brannick", "seventh-guard-brigade", "reported"),   # X, the commander of Y
    ("LOYAL_TO", "ivo-brannick", "orlan-kestrel", "reported"),
    ("MEMBER_OF", "tobias-wren", "veridian-army", "confirmed"),          # a career in the army
    ("ASSIGNED_TO", "dario-kestrel", "eastmarch", "reported"),           # tasked with
    ("LOCATED_IN", "eastmarch", "port-alder", "confirmed"),              # the capital's districts of
    ("MEMBER_OF", "lena-marr", "veridian-liberation-front", "reported"), # X, a member of Y
    ("QUOTED_BY", "lena-marr", "daily-courier", "reported"),             # told the outlet
    ("LOCATED_IN", "veridia-monitor", "port-alder", "confirmed"),        # the Place-based body
])
def test_madeup_kinship_bonds_and_posts(madeup, type_name, a, b, grade):
    _, records = _read(madeup, "madeup-kinship.txt")
    key = (type_name,) + _key(type_name, a, b)[1:]
    ties = _ties(records)
    assert key in ties, sorted(ties)
    assert ties[key]["confidence"] == grade
    assert ties[key]["review"] == "pending"


@pytest.mark.parametrize("type_name, a, b, grade", [
    ("ADVISER_TO", "lena-marr", "dario-kestrel", "reported"),            # an adviser to
    ("MOVED_TO", "tobias-wren", "sarovia", "reported"),                  # is living in
    ("FRIEND_OF", "dario-kestrel", "ivo-brannick", "reported"),          # became close to
    ("RELATIVE_OF", "ivo-brannick", "lena-marr", "confirmed"),           # sister-in-law of
    ("ADVISER_TO", "selim-brannick", "orlan-kestrel", "reported"),       # close to President X
    ("COMMANDS", "tobias-wren", "seventh-guard-brigade", "reported"),    # commanded
    ("RELATIVE_OF", "lena-marr", "tobias-wren", "confirmed"),            # a cousin of
    ("DEFECTED_FROM", "tobias-wren", "seventh-guard-brigade", "reported"),  # defected from a named body
    ("RELATIVE_OF", "lena-marr", "orlan-kestrel", "confirmed"),          # X's cousin Y
    ("DEFECTED_FROM", "ivo-brannick", "veridian-government", "reported"),  # announce his defection
    ("PARENT_OF", "selim-brannick", "dario-kestrel", "confirmed"),       # X's father, Y
    ("SIBLING_OF", "orlan-kestrel", "tobias-wren", "confirmed"),         # his brother Y
    ("SPOUSE_OF", "dario-kestrel", "lena-marr", "confirmed"),            # X's wife, Y
    ("LOCATED_IN", "alder-talks-2031", "port-alder", "confirmed"),       # met in Place at the Event
    ("OFFERED_ASYLUM", "norland", "ivo-brannick", "reported"),           # offered asylum by
    ("OFFERED_ASYLUM", "sarovia", "selim-brannick", "reported"),         # offered asylum to
    ("ADVISER_TO", "dario-kestrel", "orlan-kestrel", "reported"),        # one of X's closest aides
    ("MEMBER_OF", "tobias-wren", "veridian-army", "reported"),           # served in
    ("SIBLING_OF", "ivo-brannick", "lena-marr", "confirmed"),            # the brother of
    ("ATTENDED", "lena-marr", "alder-talks-2031", "reported"),           # to attend
    ("ATTENDED", "dario-kestrel", "alder-talks-2031", "reported"),       # met ... at the Event
])
def test_madeup_more_patterns(madeup, type_name, a, b, grade):
    _, records = _read(madeup, "madeup-more.txt")
    key = (type_name,) + _key(type_name, a, b)[1:]
    ties = _ties(records)
    assert key in ties, sorted(ties)
    assert ties[key]["confidence"] == grade


def test_madeup_killings_and_sanctions(madeup):
    _, records = _read(madeup, "madeup-more.txt")
    statuses = _statuses(records)
    assert ("died", "tobias-wren", "confirmed") in statuses  # "Gunmen killed X"
    assert ("sanctioned", "orlan-kestrel", "confirmed") in statuses  # "imposed sanctions on X"
    assert ("sanctioned", "ivo-brannick", "confirmed") in statuses  # "Norland sanctioned X"
    assert ("defected", "tobias-wren", "confirmed") in statuses
    assert ("DEFECTED_FROM", "tobias-wren", "veridian-government") not in _ties(records)  # the named body only


def _all_madeup_claims(madeup):
    claims = []
    for path in sorted(REPORTS.glob("madeup-*")):
        if path.suffix in (".txt", ".html"):
            claims += ingest_report(read_report(path), madeup, date="2031-05-02").claims
    return claims


def test_every_rule_in_the_rules_file_reads_a_made_up_report(madeup):
    rules = load_rules()
    fired = {(c.record, c.rule) for c in _all_madeup_claims(madeup)}
    wanted = {("tie", r.id) for r in rules.relations} | {("status", r.id) for r in rules.status}
    assert wanted - fired == set()


def test_every_cue_grades_a_made_up_claim(madeup):
    rules = load_rules()
    used = [re.match(r"cue '(.*)'$", c.why) for c in _all_madeup_claims(madeup)]
    phrases = [(m.group(1), c.grade) for m, c in zip(used, _all_madeup_claims(madeup)) if m]
    for cue in rules.cues:
        assert any(cue.regex.fullmatch(text) and grade == cue.grade for text, grade in phrases), (cue.grade, cue.scope, cue.regex.pattern[:60])


def test_madeup_post_carries_its_role_and_headship(madeup):
    _, records = _read(madeup, "madeup-kinship.txt")
    post = _ties(records)[("HOLDS_POSITION", "selim-brannick", "veridian-ministry-of-defence")]
    assert post["role"] == "Minister of Defence" and post["head"] is True


@pytest.mark.parametrize("type_name, a, b, grade, cue", [
    ("FLED_TO", "tobias-wren", "sarovia", "reported", "According to"),           # according to
    ("FLED_TO", "dario-kestrel", "norland", "claimed", "a party with a stake"),  # an opposition speaker
    ("DEFECTED_FROM", "selim-brannick", "veridian-government", "unconfirmed", "could not confirm"),
    ("SOUGHT_REFUGE_IN", "orlan-kestrel", "sarovia", "rumoured", "rumours"),
    ("PATRON_OF", "selim-brannick", "dario-kestrel", "reported", "is said to"),
    ("JOINED", "tobias-wren", "veridian-liberation-front", "reported", "stated as fact"),
    ("FLED_TO", "lena-marr", "sarovia", "rumoured", "is believed to"),
    ("FLED_TO", "orlan-kestrel", "norland", "claimed", "cue 'claimed'"),
    ("DEFECTED_FROM", "ivo-brannick", "veridian-government", "disputed", "denied"),  # "reports said", then denied
])
def test_madeup_hedging_cues(madeup, type_name, a, b, grade, cue):
    _, records = _read(madeup, "madeup-hedging.txt")
    tie = _ties(records)[(type_name, a, b)]
    assert tie["confidence"] == grade
    notes = " ".join(c["note"] for c in tie["sources"])
    assert cue in notes
    for citation in tie["sources"]:
        assert citation["quote"] in (REPORTS / "madeup-hedging.txt").read_text(encoding="utf-8")


def test_madeup_denial_supersedes_the_recorded_status_event(madeup):
    _, records = _read(madeup, "madeup-hedging.txt")
    statuses = _statuses(records)
    denial = statuses[("defected", "ivo-brannick", "denied")]
    assert denial["supersedes"] == "ivo-brannick-defected-2031-04"
    assert denial["sources"][0]["stance"] == "disputes"
    assert statuses[("defected", "ivo-brannick", "reported")]["place"] == "norland"
    assert statuses[("defected", "selim-brannick", "reported")]["confidence"] == "unconfirmed"


@pytest.mark.parametrize("kind, person, date", [
    ("defected", "tobias-wren", "2031-04-29"),    # on Tuesday: the Tuesday before Friday 2 May 2031
    ("died", "selim-brannick", "2031-04"),        # last month
    ("wounded", "lena-marr", "2031-03"),          # in March
    ("appointed", "dario-kestrel", "2031-05-02"), # Friday: the report's own day
    ("dismissed", "ivo-brannick", "2031-05-01"),  # yesterday
    ("sanctioned", "orlan-kestrel", "2031-01-03"),
    ("left_country", "selim-brannick", "2029"),
])
def test_madeup_status_events_and_relative_dates(madeup, kind, person, date):
    _, records = _read(madeup, "madeup-dates.txt")
    event = _statuses(records)[(kind, person, "confirmed")]
    assert event["date"] == date


def test_relative_dates_need_the_reports_day():
    month_only = parse_date("2031-05")
    assert [str(d.value) for d in find_dates("He left on Tuesday.", month_only)] == ["2031-05"]
    assert [str(d.value) for d in find_dates("in March", parse_date("2031-02-10"))] == ["2030-03"]
    assert [str(d.value) for d in find_dates("last month", parse_date("2031-01-10"))] == ["2030-12"]
    assert find_dates("on Tuesday", None)[0].value is None


def test_madeup_titled_unknown_names_become_proposed_people(madeup):
    _, records = _read(madeup, "madeup-titles.txt")
    people = {p["id"]: p for p in records["people"]}
    assert people["hadrian-voss"]["titles"] == ["Brigadier General"]
    assert people["mira-castell"]["titles"] == ["Colonel"]
    assert people["edvin-solberg"]["titles"] == ["Minister"]
    assert people["pavel-oskar"]["titles"] == ["Ambassador"]
    ties = _ties(records)
    assert ("DEFECTED_FROM", "hadrian-voss", "veridian-government") in ties
    assert ("SOUGHT_REFUGE_IN", "pavel-oskar", "sarovia") in ties


def test_madeup_spellings_and_typos_resolve_to_the_record(madeup):
    ingested, records = _read(madeup, "madeup-titles.txt")
    how = {m.text: (m.entity, m.how) for m in ingested.mentions}
    assert how["Ivo Branick"] == ("ivo-brannick", "spelling")
    assert how["Tobiaz"] == ("tobias-wren", "typo")
    assert ("wounded", "tobias-wren", "confirmed") in _statuses(records)
    assert not any(p["id"].startswith(("ivo", "tobias")) for p in records["people"])


def test_madeup_html_page_keeps_text_drops_scripts_and_reads_meta(madeup):
    report = read_report(REPORTS / "madeup-page.html")
    assert report.html and report.title == "Made-up Courier: General Brannick leaves Veridia"
    assert report.date == "2031-05-02" and report.url == "https://example.org/made-up/brannick"
    assert "cookie" not in report.text and "alert" not in report.text and "background" not in report.text
    assert "<b>nothing</b>" in report.text  # an escaped tag is the report's text, kept as text
    ingested = ingest_report(report, madeup)
    records = candidate_records(ingested, madeup)
    assert records["report"]["date"] == "2031-05-02"
    assert _ties(records)[("FLED_TO", "ivo-brannick", "norland")]["start"] == "2031-04-29"


def test_offsets_in_the_candidates_file_point_into_its_text(madeup, tmp_path):
    _, records = _read(madeup, "madeup-hedging.txt")
    path = write_candidates(records, tmp_path / "c.yaml")
    back = read_candidates(path)
    text = back["report"]["text"]
    assert text == records["report"]["text"]
    for mention in back["mentions"]:
        start, end = mention["offsets"]
        assert text[start:end] == mention["text"]
    for tie in back["ties"]:
        for (start, end), citation in zip(tie["offsets"], tie["sources"]):
            assert text[start:end] == citation["quote"]


# --------------------------------------------------------------------------------------------
# against the record


def test_against_says_new_confirms_and_contradicts(madeup):
    _, records = _read(madeup, "madeup-hedging.txt")
    changes = {(c.record, c.summary.split()[0], tuple(sorted(c.key.values()))): c.change for c in compare(records, madeup)}
    assert changes[("tie", "FLED_TO", ("FLED_TO", "norland", "tobias-wren"))] == "confirms"  # reported beats a recorded rumour
    assert changes[("tie", "FLED_TO", ("FLED_TO", "sarovia", "tobias-wren"))] == "new"
    assert changes[("status", "defected", ("defected", "ivo-brannick"))] in ("contradicts", "agrees")
    kinds = [c.change for c in compare(records, madeup) if c.record == "status" and c.key["person"] == "ivo-brannick"]
    assert "contradicts" in kinds


def test_against_cli_text_and_json(runner, tmp_path):
    out = tmp_path / "c.yaml"
    result = runner.invoke(main, ["--data", str(MADEUP_DATA), "ingest", str(REPORTS / "madeup-hedging.txt"), "--date", "2031-05-02", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = runner.invoke(main, ["--data", str(MADEUP_DATA), "ingest", str(out), "--against"])
    assert text.exit_code == 0, text.output
    assert "! contradicts" in text.output and "^ confirms" in text.output and "+ new" in text.output
    data = runner.invoke(main, ["--data", str(MADEUP_DATA), "ingest", str(out), "--against", "--format", "json"])
    parsed = yaml.safe_load(data.output)
    assert parsed["counts"]["contradicts"] >= 1 and parsed["counts"]["confirms"] >= 1
    assert {c["change"] for c in parsed["changes"]} >= {"new", "confirms", "contradicts"}


# --------------------------------------------------------------------------------------------
# merge


def _accept(path: Path, choose) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in ("people", "ties", "status", "sources"):
        for record in data.get(section) or []:
            if choose(section, record):
                record["review"] = "accepted"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def test_merge_adds_the_accepted_records_and_they_validate(madeup, tmp_path):
    target = tmp_path / "data"
    shutil.copytree(MADEUP_DATA, target)
    ingested = ingest_report(read_report(REPORTS / "madeup-titles.txt"), madeup, date="2031-05-02", source_id="madeup-titles")
    path = write_candidates(candidate_records(ingested, madeup), tmp_path / "c.yaml")
    _accept(path, lambda s, r: (s == "people" and r["id"] == "hadrian-voss") or (s in ("ties", "status") and "hadrian-voss" in (r.get("from"), r.get("person"))))
    comment = (target / "ties.yaml").read_text(encoding="utf-8").splitlines()[0]
    result = merge_candidates(path, target)
    assert result.added == {"sources": 1, "people": 1, "ties": 1, "status": 1}
    merged = load_dataset(target, strict=False)
    assert "hadrian-voss" in merged.entities and "madeup-titles" in merged.sources
    assert any(t.source == "hadrian-voss" and t.type == "DEFECTED_FROM" for t in merged.ties)
    assert (target / "texts" / "madeup-titles.txt").read_text(encoding="utf-8").startswith("Brig. Gen. Hadrian Voss")
    assert (target / "ties.yaml").read_text(encoding="utf-8").splitlines()[0] == comment  # comments kept
    for tie in merged.ties:
        for citation in tie.citations:
            if citation.source == "madeup-titles":
                assert citation.quote in merged.texts["madeup-titles"]


def test_merge_writes_nothing_when_the_result_does_not_validate(madeup, tmp_path, runner):
    target = tmp_path / "data"
    shutil.copytree(MADEUP_DATA, target)
    before = {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()}
    ingested = ingest_report(read_report(REPORTS / "madeup-titles.txt"), madeup, date="2031-05-02", source_id="madeup-titles")
    path = write_candidates(candidate_records(ingested, madeup), tmp_path / "c.yaml")
    _accept(path, lambda s, r: s == "ties" and r.get("from") == "pavel-oskar")  # the person is not accepted
    result = runner.invoke(main, ["ingest", "--merge", str(path), "--into", str(target)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "pavel-oskar" in result.output and "nothing was written" in result.output
    assert {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()} == before
    assert not (target / "texts").exists()


def test_merge_refuses_a_bad_review_mark_with_its_line(madeup, tmp_path):
    _, records = _read(madeup, "madeup-titles.txt")
    path = write_candidates(records, tmp_path / "c.yaml")
    text = path.read_text(encoding="utf-8").replace("review: pending", "review: maybe", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "review: maybe" in row)
    with pytest.raises(CandidatesError, match=rf"c\.yaml:{line}: review: 'maybe'.*fix: write review: accepted"):
        merge_candidates(path, tmp_path)


def test_merge_with_nothing_accepted_is_a_clear_error(madeup, tmp_path, runner):
    target = tmp_path / "data"
    shutil.copytree(MADEUP_DATA, target)
    _, records = _read(madeup, "madeup-titles.txt")
    path = write_candidates(records, tmp_path / "c.yaml")
    result = runner.invoke(main, ["ingest", "--merge", str(path), "--into", str(target)])
    assert result.exit_code == 1 and "no record is marked review: accepted" in result.output


# --------------------------------------------------------------------------------------------
# the rules file


@pytest.mark.parametrize("old, new, message", [
    ("type: FLED_TO,", "type: FLEES_TO,", r"unknown relationship type 'FLEES_TO'"),
    ("{id: fled-to, type: FLED_TO, date: start, pattern: \"{A:person}", "{id: fled-to, type: FLED_TO, date: start, pattern: \"{A:org}", r"slot A may be a org, but this end of the type takes person"),
    ("  - grade: unconfirmed\n", "  - grade: doubtful\n", r"cue: unknown grade 'doubtful'"),
    ("abbreviations:", "abbrevations:", r"unknown section 'abbrevations'"),
    ("(?:refuge|shelter|asylum)", "(?:refuge|shelter|asylum", r"not a valid pattern"),
])
def test_rules_file_errors_name_the_line_and_the_fix(tmp_path, old, new, message):
    text = default_rules_path().read_text(encoding="utf-8")
    assert old in text
    bad = text.replace(old, new, 1)
    path = tmp_path / "rules.yaml"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(RulesError, match=message) as info:
        load_rules(path)
    assert re.match(rf"{re.escape(str(path))}:\d+: ", str(info.value)) and "(fix: " in str(info.value)


def test_rules_are_typed_from_the_registry():
    rules = load_rules()
    assert {r.type for r in rules.relations} <= set(schema.REL_TYPES)
    assert {r.kind for r in rules.status} <= set(schema.STATUS_EVENT_KINDS)
    families = {schema.REL_TYPES[r.type].family for r in rules.relations}
    assert families == set(schema.FAMILIES)
    assert {r.kind for r in rules.status} >= {"defected", "died", "wounded", "appointed", "dismissed", "sanctioned"}
    from explorer.ingest.claims import GRADE_PRIORITY
    from explorer.ingest.rules import GRADES

    assert set(GRADES) == set(GRADE_PRIORITY)  # every grade a cue may give has its place among the doubts


def test_a_bad_rules_file_is_one_line_from_the_cli(runner, tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("relations: [\n", encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(REPORTS / "madeup-titles.txt"), "--rules", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert str(path) in result.output and "fix:" in result.output


# --------------------------------------------------------------------------------------------
# hostile input


def _one_line_error(result, name: str) -> str:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert name in lines[0] and "fix:" in lines[0]
    return lines[0]


def test_binary_file_is_refused(runner, tmp_path):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 10)
    assert "binary" in _one_line_error(runner.invoke(main, ["ingest", str(path)]), str(path))


def test_fifty_megabytes_of_text_is_refused_before_reading(runner, tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the size is checked before a byte is read
    assert "50.0 MB" in _one_line_error(runner.invoke(main, ["ingest", str(path)]), str(path))


@pytest.mark.parametrize("content, words", [
    ("Ivo Brannick fled.".encode("utf-16"), "UTF-16"),
    (b"Ivo Brannick fled to \xe9 Norland.", "UTF-8"),
    (b"Ivo Brannick\x1b]0;pwned\x07 fled.", "control character"),
    (b"   \n\n", "no text"),
])
def test_undecodable_reports_are_refused(runner, tmp_path, content, words):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    assert words in _one_line_error(runner.invoke(main, ["ingest", str(path)]), str(path))


def test_the_library_raises_one_error_family_for_bad_reports(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(ReportError, match=r"x\.txt: a binary file.*fix: "):
        read_report(path)
    path.write_text("Ivo Brannick fled to Norland.\n", encoding="utf-8")
    with pytest.raises(ReportError, match=r"larger than the 1e-05 MB"):
        read_report(path, max_mb=0.00001)


def test_missing_and_directory_reports_are_refused(runner, tmp_path):
    _one_line_error(runner.invoke(main, ["ingest", str(tmp_path / "nope.txt")]), "nope.txt")
    _one_line_error(runner.invoke(main, ["ingest", str(tmp_path)]), str(tmp_path))


def test_conflicting_options_are_refused(runner, tmp_path):
    assert "--merge and --into go together" in runner.invoke(main, ["ingest", "--merge", "c.yaml"]).output
    assert "give a REPORT" in runner.invoke(main, ["ingest"]).output
    bad_date = runner.invoke(main, ["ingest", str(REPORTS / "madeup-titles.txt"), "--date", "2031-13"])
    assert bad_date.exit_code == 1 and "no month 13" in bad_date.output


def test_a_long_made_up_report_stays_fast(madeup):
    import time

    sentences = (REPORTS / "madeup-hedging.txt").read_text(encoding="utf-8").split("\n\n")
    text = "\n\n".join(sentences[i % len(sentences)] for i in range(3000))  # ~30,000 words
    from explorer.ingest.reading import report_from_text

    start = time.perf_counter()
    records = candidate_records(ingest_report(report_from_text(text), madeup, date="2031-05-02"), madeup)
    assert time.perf_counter() - start < 20
    assert records["ties"]


def test_help_lists_ingest_without_importing_it(runner):
    import subprocess
    import sys

    code = "import sys; from explorer.cli import main; sys.argv=['x','--help']\ntry: main()\nexcept SystemExit: pass\nprint('explorer.ingest.claims' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "ingest" in out and out.strip().endswith("False")


# --------------------------------------------------------------------------------------------
# the annotated page, in a real browser

HOSTILE_PAGE = """<!DOCTYPE html><html><head>
<title>&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt; Made-up Courier</title>
<meta property="article:published_time" content="2031-05-02">
<script>alert("from the saved page")</script>
</head><body>
<p>Ivo Brannick fled to Norland, reports said. &lt;img src=x onerror=alert(1)&gt; &amp; more.</p>
<p>Col. Zed Amari fled to Sarovia. &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</p>
</body></html>
"""
HOSTILE_NAME = "Ivo Brannick <img src=x onerror=alert(5)>"


@pytest.fixture
def hostile_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MADEUP_DATA, data)
    people = (data / "people.yaml").read_text(encoding="utf-8")
    (data / "people.yaml").write_text(people.replace("  name: Ivo Brannick\n", f"  name: \"{HOSTILE_NAME}\"\n").replace("[General Brannick]", "[General Brannick, Ivo Brannick]"), encoding="utf-8")
    report = tmp_path / "hostile.html"
    report.write_text(HOSTILE_PAGE, encoding="utf-8")
    dataset = load_dataset(data)
    assert dataset.entities["ivo-brannick"].name == HOSTILE_NAME
    from explorer.ingest.page import write_report_page

    records = candidate_records(ingest_report(read_report(report), dataset), dataset)
    return write_report_page(records, dataset, tmp_path / "page.html")


def test_annotated_page_source_holds_no_live_markup(hostile_page):
    source = hostile_page.read_text(encoding="utf-8")
    assert "<img" not in source and "alert(2)</script>" not in source and "from the saved page" not in source
    assert "default-src 'none'" in source and "'unsafe-inline'" not in source
    assert source.count("<script") == 2  # the JSON data and the page's own script


@pytest.mark.browser
def test_annotated_page_is_offline_and_shows_hostile_strings_as_text(page, hostile_page):
    tab = page.page
    tab.goto(hostile_page.resolve().as_uri())
    tab.wait_for_function("() => window.ingestPage && window.ingestPage.ready === true")
    text = tab.text_content("#text")
    assert "<img src=x onerror=alert(1)>" in text and "</script><script>alert(2)</script>" in text
    assert tab.text_content("#title").startswith("</title><script>alert(4)</script>")
    assert tab.locator("mark.new").count() == 1  # Col. Zed Amari, proposed
    tab.click("mark[data-mention]:text-is('Ivo Brannick')")
    tab.wait_for_selector("#mini-graph line.candidate", state="attached")
    assert tab.text_content("#detail h2") == HOSTILE_NAME
    assert tab.locator("#detail tr.candidate").count() >= 1
    tab.dispatch_event("span.claim >> nth=0", "click")
    tab.wait_for_selector("#detail p.quote")
    assert "reports said" in tab.text_content("#detail p.quote")
    assert tab.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.dialogs == [] and page.page_errors == [] and page.console_errors == []
    assert page.outside_requests() == []


def test_unwritable_outputs_are_one_line(runner, tmp_path):
    for option in ("-o", "--page"):
        target = tmp_path / "missing" / "out.file"
        result = runner.invoke(main, ["--data", str(MADEUP_DATA), "ingest", str(REPORTS / "madeup-titles.txt"), option, str(target)])
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert f"cannot write {target}" in result.output


def test_without_a_report_date_relative_dates_give_nothing(madeup, runner):
    ingested = ingest_report(read_report(REPORTS / "madeup-dates.txt"), madeup)  # no --date, no registry entry
    records = candidate_records(ingested, madeup)
    events = {(s["kind"], s["person"]): s for s in records["status"]}
    assert "date" not in events[("defected", "tobias-wren")]  # "on Tuesday": the reviewer must date it
    assert events[("sanctioned", "orlan-kestrel")]["date"] == "2031-01-03"  # an absolute date needs none
    assert events[("left_country", "selim-brannick")]["date"] == "2029"


def test_candidates_go_to_standard_output_without_o(runner):
    result = runner.invoke(main, ["--data", str(MADEUP_DATA), "ingest", str(REPORTS / "madeup-kinship.txt")])
    assert result.exit_code == 0
    data = yaml.safe_load(result.output)
    assert data["report"]["file"] == "madeup-kinship.txt" and data["ties"] and all(t["review"] == "pending" for t in data["ties"])


def test_a_hand_edited_candidates_file_cannot_break_the_page(madeup, tmp_path):
    from explorer.ingest.page import page_data

    _, records = _read(madeup, "madeup-titles.txt")
    records["mentions"] += [{"text": "x", "entity": "x", "kind": "person", "offsets": ["0", 5]}, {"kind": "<b>", "offsets": [0, 3]}, {"kind": "person", "offsets": [0, 10**9]}]
    records["ties"][0]["offsets"] = [[5, 2], "junk", [0, 4]]
    data = page_data(records, madeup)
    assert len(data["mentions"]) == len(records["mentions"]) - 3
    assert data["claims"][0]["offsets"] == [[0, 4]]
