"""Read one file of a dataset safely, and parse it as YAML values that know their lines.

One job: a path inside a dataset directory becomes Python values, or a `FileRefused` that says what
is wrong, where, and how to fix it. Hostile files cannot crash the tool, exhaust the machine or make
it read outside the dataset:

* only regular files inside the dataset directory are read (no absolute paths, no `..`, no symlink
  that resolves outside, no directory, FIFO or device), each with a bounded read under a size cap;
* the text must be UTF-8 (a UTF-8 byte order mark is accepted) without control characters;
* YAML aliases and tags other than the plain ones are refused (no "billion laughs"),
  nesting is limited, and so is the number of values and mappings in a file;
* mapping keys must be text, and a key written twice in one mapping is a problem, not "last wins".

Parsing uses libyaml's C parser when PyYAML has it and the pure-Python parser otherwise; both feed
the same builder, so they give the same values and lines. Dates stay text: `2012-07-05` is a string.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

__all__ = [
    "line_of",
    "Limits",
    "Record",
    "FileRefused",
    "KeyProblem",
    "read_bytes",
    "check_relative",
    "decode",
    "parse_yaml",
    "stat_key",
    "C_PARSER",
    "DEFAULT_MAX_FILE_MB",
    "MAX_FILE_MB_ENV",
    "MAX_DEPTH",
]

MB = 1024 * 1024
DEFAULT_MAX_FILE_MB = 20
MAX_FILE_MB_ENV = "REGIME_EXPLORER_MAX_FILE_MB"
MAX_DEPTH = 32  # a record file needs about 5 levels (list, record, sources, citation, value)
# How many values and mappings a file may hold, per byte of the size limit: the densest bundled
# files hold one value per 7.5 bytes and one mapping per 66 bytes. A file under the size limit
# but packed with tiny values is refused before it can take more than a few hundred MB of memory.
BYTES_PER_VALUE = 5
BYTES_PER_MAPPING = 32
# All the files of a dataset together may hold this many times the limit for one file.
TOTAL_FILES = 10
RAISE_HINT = f"raise the limit with --max-file-mb or {MAX_FILE_MB_ENV}"

try:  # libyaml's parser: about ten times faster than the pure-Python one
    from yaml._yaml import CParser as _CParser

    C_PARSER = True
except ImportError:  # PyYAML built without libyaml
    _CParser = None
    C_PARSER = False


class FileRefused(Exception):
    """A file that cannot be read or parsed; nothing after this point of it was used.

    `about_file` messages say what the file is ("is a directory ..."): the caller names the file
    first. The others ("not valid UTF-8 ...", "malformed YAML ...") stand on their own.
    """

    def __init__(self, message: str, line: int | None = None, fix: str = "", *, about_file: bool = False):
        super().__init__(message)
        self.message = message
        self.line = line
        self.fix = fix
        self.about_file = about_file


@dataclass(frozen=True)
class KeyProblem:
    """A mapping key that cannot be used (not text, or written twice); the rest of the file is read."""

    line: int | None
    message: str
    fix: str


@dataclass(frozen=True)
class Limits:
    """How much one file may hold, and all the files of a dataset together."""

    max_file_bytes: int = DEFAULT_MAX_FILE_MB * MB
    max_depth: int = MAX_DEPTH

    @classmethod
    def from_mb(cls, max_file_mb: float | None = None) -> "Limits":
        """The limits for a cap in MB; None means REGIME_EXPLORER_MAX_FILE_MB, else 20 MB."""
        if max_file_mb is None:
            raw = os.environ.get(MAX_FILE_MB_ENV, "").strip()
            if not raw:
                return cls()
            try:
                max_file_mb = float(raw)
            except ValueError:
                raise ValueError(f"{MAX_FILE_MB_ENV}={raw!r} is not a number of megabytes") from None
        if not 0 < max_file_mb < float("inf"):
            raise ValueError(f"the file size limit must be a positive number of megabytes, not {max_file_mb}")
        return cls(max_file_bytes=int(max_file_mb * MB))

    @property
    def max_total_bytes(self) -> int:
        """All the files of one dataset together (a held text cited N times counts N times)."""
        return TOTAL_FILES * self.max_file_bytes

    @property
    def max_values(self) -> int:
        return max(100_000, self.max_file_bytes // BYTES_PER_VALUE)

    @property
    def max_mappings(self) -> int:
        return max(10_000, self.max_file_bytes // BYTES_PER_MAPPING)


class Record(dict):
    """A YAML mapping that remembers the line it starts on and the line of each of its keys."""

    __slots__ = ("line", "lines")

    def __init__(self, line: int | None = None):
        super().__init__()
        self.line = line
        self.lines: dict[str, int] = {}


def line_of(record: object, key: str | None = None) -> int | None:
    """The line a record starts on, or the line of its `key` when it has one (None for a value
    that is not a record: a list item written as plain text has no line of its own)."""
    if not isinstance(record, Record):
        return None
    return record.lines.get(key, record.line) if key is not None else record.line


# --------------------------------------------------------------------------------------------
# files


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB else f"{size / MB:.3g} MB"


def _raise_hint(size: int) -> str:
    needed = math.ceil(size / MB) + 1
    return f"raise the limit with --max-file-mb {needed} or {MAX_FILE_MB_ENV}={needed}"


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_relative(relpath: str) -> None:
    """Refuse a path written in a data file that could name something outside the dataset."""
    if "\x00" in relpath:
        raise FileRefused("has a NUL character in its path", fix="write a plain relative path such as texts/name.txt", about_file=True)
    if PurePosixPath(relpath).is_absolute() or PureWindowsPath(relpath).anchor or relpath.startswith("~"):
        raise FileRefused("is an absolute path; only files inside the dataset directory are read", fix="write a path relative to the dataset directory, such as texts/name.txt", about_file=True)
    if ".." in re.split(r"[/\\]", relpath):
        raise FileRefused("goes up with '..'; only files inside the dataset directory are read", fix="put the file inside the dataset directory and write a path such as texts/name.txt", about_file=True)


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def stat_key(st: os.stat_result) -> tuple:
    """What changes when a file is edited or replaced (for caches)."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def read_bytes(root: str | Path, relpath: str, limits: Limits, *, budget: int | None = None) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file `root/relpath`, which must resolve inside `root`.

    Raises `FileNotFoundError` when there is no such file, `FileRefused` for anything else that is
    wrong; a file larger than the limit, or than what is left of `budget` (the bytes the dataset's
    files may still add up to), is refused before a byte of it is read.
    """
    check_relative(relpath)
    real_root = os.path.realpath(root)
    path = os.path.join(root, relpath)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise FileRefused(f"is a symlink to '{os.readlink(path)}', which does not exist", fix="point the link at a file inside the dataset, or replace it with the file", about_file=True) from None
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused("is a symlink loop (it points, directly or not, at itself)", fix="replace the link with the file itself", about_file=True) from None
        if exc.errno == errno.ENOTDIR:
            raise FileNotFoundError(path) from None
        raise FileRefused(f"cannot be read: {exc.strerror}", fix="check the file's permissions", about_file=True) from None
    except ValueError as exc:  # embedded NUL, or a path the platform cannot express
        raise FileRefused(f"cannot be read: {exc}", about_file=True) from None
    if not stat.S_ISREG(st.st_mode):
        raise FileRefused(f"is {_kind_of(st.st_mode)}, not a regular file; nothing was read from it", fix="replace it with a regular file", about_file=True)
    real = os.path.realpath(path)
    if not _inside(real, real_root):
        raise FileRefused("resolves to a file outside the dataset directory; nothing was read from it", fix="copy the file into the dataset directory", about_file=True)
    if st.st_size > limits.max_file_bytes:
        raise FileRefused(f"is {_mb(st.st_size)}, over the {_mb(limits.max_file_bytes)} limit for one file", fix=_raise_hint(st.st_size), about_file=True)
    if budget is not None and st.st_size > budget:
        raise FileRefused(
            f"is {_mb(st.st_size)}, which would take the files read past {_mb(limits.max_total_bytes)} in all ({TOTAL_FILES} times the limit for one file)",
            fix=f"cite fewer or smaller held texts, or {RAISE_HINT}", about_file=True,
        )
    budget = limits.max_file_bytes if budget is None else min(budget, limits.max_file_bytes)
    # Non-blocking, so a FIFO swapped in after the checks cannot hang the open; no following of a
    # link swapped in at the last component either.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise FileRefused(f"cannot be opened: {exc.strerror}", fix="check the file's permissions", about_file=True) from None
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):  # swapped between the checks and the open
            raise FileRefused(f"is {_kind_of(opened.st_mode)}, not a regular file; nothing was read from it", fix="replace it with a regular file", about_file=True)
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, min(MB, budget + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > budget:  # it grew while being read
                raise FileRefused(f"grew while being read, past the {_mb(budget)} it could still take", fix=RAISE_HINT, about_file=True)
    finally:
        os.close(fd)
    return b"".join(chunks), opened


# --------------------------------------------------------------------------------------------
# text

# The characters YAML allows in a stream (YAML 1.1, as PyYAML's reader enforces them).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(data: bytes, *, yaml_text: bool = True) -> str:
    """UTF-8 bytes as text; `FileRefused` with the byte offset and line of the first bad byte."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise FileRefused(f"the file is {name} text, not UTF-8", 1, "save it as UTF-8 (in most editors: Save As, encoding UTF-8)")
    offset = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[offset:].decode("utf-8")
    except UnicodeDecodeError as exc:
        at = offset + exc.start
        line = data.count(b"\n", 0, at) + 1
        raise FileRefused(f"not valid UTF-8: byte 0x{data[at]:02x} at offset {at} (line {line})", line, "save the file as UTF-8") from None
    if yaml_text:
        bad = _NOT_PRINTABLE.search(text)
        if bad:
            line, col = _line_col(text, bad.start())
            hint = " (a file with NUL characters is often UTF-16: save it as UTF-8)" if bad.group() == "\x00" else ""
            raise FileRefused(f"character U+{ord(bad.group()):04X} at line {line}, column {col} is not allowed in YAML text{hint}", line, "remove the character or save the file as UTF-8 text")
    return text


