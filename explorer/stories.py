"""Stories: a dataset's guided walks through its record, read and checked like its data files.

A story is one YAML file in the dataset's `stories/` folder (format: docs/stories.md). Each step
sets the date the page shows, the entities it focuses, the ties it lights and a caption with the
sources that bear it out. The reader checks every id, date and citation before anything is drawn,
and names the file, the line and the fix for each problem.
"""

from __future__ import annotations

import os
from typing import Any

from .dataset import Reader, normalise_quote, read_citations
from .ids import SLUG
from .dates import PartialDate, as_of
from .errors import ExplorerError
from .model import Dataset, Entity, Source, Story, StoryStep, Tie
from .yamlfile import Record, stat_key
from .yamlfile import line_of as _line

__all__ = ["STORIES_DIR", "STORY_FIELDS", "STEP_FIELDS", "read_stories", "story_data", "stories_data", "find_story"]

STORIES_DIR = "stories"
STORY_FIELDS = ("title", "description", "person", "steps")
STEP_FIELDS = ("title", "date", "caption", "focus", "ties", "sources")


def story_files(reader: Reader) -> list[str]:
    """The story files of the dataset, as paths relative to it, in name order."""
    folder = os.path.join(reader.root, STORIES_DIR)
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith((".yaml", ".yml")))
    except (FileNotFoundError, NotADirectoryError):
        reader.files.append((folder, None))
        return []
    reader.files.append((folder, stat_key(os.stat(folder))))  # a story added or removed changes the folder
    return [f"{STORIES_DIR}/{name}" for name in names]


def read_stories(reader: Reader, entities: dict[str, Entity], ties: dict[str, Tie], sources: dict[str, Source], texts: dict[str, str]) -> dict[str, Story]:
    """Every story of the dataset, each checked against the entities, ties and sources read."""
    stories: dict[str, Story] = {}
    if reader.broken:  # with a data file unread, every id a story names would read as unknown
        return stories
    for file in story_files(reader):
        story = _read_story(reader, file, entities, ties, sources, texts)
        if story is not None:
            stories[story.id] = story
    return stories


def _read_story(reader: Reader, file: str, entities: dict[str, Entity], ties: dict[str, Tie], sources: dict[str, Source], texts: dict[str, str]) -> Story | None:
    ident = os.path.splitext(os.path.basename(file))[0]
    if not SLUG.match(ident):
        reader.problem(file, None, ident, "a story's file name is its id and must be a slug", "rename the file to lowercase letters, digits and hyphens, e.g. first-crack.yaml")
        return None
    record = reader.read_yaml(file, expect=Record)
    if not record:
        return None
    for key in record:
        if key not in STORY_FIELDS:
            reader.problem(file, _line(record, key), ident, f"unknown field '{key}'", f"known fields: {', '.join(STORY_FIELDS)}")
    title = reader.text(record, "title", file, ident, required=True)
    person = reader.word(record, "person", file, ident)
    if person is not None and person not in entities:
        _unknown(reader, file, _line(record, "person"), ident, "person", person, entities)
        person = None
    raw_steps = record.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        reader.problem(file, _line(record, "steps"), ident, "a story needs 'steps': a list of at least one step", "add 'steps:' with '- title: ...' items (see docs/stories.md)")
        return None
    steps = [step for number, raw in enumerate(raw_steps, 1) if (step := _read_step(reader, file, ident, number, raw, entities, ties, sources, texts))]
    if title is None or len(steps) != len(raw_steps):
        return None
    return Story(ident, title, steps, reader.text(record, "description", file, ident), person, file)


