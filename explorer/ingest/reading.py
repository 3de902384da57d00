"""Read a report from disk: plain text or a saved HTML page, refused early when it cannot be one.

A report may come from anywhere, so it is treated as hostile: its size is checked before it is
read, binary data and other encodings are refused with a one-line reason, and from HTML only the
visible text survives (scripts, styles and comments are dropped) with its title, date and URL
taken from `<title>` and the usual meta tags.
"""

from __future__ import annotations

import html
import os
import re
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..errors import ExplorerError

__all__ = ["Report", "ReportError", "read_report", "report_from_text", "MAX_REPORT_MB"]

MAX_REPORT_MB = 5.0  # a long news report is ~50 KB; a book-length file is not a report


class ReportError(ExplorerError):
    """The report cannot be read as text."""


@dataclass
class Report:
    """The plain text of a report, and what its page says about it."""

    text: str
    path: str = ""
    title: str | None = None
    date: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD
    url: str | None = None
    publisher: str | None = None
    html: bool = False


_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATE_META = ("article:published_time", "datepublished", "date", "dc.date", "pubdate", "publish-date", "sailthru.date", "og:published_time")
_URL_META = ("og:url", "twitter:url")
_TITLE_META = ("og:title", "twitter:title", "headline")
_PUBLISHER_META = ("og:site_name", "publisher", "application-name")
_DROP = {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "head"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote", "header", "footer", "figcaption", "pre", "ul", "ol", "table"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = values.get("href") or None
        elif tag == "time" and values.get("datetime"):
            self.meta.setdefault("time", values["datetime"])
        if tag == "title":
            self.in_title = True
        elif tag in _DROP:
            self.skip += 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        elif tag in _DROP and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP:  # <script/> opens nothing
            return
        self.handle_starttag(tag, attrs)
        if tag == "title":
            self.in_title = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def _partial_date(value: str | None) -> str | None:
    match = _DATE.search(value or "")
    if not match:
        return None
    return "-".join(g for g in match.groups() if g)


def _tidy(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<meta", "<body")) or "<html" in head


def _from_html(text: str, path: str) -> Report:
    page = _Page()
    page.feed(text)
    page.close()
    meta = page.meta
    title = next((meta[k] for k in _TITLE_META if meta.get(k)), None) or page.title.strip() or None
    date = next((_partial_date(meta[k]) for k in _DATE_META + ("time",) if _partial_date(meta.get(k))), None)
    url = next((meta[k] for k in _URL_META if meta.get(k)), None) or page.canonical
    if url and not re.match(r"^https?://", url):
        url = None  # never a javascript: or relative link
    publisher = next((meta[k] for k in _PUBLISHER_META if meta.get(k)), None)
    clean = lambda s: re.sub(r"\s+", " ", html.unescape(s)).strip() if s else None  # noqa: E731
    return Report(_tidy("".join(page.parts)), path, clean(title), date, url, clean(publisher), html=True)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def report_from_text(text: str, path: str = "") -> Report:
    """A report from text already in memory (HTML when it looks like a page)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        return _from_html(text, path)
    return Report(_tidy(text), path)


def read_report(path: str | Path, *, max_mb: float = MAX_REPORT_MB) -> Report:
    """Read a report file; `ReportError` names the file and the fix when it is not a text report."""
    name = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReportError(f"{name}: no such file (fix: give the path of a saved report, .txt or .html)") from None
    except OSError as exc:
        raise ReportError(f"{name}: cannot read it: {exc.strerror or exc} (fix: check the path and its permissions)") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReportError(f"{name}: not a regular file (fix: give the path of a saved report, .txt or .html)")
    limit = int(max_mb * 1024 * 1024)
    if st.st_size > limit:
        raise ReportError(f"{name}: {st.st_size / 1024 / 1024:.1f} MB is larger than the {max_mb:g} MB a report may be (fix: split it into reports, or raise --max-mb)")
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise ReportError(f"{name}: larger than the {max_mb:g} MB a report may be (fix: split it into reports, or raise --max-mb)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportError(f"{name}: the file is UTF-16 text, not UTF-8 (fix: save it as UTF-8)")
    if b"\x00" in data[:65536] or data[:5] == b"%PDF-" or data[:4] in (b"PK\x03\x04", b"\x7fELF", b"\x89PNG"):
        raise ReportError(f"{name}: a binary file, not a text report (fix: save the report as plain text or HTML, e.g. copy its text into a .txt file)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReportError(f"{name}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) (fix: save the report as UTF-8 text)") from None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise ReportError(f"{name}:{line}: control character U+{ord(bad.group()):04X} (fix: save the report as plain text; this looks like a binary file)")
    report = report_from_text(text, name)
    if not report.text.strip():
        raise ReportError(f"{name}: no text to read (fix: give a report with its article text)")
    return report
