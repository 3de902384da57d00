"""Stories: read and checked like data files, told on a page of their own, written by `export`."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.dataset import check_dataset, load_dataset, normalise_quote
from explorer.dates import as_of
from explorer.graph import build_graph
from explorer.views import builders, export_all, render_view
from explorer.stories import stories_data, story_data
from explorer.views.data import page_data
from test_dataset_validation import make_dataset

STORY = """\
title: A made-up story
description: Two made-up friends.
steps:
  - title: Friends
    date: 2011-05
    focus: [ruler, friend]
    ties: [friend--friend-of--ruler--2010]
    caption: The two are friends.
    sources:
      - source: report
        quote: "the two are friends"
  - title: Later
    date: 2012
    focus: [friend]
    caption: Still friends.
    sources: [report]
"""


def with_story(root: Path, text: str = STORY, name: str = "told.yaml") -> Path:
    make_dataset(root)
    (root / "dataset.yaml").write_text("core: ruler\nuprising_start: 2011-03\n", encoding="utf-8")
    (root / "stories").mkdir(exist_ok=True)
    (root / "stories" / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    return [str(p) for p in check_dataset(root, strict=True)]


def test_a_valid_story_is_read_with_its_steps_and_graded_citations(tmp_path):
    dataset = load_dataset(with_story(tmp_path), strict=True)
    story = dataset.stories["told"]
    assert [s.title for s in story.steps] == ["Friends", "Later"]
    assert [str(s.date) for s in story.steps] == ["2011-05", "2012"]
    told = story_data(story, dataset)
    assert told["steps"][0]["sources"][0]["grade"] == "B6"  # reliability B; credibility not given: 6, cannot be judged
    assert told["steps"][0]["ties"] == ["friend--friend-of--ruler--2010"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("focus: [ruler, friend]", "focus: [ruler, freind]"), "stories/told.yaml:6: [told step 1] unknown entity 'freind' (fix: did you mean 'friend'?)"),
        (("ties: [friend--friend-of--ruler--2010]", "ties: [friend--friend-of--rulr]"), "stories/told.yaml:7: [told step 1] unknown tie 'friend--friend-of--rulr' (fix: did you mean 'friend--friend-of--ruler--2010'?)"),
        (("date: 2011-05", "date: 2011-13"), "stories/told.yaml:5: [told step 1] bad date in 'date': '2011-13' has no month 13"),
        (("    sources: [report]\n", ""), "stories/told.yaml:12: [told step 2] a step without sources (fix: add 'sources:' naming the sources its caption rests on)"),
        (('quote: "the two are friends"', 'quote: "the two are brothers"'), "stories/told.yaml:9: [told step 1] quote not found word for word in the held text of 'report' (fix: copy the quote exactly from the source text)"),
        (("    caption: Still friends.\n", "    caption: Still friends.\n    colour: red\n"), "stories/told.yaml:16: [told step 2] unknown field 'colour' (fix: known fields: title, date, caption, focus, ties, sources)"),
        (("    caption: The two are friends.\n", ""), "stories/told.yaml:4: [told step 1] missing required field 'caption' (fix: add 'caption: ...' to this record)"),
        (("title: A made-up story\n", "title: A made-up story\nperson: nobody\n"), "stories/told.yaml:2: [told] unknown person 'nobody' (fix: use the id of a person of the dataset (regime-explorer show NAME prints it))"),
    ],
    ids=["entity", "tie", "date", "sources", "quote", "field", "caption", "person"],
)
def test_a_broken_story_is_named_by_file_line_step_and_fix(tmp_path, change, expected):
    root = with_story(tmp_path, STORY.replace(*change))
    assert STORY.replace(*change) != STORY
    assert problems(root) == [expected]


def test_a_story_without_steps_or_with_a_bad_file_name_says_how_to_fix_it(tmp_path):
    root = with_story(tmp_path, "title: Empty\nsteps: []\n")
    assert problems(root) == ["stories/told.yaml:2: [told] a story needs 'steps': a list of at least one step (fix: add 'steps:' with '- title: ...' items (see docs/stories.md))"]
    (root / "stories" / "told.yaml").unlink()
    (root / "stories" / "My Story.yaml").write_text(STORY, encoding="utf-8")
    assert problems(root) == ["stories/My Story.yaml: [My Story] a story's file name is its id and must be a slug (fix: rename the file to lowercase letters, digits and hyphens, e.g. first-crack.yaml)"]


def test_validate_fails_on_a_broken_story_with_no_traceback(tmp_path, runner):
    root = with_story(tmp_path, STORY.replace("focus: [friend]", "focus: [frend]"))
    result = runner.invoke(main, ["--data", str(root), "validate"])
    assert result.exit_code == 1
    assert "stories/told.yaml:14: [told step 2] unknown entity 'frend'" in result.output
    assert "Traceback" not in result.output


def test_a_story_added_to_the_folder_is_seen_by_the_next_read(tmp_path):
    root = with_story(tmp_path)
    assert set(load_dataset(root).stories) == {"told"}
    (root / "stories" / "second.yaml").write_text(STORY, encoding="utf-8")
    assert set(load_dataset(root).stories) == {"told", "second"}


def test_the_story_view_draws_every_entity_and_tie_its_steps_name_and_reaches_back_to_its_first_date(tmp_path):
    dataset = load_dataset(with_story(tmp_path))
    graph = build_graph(dataset)
    view = builders.build("story", graph, told=story_data(dataset.stories["told"], dataset))
    assert {"ruler", "friend"} <= set(view.nodes)
    assert "friend--friend-of--ruler--2010" in {k for _, _, k in view.edges}
    data = page_data(graph, view)
    assert data["story"]["steps"][1]["day"] == as_of("2012").isoformat()
    assert data["months"][0] <= "2011-05" and data["months"][-1] >= "2012-12"
    assert data["view"]["colour_by"] == "distance" and data["loyalty"] is not None


def test_export_story_writes_the_page_and_refuses_unknown_stories_and_dates(tmp_path, runner):
    root = with_story(tmp_path / "data")
    out = tmp_path / "told.html"
    result = runner.invoke(main, ["--data", str(root), "export", "story", "told", "-o", str(out)])
    assert result.exit_code == 0, result.output
    embedded = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', out.read_text(encoding="utf-8"), re.S).group(1)
    assert [s["title"] for s in json.loads(embedded)["story"]["steps"]] == ["Friends", "Later"]
    wrong = runner.invoke(main, ["--data", str(root), "export", "story", "toll", "-o", str(out)])
    assert wrong.exit_code == 1 and "no story 'toll' (stories: told)" in wrong.output and "Traceback" not in wrong.output
    dated = runner.invoke(main, ["--data", str(root), "export", "story", "told", "--at", "2012", "-o", str(out)])
    assert dated.exit_code != 0 and "drop --at" in dated.output


def test_export_all_writes_each_story_and_the_index_links_it(tmp_path):
    dataset = load_dataset(with_story(tmp_path / "data"))
    written = {p.name for p in export_all(build_graph(dataset), tmp_path / "views", stories=stories_data(dataset))}
    assert "story-told.html" in written
    assert 'href="story-told.html"' in (tmp_path / "views" / "index.html").read_text(encoding="utf-8")


def test_the_founding_story_steps_rest_on_the_founding_report_word_for_word():
    dataset = load_dataset()
    story = dataset.stories["first-crack"]
    held = normalise_quote(dataset.texts["ibtimes-2012-07-tlass"])
    assert story.title == "July 2012: the first crack at the top"
    for step in story.steps:
        quoted = [c for c in step.citations if c.source == "ibtimes-2012-07-tlass" and c.quote]
        assert quoted, step.title
        assert all(normalise_quote(c.quote) in held for c in quoted)
    dates = [as_of(str(step.date)) for step in story.steps]
    assert dates == sorted(dates)


def test_the_founding_story_page_names_its_steps_in_order():
    dataset = load_dataset()
    html = render_view("story", build_graph(dataset), told=story_data(dataset.stories["first-crack"], dataset))
    embedded = json.loads(re.search(r'id="view-data">(.*?)</script>', html, re.S).group(1))
    assert [s["title"] for s in embedded["story"]["steps"]] == [s.title for s in load_dataset().stories["first-crack"].steps]


def test_a_step_that_lights_a_tie_not_holding_on_its_date_is_refused(tmp_path):
    root = with_story(tmp_path, STORY.replace("date: 2011-05", "date: 2009-05"))
    assert problems(root) == [
        "stories/told.yaml:7: [told step 1] tie 'friend--friend-of--ruler--2010' does not hold on the step's date 2009-05 (it runs from 2010 to ?), "
        "so the page could not light it (fix: date the step inside the tie's dates, or drop the tie from 'ties')"
    ]