def _read_step(
    reader: Reader, file: str, story: str, number: int, raw: object, entities: dict[str, Entity], ties: dict[str, Tie], sources: dict[str, Source], texts: dict[str, str]
) -> StoryStep | None:
    where = f"{story} step {number}"
    if not isinstance(raw, Record):
        reader.problem(file, None, where, "a step must be a record", "write each step as '- title: ...' with date, caption, focus and sources")
        return None
    for key in raw:
        if key not in STEP_FIELDS:
            reader.problem(file, _line(raw, key), where, f"unknown field '{key}'", f"known fields: {', '.join(STEP_FIELDS)}")
    before = len(reader.problems)
    title = reader.text(raw, "title", file, where, required=True)
    caption = reader.text(raw, "caption", file, where, required=True)
    if reader.present(raw, "date", file, where, True) is not None:
        day = reader.date(raw, "date", file, where)
    else:
        day = None
    focus = reader.text_list(raw, "focus", file, where)
    for entity in focus:
        if entity not in entities:
            _unknown(reader, file, _line(raw, "focus"), where, "entity", entity, entities)
    lit = reader.text_list(raw, "ties", file, where)
    for tie in lit:
        if tie not in ties:
            _unknown(reader, file, _line(raw, "ties"), where, "tie", tie, ties)
        elif day is not None and not _holds(ties[tie], day):
            when = f"from {ties[tie].start or '?'} to {ties[tie].end or '?'}"
            reader.problem(file, _line(raw, "ties"), where, f"tie '{tie}' does not hold on the step's date {day} (it runs {when}), so the page could not light it", "date the step inside the tie's dates, or drop the tie from 'ties'")
    citations = read_citations(reader, raw, file, where, sources)
    if not citations and raw.get("sources") is None:
        reader.problem(file, _line(raw), where, "a step without sources", "add 'sources:' naming the sources its caption rests on")
    for citation in citations:
        held = texts.get(citation.source)
        if citation.quote and held is not None and normalise_quote(citation.quote) not in normalise_quote(held):
            reader.problem(file, _line(raw, "sources"), where, f"quote not found word for word in the held text of '{citation.source}'", "copy the quote exactly from the source text")
    if len(reader.problems) > before or title is None or caption is None or day is None:
        return None
    return StoryStep(title, day, caption, focus, lit, citations, _line(raw))


def _holds(tie: Tie, day: PartialDate) -> bool:
    """Whether the page, which shows the last day of the step's month or year, draws the tie."""
    shown = as_of(day)
    return (tie.start is None or tie.start.first_day <= shown) and (tie.end is None or tie.end.last_day >= shown)


def story_data(story: Story, dataset: Dataset) -> dict[str, Any]:
    """A story as its page carries it: plain JSON values, each citation graded as ties' are."""
    from .graph.build import citation_data

    return {
        "id": story.id,
        "title": story.title,
        "description": story.description,
        "person": story.person,
        "steps": [
            {
                "title": step.title,
                "date": str(step.date),
                "day": as_of(step.date).isoformat(),
                "caption": step.caption,
                "focus": list(step.focus),
                "ties": list(step.ties),
                "sources": [citation_data(c, dataset) for c in step.citations],
            }
            for step in story.steps
        ],
    }


def stories_data(dataset: Dataset) -> list[dict[str, Any]]:
    """Every story of the dataset as its page carries it, in id order (for `export_all`)."""
    return [story_data(dataset.stories[name], dataset) for name in sorted(dataset.stories)]


def find_story(dataset: Dataset, name: str) -> Story:
    """The story called `name` (its file name without .yaml), or an error listing the stories."""
    if name in dataset.stories:
        return dataset.stories[name]
    known = ", ".join(sorted(dataset.stories)) or "none in this dataset"
    raise ExplorerError(f"no story {name!r} (stories: {known}); a story is a file in the dataset's stories/ folder")


def _unknown(reader: Reader, file: str, line: int | None, where: str, what: str, ident: str, known: object) -> None:
    close = reader.nearest(ident, known)
    hint = f"did you mean '{close}'?" if close else f"use the id of a {what} of the dataset (regime-explorer show NAME prints it)"
    reader.problem(file, line, where, f"unknown {what} '{ident}'", hint)
