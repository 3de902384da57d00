"""Split a report into sentences with their offsets, so each claim keeps its exact sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences", "normalise"]

# Straight quotes for matching; one character for one, so offsets stay those of the text.
_SAME_LENGTH = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str  # exactly the report's characters from start to end


def normalise(text: str) -> str:
    """Typographic quotes and dashes as ASCII, with the same length."""
    return text.translate(_SAME_LENGTH)


def split_sentences(text: str, abbreviations: frozenset[str]) -> list[Sentence]:
    """Sentences of `text`: a full stop after an abbreviation (Brig., Col.) or an initial ends none."""
    flat = normalise(text)
    sentences: list[Sentence] = []
    start = 0

    def add(begin: int, end: int) -> None:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if end > begin:
            sentences.append(Sentence(len(sentences), begin, end, text[begin:end]))

    for match in _END.finditer(flat):
        if match.group().startswith("."):
            word = re.search(r"([\w.]+)\.*$", flat[start:match.start()])
            last = word.group(1) if word else ""
            if last.lower().rstrip(".") in abbreviations or (len(last) == 1 and last.isupper()):
                continue
        add(start, match.end())
        start = match.end()
    add(start, len(text))
    return sentences