# --------------------------------------------------------------------------------------------
# YAML

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
_SEQ, _MAP = _CORE + "seq", _CORE + "map"

# PyYAML's implicit types, without timestamps (dates stay text), merge keys (`<<`) and `=`.
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern]]] = {
    first: [(tag, rx) for tag, rx in resolvers if tag in (_BOOL, _INT, _FLOAT, _NULL)]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
_CONSTRUCTOR = SafeConstructor()
_SCALARS = {
    _INT: _CONSTRUCTOR.construct_yaml_int,
    _FLOAT: _CONSTRUCTOR.construct_yaml_float,
    _BOOL: _CONSTRUCTOR.construct_yaml_bool,
    _NULL: _CONSTRUCTOR.construct_yaml_null,
}


def _short(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


class _PythonParser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python event parser: when libyaml is missing, and for the messages of malformed YAML."""

    def __init__(self, text: str):
        yaml.reader.Reader.__init__(self, text)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


class _Builder:
    """Python values straight from parser events: no node tree, so memory follows the values."""

    def __init__(self, parser: Any, limits: Limits):
        self.parser = parser
        self.limits = limits
        self.values = 0
        self.mappings = 0
        self.problems: list[KeyProblem] = []

    def document(self) -> Any:
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            return None
        parser.get_event()  # document start
        value = self.value(0)
        parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            event = parser.peek_event()
            raise FileRefused("more than one YAML document ('---') in the file", event.start_mark.line + 1, "keep one list of records per file")
        return value

    def value(self, depth: int) -> Any:
        event = self.parser.get_event()
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):  # an anchor alone is harmless; using it is not
            raise FileRefused(f"aliases (*{event.anchor}) are not allowed in data files; write the value out", line, "replace the alias with the value it names")
        self.values += 1
        if self.values > self.limits.max_values:
            raise FileRefused(f"more than {self.limits.max_values:,} values in one file", line, f"split the file, or {RAISE_HINT}")
        tag = event.tag
        if isinstance(event, ScalarEvent):
            if tag is None or tag == "!":
                tag = self.resolve(event.value, event.implicit[0])
            elif tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL):
                raise FileRefused(f"the tag '{_short(tag)}' is not allowed in data files", line, "remove the tag and write a plain value")
            if tag == _STR:
                return event.value
            try:
                return _SCALARS[tag](ScalarNode(tag, event.value))
            except (ValueError, KeyError, OverflowError, TypeError):
                shown = event.value if len(event.value) <= 40 else event.value[:37] + "..."
                raise FileRefused(f"cannot read {shown!r} as {_short(tag)}", line, "write a number of reasonable size, or quote the value to keep it as text") from None
        if depth >= self.limits.max_depth:
            raise FileRefused(f"values nested more than {self.limits.max_depth} levels deep", line, "a record needs only a few levels: flatten the value")
        if isinstance(event, SequenceStartEvent):
            if tag not in (None, "!", _SEQ):
                raise FileRefused(f"the tag '{_short(tag)}' is not allowed in data files", line, "remove the tag")
            items = []
            while not self.parser.check_event(SequenceEndEvent):
                items.append(self.value(depth + 1))
            self.parser.get_event()
            return items
        if isinstance(event, MappingStartEvent):
            if tag not in (None, "!", _MAP):
                raise FileRefused(f"the tag '{_short(tag)}' is not allowed in data files", line, "remove the tag")
            self.mappings += 1
            if self.mappings > self.limits.max_mappings:
                raise FileRefused(f"more than {self.limits.max_mappings:,} mappings (records) in one file", line, f"split the file, or {RAISE_HINT}")
            record = Record(line)
            while not self.parser.check_event(MappingEndEvent):
                key_line = self.parser.peek_event().start_mark.line + 1
                key = self.value(depth + 1)
                value = self.value(depth + 1)
                if not isinstance(key, str):
                    shown = "null" if key is None else (str(key).lower() if isinstance(key, bool) else (repr(key) if isinstance(key, (int, float)) else f"a {'list' if isinstance(key, list) else 'mapping'}"))
                    self.problems.append(KeyProblem(key_line, f"key {shown} is not text; field names are words", "write a field name such as 'name:'; quote it if it must be a number"))
                elif key in record:
                    self.problems.append(KeyProblem(key_line, f"key '{key}' appears twice in one record (first at line {record.lines[key]})", "keep one of the two values"))
                else:
                    record[key] = value
                    record.lines[key] = key_line
            self.parser.get_event()
            return record
        raise FileRefused(f"unexpected YAML event {type(event).__name__}", line)  # pragma: no cover

    @staticmethod
    def resolve(value: str, plain: bool) -> str:
        if plain:
            for tag, regexp in _IMPLICIT.get(value[:1] if value else "", ()):
                if regexp.match(value):
                    return tag
        return _STR


def parse_yaml(text: str, limits: Limits = Limits(), *, use_c: bool | None = None) -> tuple[Any, list[KeyProblem]]:
    """The one YAML document of `text` as lists, `Record`s and scalars, with the key problems found.

    Raises `FileRefused` (with the line) for malformed YAML, anchors, aliases, tags, too deep
    nesting or too many values. `use_c=False` forces the pure-Python parser. When libyaml finds
    malformed YAML in a file of reasonable size, the pure-Python parser reads it again, so the
    message does not depend on whether PyYAML was built with libyaml.
    """
    if (use_c if use_c is not None else C_PARSER) and _CParser is not None:
        try:
            return _parse(_CParser(text), limits)
        except _Malformed as exc:
            if len(text) > _REPARSE_CHARS:
                raise exc.refused from None
    try:
        return _parse(_PythonParser(text), limits)
    except _Malformed as exc:
        raise exc.refused from None


_REPARSE_CHARS = 2 * MB


class _Malformed(Exception):
    def __init__(self, refused: FileRefused):
        self.refused = refused


def _parse(parser: Any, limits: Limits) -> tuple[Any, list[KeyProblem]]:
    builder = _Builder(parser, limits)
    try:
        return builder.document(), builder.problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or str(exc).splitlines()[0]
        refused = FileRefused(f"malformed YAML: {what}", mark.line + 1 if mark else None, "fix the YAML syntax at that line (indentation, quotes, colons)")
    except yaml.YAMLError as exc:
        refused = FileRefused(f"malformed YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", None, "fix the YAML syntax")
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    raise _Malformed(refused)
