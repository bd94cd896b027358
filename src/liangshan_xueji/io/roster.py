"""Reading and writing rosters as school software exports them (the audit's input; clauses 8.1, 8.3).

名册的读写。A roster is one of:

- **CSV** — ``roster.csv`` (one row per student, columns :data:`ROSTER_COLUMNS`), optionally
  ``events.csv`` (the history: one row per 学籍异动, columns :data:`EVENT_COLUMNS`) and ``schools.csv``
  (one row per school, columns :data:`SCHOOL_COLUMNS`), each in UTF-8, UTF-8 with BOM or GB18030
  (detected, or given);
- **JSONL** — one :class:`~liangshan_xueji.records.models.Record` per line as
  :func:`~liangshan_xueji.records.serialization.to_dict` writes it (the library's own format, history included),
  with a ``schools.csv``.

**A corrected G student (4).** The student number is the student's for life; after an accepted
correction of the ID number a G number no longer equals the row's ``identity_number``. The roster has
no column for the former ID numbers: the reader takes them from the student's ``student.change`` rows
of ``events.csv`` (their old ID numbers, in order) into ``Student.former_identity_numbers``, and
accepts the row when the G number carries the current ID number or one of them. Without that
correction in the events the row is rejected at the ``identity_number`` column, naming clause 4. The
audit then sees the student as any other (found by either ID number in the cross-school check).

Headers name the columns, in English or in Chinese (``学籍号`` for ``student_number``), in any order;
unknown columns are ignored (and listed). A bad row — a malformed ID number, an impossible grade, a bad
date, a wrong number of columns, undecodable bytes — becomes a :class:`Rejected` naming the file, line
and column, and reading goes on.

**Grouping.** The audit sees one school's records at a time, so the roster must list each school's rows
together (as exports made school by school and concatenated do), and the events file must list its
schools in the roster's order. :class:`RosterReader` detects a school that comes back later and raises
:class:`RosterNotGrouped`; with ``regroup=True`` it re-groups instead, by an external sort (chunks of
``chunk_rows`` rows sorted in memory and spilled to temporary files, then merged): memory stays bounded.

**Speed.** Most rows are plain (:func:`~liangshan_xueji.records.findings.is_plain`: 在校, no history, nothing
open, complete data), and no built-in check reads a plain record, so none is built:

- the reader takes a chunk of lines at a time, and a school's run of unquoted lines whole, as text;
- one regular expression per header (:class:`_PlainLine`), built from the columns' fragments that
  :mod:`~liangshan_xueji.records.schema` declares with their rules, recognises a plain row on its text (the ID
  number, sex and birth date checked against the student number inside the pattern); Python checks
  the ID number's check character from cached partial sums;
- the row's values go into the columns of a :class:`~liangshan_xueji.records.findings.SchoolRecords`, whose
  ``load`` builds the record on the general path if a check asks for it.

Every other row takes the **general path**: each column's rule from :mod:`~liangshan_xueji.records.schema` —
the rule the models' validators run too — (cached grades, dates and schools; the student's text cells
checked at once by their fragments), then the frozen attrs instances assembled without
running the validators a second time; with fields this module does not know, or an open transfer or
休学 period, the models' validated constructors. Tests hold both paths to each other and to
``csv.reader``.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as _dt
import functools
import heapq
import io
import itertools
import json
import operator
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

import attrs

from .._validators import check_int, check_items, check_path, check_type, of
from ..errors import InvalidInput, XuejiError, os_reason
from ..records._privacy import echo_cell, mask_cell, mask_id
from ..records.findings import SchoolRecords, is_plain
from ..records.identity import Origin, origin_of_region, region_known
from ..records.models import (
    ID_CHECK_CHARS,
    ID_SHAPE,
    ID_WEIGHTS,
    MIN_YEAR,
    SHAPE_ONLY_LETTERS,
    STUDENT_NUMBER_LETTERS,
    Event,
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    Record,
    School,
    SchoolSystem,
    Sex,
    Status,
    Student,
    StudentNumber,
    SuspensionPeriod,
    TeachingMode,
    TransferWorkflow,
    origin_problem,
)
from ..records.schema import (
    _DATE_CACHE,
    SCHEMA,
    SEXES,
    Column,
    Rule,
    Schema,
    current,
    identity_pattern,
    parse_date,
)

__all__ = [
    "EVENT_COLUMNS",
    "ROSTER_COLUMNS",
    "SCHOOL_COLUMNS",
    "Block",
    "Column",
    "Rejected",
    "RosterInput",
    "RosterNotGrouped",
    "RosterReader",
    "RosterWriter",
    "RowParser",
    "detect_encoding",
    "read_schools",
    "record_from_row",
    "register_column",
    "write_schools",
]

ENCODINGS = ("utf-8", "utf-8-sig", "gb18030")
_SAMPLE_BYTES = 1 << 20


# --------------------------------------------------------------------------------------------------
# Columns


#: The columns of ``roster.csv`` (one row per student), in the order :class:`RosterWriter` writes them;
#: declared in :mod:`liangshan_xueji.records.schema` with their rules.
ROSTER_COLUMNS: tuple[Column, ...] = SCHEMA.of("roster")
#: The columns of ``events.csv`` (one row per history entry; a student's rows in date order).
EVENT_COLUMNS: tuple[Column, ...] = SCHEMA.of("events")
#: The columns of ``schools.csv``.
SCHOOL_COLUMNS: tuple[Column, ...] = SCHEMA.of("schools")

_EXTRA_COLUMNS: dict[str, Column] = {}


def register_column(column: Column) -> Column:
    """Register an extra roster column that fills an optional :class:`Record` field (for the checks of
    other parts of the regulation). ``column.parse`` turns the text into the field's value and raises
    :class:`InvalidInput` on bad text; an empty cell gives the field's default. Returns ``column``.

    登记名册的附加列（对应 Record 的可选字段）。
    """
    check_type(column, "column", Column)
    if column.parse is None or column.field is None:
        raise InvalidInput(
            "附加列须有 parse 和 field", "an extra column needs parse and field", where=column.name
        )
    known = {c.name for c in ROSTER_COLUMNS} | {c.zh for c in ROSTER_COLUMNS}
    if column.name in known or column.zh in known:
        raise InvalidInput(
            f"列名 {column.name} 已被使用",
            f"column {column.name} is already defined",
            where=column.name,
        )
    if column.field not in attrs.fields_dict(Record):
        raise InvalidInput(
            f"Record 没有字段 {column.field}",
            f"Record has no field {column.field}",
            where=column.name,
        )
    _EXTRA_COLUMNS[column.name] = column
    return column


def roster_columns(schema: Schema | None = None) -> tuple[Column, ...]:
    """The roster's columns (of ``schema``, default the one in use): the core ones, then every
    registered extra column."""
    return (*(schema or current()).of("roster"), *_EXTRA_COLUMNS.values())


# --------------------------------------------------------------------------------------------------
# Rejected rows and errors


@attrs.frozen(kw_only=True)
class Rejected:
    """A row that could not be read: the file, the line (1-based, the header is line 1), the column
    (1-based, ``None`` for the whole row) and its name, and what was wrong in Chinese and English.
    Personal data is never shown unmasked.
    """

    file: str = attrs.field(validator=of(str))
    line: int = attrs.field(validator=of(int))
    column: int | None = attrs.field(default=None, validator=of(int, optional=True))
    column_name: str = attrs.field(default="", validator=of(str))
    zh: str = attrs.field(validator=of(str))
    en: str = attrs.field(validator=of(str))

    @property
    def where(self) -> str:
        """``roster.csv:12:5``."""
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")

    def __str__(self) -> str:
        col = f"（{self.column_name}）" if self.column_name else ""
        col_en = f" ({self.column_name})" if self.column_name else ""
        return f"{self.where}{col} {self.zh} / {self.en}{col_en}"


class RosterNotGrouped(InvalidInput):
    """A school's rows (or its events) are not together: re-read with ``regroup=True``.

    名册未按学校分组（或异动文件的学校顺序与名册不同）。
    """


# --------------------------------------------------------------------------------------------------
# Encodings


def detect_encoding(path: str | os.PathLike[str]) -> str:
    """``utf-8-sig`` (a BOM), ``utf-8`` (the first MiB decodes as UTF-8) or ``gb18030`` (otherwise).

    检测编码：UTF-8（含 BOM）或 GB18030。
    """
    check_path(path, "path")
    try:
        with open(path, "rb") as f:
            sample = f.read(_SAMPLE_BYTES)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = os_reason(exc)
        raise InvalidInput(
            f"无法读取文件：{reason}", f"cannot read the file: {reason}", where="path"
        ) from None
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if len(sample) == _SAMPLE_BYTES:  # cut at the last line end: no split character
        cut = sample.rfind(b"\n")
        if cut > 0:
            sample = sample[: cut + 1]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return "utf-8" if _mostly_utf8(sample) else "gb18030"
    return "utf-8"


def _mostly_utf8(sample: bytes) -> bool:
    """A sample that is not clean UTF-8, but whose non-ASCII text is mostly valid UTF-8: a UTF-8 file
    with a few bad bytes (their rows are rejected, one by one), not a GB18030 file (whose Chinese text
    decodes as almost no valid UTF-8 sequence)."""
    text = sample.decode("utf-8", errors="surrogateescape")
    bad = len(_SURROGATE.findall(text))
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good > bad


#: The encodings a roster may be read in (ASCII-compatible text encodings of Chinese).
_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "gb18030", "gbk", "gb2312"})


def _check_encoding(encoding: str) -> str:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = ""
    if name not in _ENCODINGS:  # rot13 (not text), utf-16 (not ASCII-compatible), unknown
        raise InvalidInput(
            f"不支持的编码 {encoding!r}（可用 utf-8、utf-8-sig、gb18030）",
            f"unsupported encoding {encoding!r} (use utf-8, utf-8-sig or gb18030)",
            where="--encoding",
        )
    return name


_SURROGATE = re.compile("[\udc80-\udcff]")


_handler_ids = itertools.count()


class _CsvFile:
    """A CSV file read row by row: ``(first line, fields)``; undecodable rows become :class:`Rejected`.

    Decoding is done by a text wrapper whose error handler escapes bad bytes (as ``surrogateescape``)
    and counts them; while the count is ahead of the bad bytes found, rows are scanned for them.
    """

    def __init__(self, path: Path, label: str, encoding: str | None) -> None:
        self.path = path
        self.label = label
        self.encoding = _check_encoding(encoding) if encoding else detect_encoding(path)
        self._bad = 0
        self._found = 0
        name = f"xueji-escape-{next(_handler_ids)}"
        escape = codecs.lookup_error("surrogateescape")

        def handler(exc: UnicodeError) -> tuple[str, int]:
            if isinstance(exc, UnicodeDecodeError):
                self._bad += exc.end - exc.start
            text, end = escape(exc)
            return str(text), end

        codecs.register_error(name, handler)
        try:
            self._raw: IO[bytes] = open(path, "rb")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise InvalidInput(
                f"无法打开文件：{exc.strerror}",
                f"cannot open the file: {exc.strerror}",
                where=str(path),
            ) from None
        self.size = os.fstat(self._raw.fileno()).st_size
        self._text = io.TextIOWrapper(self._raw, encoding=self.encoding, errors=name, newline="")
        self._line = 0
        self.header: list[str] = []

    def close(self) -> None:
        self._text.close()

    @property
    def position(self) -> int:
        """Bytes read so far (for progress)."""
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return self.size

    def read_header(self) -> list[str]:
        for line, row, bad in self.rows():
            if bad is not None:
                raise InvalidInput(
                    f"表头含无法解码的字节（编码 {self.encoding}）；请用 --encoding 指定编码",
                    f"the header has undecodable bytes (encoding {self.encoding}); give --encoding",
                    where=f"{self.label}:{line}",
                )
            if row:
                self.header = [h.strip().lstrip("\ufeff") for h in row]
                return self.header
        raise InvalidInput(
            "文件为空（没有表头）", "the file is empty (no header)", where=self.label
        )

    def scan(self, row: list[str], line: int) -> Rejected | None:
        """The rejection of ``row`` if it holds undecodable bytes (called while some are unfound)."""
        for col, value in enumerate(row):
            hits = _SURROGATE.findall(value)
            if hits:
                self._found += sum(len(h) for h in hits)
                return Rejected(
                    file=self.label,
                    line=line,
                    column=col + 1,
                    column_name=self.header[col] if col < len(self.header) else "",
                    zh=f"含无法按 {self.encoding} 解码的字节",
                    en=f"bytes that cannot be decoded as {self.encoding}",
                )
        return None

    def csv_error(self, exc: csv.Error) -> InvalidInput:
        return InvalidInput(
            f"CSV 格式错误：{exc}",
            f"malformed CSV: {exc}",
            where=f"{self.label}:{self._line + 1}",
        )

    def rows(self) -> Iterator[tuple[int, list[str], Rejected | None]]:
        """``(line, fields, None)`` per row, or ``(line, fields, rejected)`` for undecodable bytes, as
        ``csv.reader`` reads them (one reader for the file: its line count gives the lines; an empty
        line gives ``[]``). The roster itself is read by :meth:`RosterReader._csv_blocks`, which keeps
        unquoted lines as text."""
        reader = csv.reader(self._text)
        base = self._line
        try:
            for row in reader:
                first = self._line + 1
                self._line = base + reader.line_num
                if self._bad != self._found and row:
                    yield first, row, self.scan(row, first)
                    continue
                yield first, row, None
        except csv.Error as exc:
            raise self.csv_error(exc) from None

    def read_quoted(self, text: str, more: Iterator[str] | None = None) -> tuple[list[str], int]:
        """The fields of the record starting with ``text`` read by ``csv.reader`` (which takes the
        next lines — of ``more``, else of the file — while a quoted field goes on), and the number
        of lines it used."""
        reader = csv.reader(itertools.chain((text,), self._text if more is None else more))
        return next(reader, []), reader.line_num


_LINE_ENDS = frozenset({"\n", "\r\n", "\r"})


def split_line(text: str) -> list[str]:
    """The fields of a line without a quote character, as ``csv.reader`` reads it (``[]`` for an
    empty line)."""
    row = text.split(",")
    row[-1] = row[-1].rstrip("\r\n")
    if len(row) == 1 and not row[0]:
        return []
    return row


class _Header:
    """Which field of a row holds which column (English or Chinese header names)."""

    def __init__(self, label: str, header: Sequence[str], columns: Sequence[Column]) -> None:
        self.label = label
        self.width = len(header)
        by_name: dict[str, Column] = {}
        for c in columns:
            by_name[c.name] = c
            by_name[c.zh] = c
            by_name[c.name.lower()] = c
        self.index: dict[str, int] = {}
        self.unknown: list[str] = []
        for i, h in enumerate(header):
            col = by_name.get(h) or by_name.get(h.lower())
            if col is None:
                self.unknown.append(h)
                continue
            if col.name in self.index:
                raise InvalidInput(
                    f"列 {col.name}（{col.zh}）出现两次",
                    f"column {col.name} ({col.zh}) appears twice",
                    where=f"{label}:1:{i + 1}",
                )
            self.index[col.name] = i
        missing = [c for c in columns if c.required and c.name not in self.index]
        if missing:
            names = "、".join(f"{c.name}（{c.zh}）" for c in missing)
            raise InvalidInput(
                f"缺少必需的列：{names}",
                f"required column(s) missing: {', '.join(c.name for c in missing)}",
                where=f"{label}:1",
            )
        self.names = list(header)
        #: Every column's field index (``width`` when absent): ``h.pos["grade"]``.
        self.pos: dict[str, int] = {c.name: self.index.get(c.name, self.width) for c in columns}

    def at(self, name: str) -> int:
        """The field index of ``name``; ``width`` (an always-empty extra field) when absent."""
        return self.index.get(name, self.width)

    def name_of(self, index: int) -> str:
        return self.names[index] if index < len(self.names) else ""


# --------------------------------------------------------------------------------------------------
# Values

_CACHE_LIMIT = 50_000  # dates, ID parts, grades: a few thousand distinct values in practice
_PROTO_LIMIT = 4_096  # per parser: event prototypes and grades by school


_GRADES: dict[tuple[str, str, SchoolSystem], Grade | tuple[str, str]] = {}


def parse_grade(
    stage_text: str, grade_text: str, system: SchoolSystem, schema: Schema = SCHEMA
) -> Grade | tuple[str, str]:
    """The grade (the stage and grade columns' rules, then :class:`Grade`), or ``(zh, en)`` saying why
    there is none (cached, for the library's schema)."""
    key = (stage_text, grade_text, system)
    cache = _GRADES if schema is SCHEMA else {}
    found = cache.get(key)
    if found is not None:
        return found
    result: Grade | tuple[str, str]
    try:
        stage = schema.rule("roster", "stage").parse(stage_text)
        number = schema.rule("roster", "grade").parse(grade_text)
        result = Grade(stage, number, system)
    except InvalidInput as exc:
        result = (exc.zh, exc.en)
    if len(cache) < _CACHE_LIMIT:
        cache[key] = result
    return result


# ---- ID numbers: a check equivalent to the models' validator, from precomputed partial sums ----

_REGION: dict[str, int | None] = {}  # 6 characters → weighted partial sum, None: not a region
#: 8 characters → (partial sum, date, the date as YYYY-MM-DD)
_BIRTH: dict[str, tuple[int, _dt.date, str] | None] = {}
_SEQ: dict[str, tuple[int, int] | None] = {}  # 3 characters → (partial sum, sequence)
_DIGITS = frozenset("0123456789")


def _region_sum(s: str) -> int | None:
    if len(s) != 6 or not _DIGITS.issuperset(s) or not region_known(s):
        return None
    total: int = sum(map(operator.mul, map(int, s), ID_WEIGHTS[:6]))
    return total


def _birth_sum(s: str) -> tuple[int, _dt.date, str] | None:
    if len(s) != 8 or not _DIGITS.issuperset(s):
        return None
    try:
        d = _dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None
    if d.year < MIN_YEAR:
        return None
    return sum(map(operator.mul, map(int, s), ID_WEIGHTS[6:14])), d, d.isoformat()


def _seq_sum(s: str) -> tuple[int, int] | None:
    if len(s) != 3 or not _DIGITS.issuperset(s):
        return None
    return sum(map(operator.mul, map(int, s), ID_WEIGHTS[14:])), int(s)


#: The plain path's caches of the parts of valid ID numbers (each part is valid or not on its own):
#: region (6 characters), birth date (8) and sequence (3) → their weighted sums.
_PLAIN_REGION: dict[str, int] = {}
_PLAIN_BIRTH: dict[str, int] = {}
_PLAIN_SEQ: dict[str, int] = {}


def _plain_id_checks(tail: str) -> bool:
    """Whether ``tail`` is a valid 居民身份证号 (:func:`fast_identity`); when it is, its parts are
    cached for the plain path (bounded). A number of Hong Kong, Macao or Taiwan (8.5: its student is
    not governed by this regulation) is never plain: its row takes the general path."""
    if fast_identity(tail) is None or origin_of_region(tail) is not Origin.MAINLAND:
        return False
    region, born, seq = tail[:6], tail[6:14], tail[14:17]
    r, b, q = _REGION.get(region), _BIRTH.get(born), _SEQ.get(seq)
    if len(_PLAIN_REGION) < _CACHE_LIMIT:
        _PLAIN_REGION[region] = r if r is not None else _region_sum(region)  # type: ignore[assignment]
    if len(_PLAIN_BIRTH) < _CACHE_LIMIT:
        _PLAIN_BIRTH[born] = (b if b is not None else _birth_sum(born))[0]  # type: ignore[index]
    _PLAIN_SEQ[seq] = (q if q is not None else _seq_sum(seq))[0]  # type: ignore[index]  # ≤ 1 000
    return True


def fast_identity(value: str) -> tuple[_dt.date, int] | None:
    """``(birth date, sequence)`` of a valid 居民身份证号, ``None`` when the models would refuse it.

    Equivalent to :class:`~liangshan_xueji.records.models.IdentityNumber`'s validator (length 18, digits, a
    province code, a real birth date from 1900, the MOD 11-2 check character), from cached partial sums.
    """
    if len(value) != 18:
        return None
    rk = value[:6]
    r = _REGION.get(rk)
    if r is None:
        if rk in _REGION:
            return None
        r = _region_sum(rk)
        if len(_REGION) < _CACHE_LIMIT:
            _REGION[rk] = r
        if r is None:
            return None
    bk = value[6:14]
    b = _BIRTH.get(bk)
    if b is None:
        if bk in _BIRTH:
            return None
        b = _birth_sum(bk)
        if len(_BIRTH) < _CACHE_LIMIT:
            _BIRTH[bk] = b
        if b is None:
            return None
    qk = value[14:17]
    q = _SEQ.get(qk)
    if q is None:
        if qk in _SEQ:
            return None
        q = _SEQ[qk] = _seq_sum(qk)
        if q is None:
            return None
    if ID_CHECK_CHARS[(r + b[0] + q[0]) % 11] != value[17]:
        return None
    return b[1], q[1]


#: ``csv.reader`` refuses a NUL character before Python 3.11 (a line with one is then read by it, to
#: fail as it does); from 3.11 it reads NUL as any other character (and a search for NUL in text
#: of wide characters is slow: every ASCII character's high byte is NUL).
_CSV_NUL = sys.version_info < (3, 11)
_LJ_TAIL = re.compile(ID_SHAPE)
_MISSING: Any = object()
_CHUNK = 1 << 16  # characters of lines the reader takes at a time
_NO_GUARDIAN = ("", "", "", "")


# ---- Assembling frozen attrs instances from validated values ----


def _assembler(
    cls: type, names: tuple[str, ...], order: tuple[str, ...] | None = None
) -> Callable[..., Any] | None:
    """``make(*values)`` building ``cls`` without ``__init__``, for values already validated; ``None``
    when ``cls`` is not exactly the slotted class with fields ``names`` this module knows. The values
    come in the order of ``names``, or of ``order`` (the same names) when given."""
    try:
        fields = tuple(a.name for a in attrs.fields(cls))
        slots = [next(k.__dict__[n] for k in cls.__mro__ if n in k.__dict__) for n in names]
    except (StopIteration, TypeError, attrs.exceptions.NotAnAttrsClassError):
        return None
    if not all(type(d).__name__ == "member_descriptor" for d in slots):
        return None  # not a slot: a property or a plain class attribute
    setters = [d.__set__ for d in slots]
    if fields != names or (order is not None and sorted(order) != sorted(names)):
        return None
    args = ", ".join(order or names)
    body = "".join(f"    _s{i}(o, {n})\n" for i, n in enumerate(names))
    src = f"def make({args}):\n    o = _new(_cls)\n{body}    return o\n"
    ns: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    ns.update({f"_s{i}": s for i, s in enumerate(setters)})
    exec(src, ns)  # a constructor with the field names written out: one C call per field
    make: Callable[..., Any] = ns["make"]
    return make


_STUDENT_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "ethnicity",
    "identity_number",
    "student_number",
    "household_registration",
    "address",
    "guardians",
    "former_identity_numbers",
    "origin",
    "household_region",
)
_RECORD_FIELDS = (
    "student",
    "school_code",
    "grade",
    "class_name",
    "status",
    "enrolled_on",
    "transfer",
    "suspension",
    "history",
    "mode",
)
_make_identity = _assembler(IdentityNumber, ("value",))
_make_student_number = _assembler(StudentNumber, ("value",))
_make_student = _assembler(Student, _STUDENT_FIELDS)
_make_entry = _assembler(HistoryEntry, ("on", "event", "status", "school_code", "grade", "mode"))
_GUARDIAN_FIELDS = ("relation", "name", "employer", "phone")
_STUDENT_TEXTS = ("name", "household_registration", "address")
#: The events file's columns whose values an event row's texts give (memoised per column).
_EVENT_VALUES = ("on", "after_status", "after_school_code", "after_system", "after_mode")
_make_guardian = _assembler(Guardian, _GUARDIAN_FIELDS)
_GUARDIAN_NAMES = tuple(tuple(f"guardian{k}_{f}" for f in _GUARDIAN_FIELDS) for k in (1, 2))
_make_record = (
    None if hasattr(Record, "__attrs_post_init__") else _assembler(Record, _RECORD_FIELDS)
)


def _former_identities(history: tuple[HistoryEntry, ...]) -> tuple[IdentityNumber, ...]:
    """The ID numbers the history's accepted corrections replaced, oldest first (4): the student's
    ``former_identity_numbers``, which the roster does not carry in a column of its own."""
    return tuple(
        IdentityNumber(old)
        for e in history
        if (old := e.event.replaced_identity_number) is not None
    )


def _identity(value: str) -> IdentityNumber:
    return _make_identity(value) if _make_identity else IdentityNumber(value)


def _student_number(value: str) -> StudentNumber:
    return _make_student_number(value) if _make_student_number else StudentNumber(value)


#: Per event class: a constructor taking the student last, and the other fields' names.
_EVENT_MAKERS: dict[type, tuple[Callable[..., Any] | None, tuple[str, ...]]] = {}


def _evolve_student(proto: Any, student: StudentNumber) -> Any:
    return attrs.evolve(proto, student=student)


def _event_factory(proto: Any) -> Callable[[StudentNumber], Any]:
    """``factory(student)``: the prototype event with another student (a validated number); one C
    call (``functools.partial``) of a constructor that takes the other fields' values bound."""
    cls = type(proto)
    found = _EVENT_MAKERS.get(cls)
    if found is None:
        names = tuple(a.name for a in attrs.fields(cls))
        others = tuple(n for n in names if n != "student")
        make = (
            None
            if hasattr(cls, "__attrs_post_init__") or others == names
            else _assembler(cls, names, (*others, "student"))
        )
        found = _EVENT_MAKERS[cls] = (make, others)
    make, others = found
    if make is None:
        return functools.partial(_evolve_student, proto)
    return functools.partial(make, *[getattr(proto, n) for n in others])


# --------------------------------------------------------------------------------------------------
# Schools


def read_schools(
    path: str | os.PathLike[str], *, encoding: str | None = None, label: str | None = None
) -> tuple[dict[str, School], list[Rejected]]:
    """The schools of ``schools.csv`` (columns :data:`SCHOOL_COLUMNS`) by code, and the rows rejected.

    读取学校表。A file that cannot be read, or lacks a required column, raises :class:`InvalidInput`.
    """
    check_path(path, "path")
    check_type(encoding, "encoding", str, optional=True)
    check_type(label, "label", str, optional=True)
    if encoding is not None:
        _check_encoding(encoding)
    p = Path(path)
    schema = current()
    f = _CsvFile(p, label or p.name, encoding)
    try:
        header = _Header(f.label, f.read_header(), schema.of("schools"))
        schools: dict[str, School] = {}
        rejected: list[Rejected] = []
        for line, row, bad in f.rows():
            if bad is not None:
                rejected.append(bad)
                continue
            if not row:
                continue
            result = _school_from_row(header, row, f.label, line, schema)
            if isinstance(result, Rejected):
                rejected.append(result)
            elif result.code in schools:
                rejected.append(
                    Rejected(
                        file=f.label,
                        line=line,
                        column=header.at("code") + 1,
                        column_name=header.name_of(header.at("code")),
                        zh=f"学校代码 {result.code} 重复",
                        en=f"school code {result.code} appears twice",
                    )
                )
            else:
                schools[result.code] = result
        return schools, rejected
    finally:
        f.close()


def _school_from_row(
    header: _Header, row: list[str], label: str, line: int, schema: Schema = SCHEMA
) -> School | Rejected:
    """A school from its row: each column's rule (:mod:`~liangshan_xueji.records.schema`), then :class:`School`."""
    if len(row) != header.width:
        return _wrong_width(label, line, header.width, len(row))
    row = [*row, ""]

    def bad(name: str, zh: str, en: str) -> Rejected:
        i = header.at(name)
        return Rejected(
            file=label,
            line=line,
            column=i + 1 if i < header.width else None,
            column_name=header.name_of(i),
            zh=zh,
            en=en,
        )

    values: dict[str, Any] = {}
    for c in schema.of("schools"):
        assert c.rule is not None
        try:
            values[c.feeds.partition(".")[2] or c.name] = c.rule.parse(row[header.at(c.name)])
        except InvalidInput as exc:
            return bad(c.name, f"{c.zh}无效：{exc.zh}", f"invalid {c.name}: {exc.en}")
    try:
        return School(**values)
    except InvalidInput as exc:
        field = (exc.where or "").rpartition(".")[2]
        return bad(field if field in header.index else "code", exc.zh, exc.en)


def write_schools(path: str | os.PathLike[str], schools: Iterable[School]) -> None:
    """Write ``schools.csv`` (UTF-8, columns :data:`SCHOOL_COLUMNS`, each cell by its column's
    ``write``)."""
    check_path(path, "path")
    rows = check_items(schools, "schools")
    for i, school in enumerate(rows):
        check_type(school, f"schools[{i}]", School)
    schema = current()
    row = schema.writer("schools")
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow([c.name for c in schema.of("schools")])
            w.writerows(map(row, rows))
    except XuejiError:
        raise
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = os_reason(exc)
        raise InvalidInput(
            f"无法写入学校表：{reason}", f"cannot write the schools file: {reason}", where="path"
        ) from None


def _wrong_width(label: str, line: int, want: int, got: int) -> Rejected:
    return Rejected(
        file=label,
        line=line,
        column=min(want, got) + 1,
        zh=f"列数错误：应为 {want} 列，实为 {got} 列",
        en=f"wrong number of columns: expected {want}, got {got}",
    )


# --------------------------------------------------------------------------------------------------
# Blocks: one school's raw rows, the unit the audit works on


class _BlockFields(NamedTuple):
    school_code: str
    rows: list[tuple[int, Any]]
    events: list[tuple[int, list[str]]]
    poisoned: list[tuple[str, int]]


class Block(_BlockFields):
    """One school's rows as read: ``rows`` are ``(line, fields)`` (CSV) or ``(line, dict)`` (JSONL);
    ``events`` are the school's event rows; ``poisoned`` the student numbers whose event rows were
    rejected while reading (their records are rejected too: their history is incomplete). A tuple;
    its parts are checked when it is made (by the reader, or by hand). Not hashable: it holds lists."""

    __slots__ = ()
    __hash__ = None  # type: ignore[assignment]

    def __new__(
        cls,
        school_code: str,
        rows: list[tuple[int, Any]],
        events: list[tuple[int, list[str]]],
        poisoned: list[tuple[str, int]],
    ) -> Block:
        check_type(school_code, "school_code", str)
        for name, value in (("rows", rows), ("events", events), ("poisoned", poisoned)):
            check_type(value, name, list)
        return super().__new__(cls, school_code, rows, events, poisoned)


class _Specs(NamedTuple):
    """What a :class:`RowParser` needs, picklable (sent to worker processes)."""

    kind: str
    roster_label: str
    events_label: str
    roster_header: list[str]
    events_header: list[str] | None
    schools: tuple[School, ...]
    schema: Schema = SCHEMA


def _placeholder_student() -> StudentNumber:
    first17 = "11010120000101001"
    check = ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]
    return StudentNumber("G" + first17 + check)


_COMMON = ("stage", "grade", "class_name", "status", "enrolled_on", "ethnicity")
#: The shared fields whose values the plain path looks up (validated once per school and value); the
#: pattern itself checks that 民族 is not blank, all ``_COMMON`` asks of it.
_SHARED = _COMMON[:5]
_NON_BLANK = r"(?=[^\s,])"  # (lookahead) a field starting with a character other than white space
_NEVER = "(?!)"  # a column whose rule has no fragment: its rows take the general path


_ANY = r"[^,]*+"


class _PlainLine(NamedTuple):
    """One regular expression that recognises, in a raw roster line, the shape of a plain row — the
    right number of fields; a G student number with an ID number empty or the student number's 18
    characters, or an L or J number with an ID number (when that column comes before the sex and
    birth date); 男, 女 or nothing for the sex, as the ID number's 17th digit says (odd: 男); an empty
    birth date or the ID number's, as YYYY-MM-DD; name, 民族, 户籍, address and the first guardian's
    称谓 and 姓名 not blank; the second guardian absent or with 称谓 and 姓名; no transfer or 休学 field
    and no student's own teaching mode (``mode``, 6.1: the general path reads it) — and captures what the parser still checks in Python: the ID number's parts (for its check
    character) and the runs of fields shared by many rows (学段, 年级, 班级, 状态, 入学日期: validated
    once per school and value).

    When the ID number, sex or birth-date column comes before the student number's (so that the
    pattern cannot refer back to it), they are captured and ``person`` is true: the parser compares
    them in Python."""

    match: Callable[[str], re.Match[str] | None]
    #: the groups to take: the student number, its 18 characters and their parts (region, birth
    #: date, sequence, check character), then the first run of shared fields
    fetch: tuple[int, ...]
    #: for an L or J student number (``fetch`` then gives ``None`` for it): the groups of the number
    #: and of the ID number's parts, taken from the ID number's column; empty when such a row cannot
    #: be recognised on its line (the general path reads it)
    lj: tuple[int, ...]
    #: the runs of shared fields when there are several (their cache key is then their tuple)
    runs: tuple[int, ...]
    #: ID number, sex and birth date, captured when a column of them comes before the student
    #: number's (the parser compares them in Python); empty otherwise
    person: tuple[int, ...]
    second: tuple[int, ...]  # the second guardian's four groups when they are not adjacent

    @classmethod
    def build(cls, h: _Header, rules: dict[str, Rule]) -> _PlainLine | None:
        """The pattern for this header, from each column's fragment (its rule's, :mod:`.schema`);
        ``None`` when no row can be plain (a column it needs absent)."""

        def cell(name: str) -> str:
            rule = rules.get(name)
            if rule is None:
                return _ANY  # an unknown column (ignored)
            return _NEVER if rule.fragment is None else rule.fragment

        def filled(name: str) -> str:  # the plain path needs the field (complete basic data)
            fragment = cell(name)
            blank_ok = re.fullmatch(fragment, "") or re.fullmatch(fragment, " ")
            return _NON_BLANK + fragment if blank_ok else fragment

        needed = ("student_number", "name", "household_registration", "address",
                  *_GUARDIAN_NAMES[0][:2], *_COMMON)  # fmt: skip
        if any(n not in h.index for n in needed):
            return None
        g2 = [h.index.get(n) for n in _GUARDIAN_NAMES[1]]
        first = g2[0]
        together = first is not None and g2 == [first + k for k in range(4)]
        absent = all(i is None for i in g2)
        at_sn = h.index["student_number"]
        person = any(
            h.index.get(n, at_sn + 1) < at_sn for n in ("identity_number", "sex", "birth_date")
        )
        at_id = h.index.get("identity_number")
        # an L or J number (no check character of its own) with its ID number: plain too when the ID
        # number's column comes before the sex and birth-date columns (they are checked against it)
        lj = (
            not person
            and at_id is not None
            and all(h.index.get(n, at_id + 1) > at_id for n in ("sex", "birth_date"))
        )
        by_index = {i: name for name, i in h.index.items()}
        pieces: list[str] = []
        runs: list[str] = []
        i = 0
        while i < h.width:
            name = by_index.get(i, "")
            if name == _GUARDIAN_NAMES[1][0] and together:
                pieces.append(f"(?:,,,|{','.join(cell(n) for n in _GUARDIAN_NAMES[1])})")
                i += 4
                continue
            if name in _SHARED:  # captured with the adjacent shared fields: one string per run
                # a column a plain row leaves empty (the student's mode, a workflow's) between
                # shared ones joins their run: its empty field is part of the key, which stays one
                # string (one group to take, no tuple to build and hash on every plain row)
                run = [_ANY]
                gap = 0  # such empty columns after the last shared one
                while (after := by_index.get(i + len(run) + gap, "")) in _SHARED or (
                    after in _EMPTY_ON_PLAIN
                ):
                    if after in _SHARED:
                        run.extend([""] * gap + [_ANY])
                        gap = 0
                    else:
                        gap += 1
                runs.append(f"run{len(runs)}")
                pieces.append(f"(?P<{runs[-1]}>{','.join(run)})")
                i += len(run)
                continue
            if name == "student_number":
                g_number = f"(?P<sn>G{identity_pattern('')})"
                lj_number = f"(?P<lsn>[{SHAPE_ONLY_LETTERS}]{ID_SHAPE})"
                pieces.append(f"(?:{g_number}|{lj_number})" if lj else g_number)
            elif name == "identity_number":
                if person:
                    pieces.append(f"(?P<id>(?:{ID_SHAPE})?)")
                elif lj:  # a G number's own, or empty; an L or J number's: required, captured
                    pieces.append(f"(?(sn)(?:(?P=tail))?|{identity_pattern('l')})")
                else:
                    pieces.append("(?:(?P=tail))?")
            elif name == "sex":
                male, female = Sex.MALE.value, Sex.FEMALE.value
                if person:
                    pieces.append(f"(?P<sex>{male}|{female}|)")
                elif lj:
                    pieces.append(f"(?:(?(odd){male}|(?(lodd){male}|{female})))?")
                else:
                    pieces.append(f"(?:(?(odd){male}|{female}))?")
            elif name == "birth_date":
                if person:
                    pieces.append("(?P<birth>(?:[0-9]{4}-[0-9]{2}-[0-9]{2})?)")
                elif lj:
                    pieces.append("(?:(?(sn)(?P=y)-(?P=m)-(?P=d)|(?P=ly)-(?P=lm)-(?P=ld)))?")
                else:
                    pieces.append("(?:(?P=y)-(?P=m)-(?P=d))?")
            elif name in _GUARDIAN_NAMES[1]:
                pieces.append(f"(?P<{name}>(?:{cell(name)})?)")
            elif name in ("name", "ethnicity", "household_registration", "address",
                          *_GUARDIAN_NAMES[0][:2]):  # fmt: skip
                pieces.append(filled(name))
            elif name in _EMPTY_ON_PLAIN:
                pieces.append("")  # a plain row has none (the student's mode: the general path)
            else:
                pieces.append(cell(name))
            i += 1
        pattern = re.compile("(?P<empty>)" + ",".join(pieces) + "(?:\r\n|\r|\n)?")
        g = pattern.groupindex
        return cls(
            match=pattern.fullmatch,
            fetch=tuple(g[n] for n in ("sn", "tail", "region", "born", "seq", "check", runs[0])),
            lj=tuple(g[n] for n in ("lsn", "ltail", "lregion", "lborn", "lseq", "lcheck"))
            if lj
            else (),
            runs=tuple(g[n] for n in runs) if len(runs) > 1 else (),
            person=tuple(g.get(n, g["empty"]) for n in ("id", "sex", "birth")) if person else (),
            second=()
            if together or absent
            else tuple(g.get(c, g["empty"]) for c in _GUARDIAN_NAMES[1]),
        )


class RowParser:
    """Turns one school's raw rows into validated :class:`Record` values and :class:`Rejected` rows.

    Used in the reading process (``--jobs 1``) and in each worker process (``--jobs N``).
    """

    def __init__(self, specs: _Specs) -> None:
        check_type(specs, "specs", _Specs)  # RosterReader.specs
        self.specs = specs
        self.kind = specs.kind
        self.roster_label = specs.roster_label
        self.events_label = specs.events_label
        self.schools = {s.code: s for s in specs.schools}
        self._grade_cache: dict[tuple[str, str, str], Grade | tuple[str, str]] = {}
        self._event_protos: dict[
            tuple[str, str], Callable[[StudentNumber], Event] | tuple[str, str]
        ] = {}
        self._placeholder = _placeholder_student()
        #: The input lines of the records the last :meth:`parse_block` returned (same order).
        self.last_lines: list[int] = []
        self.extras: list[Column] = []
        self.eh: _Header | None = None
        if specs.kind == "csv":
            self._init_csv(specs)
        # Fast assembly only when every Record field is one this module fills.
        self._fast = _make_record is not None and _make_student is not None and not self.extras

    def _init_csv(self, specs: _Specs) -> None:
        schema = self.schema = specs.schema
        h = self.h = _Header(specs.roster_label, specs.roster_header, roster_columns(schema))
        #: Each roster column's rule (the schema's): ``self.rules["name"].parse(text)``.
        self.rules: dict[str, Rule] = {c.name: c.rule for c in schema.of("roster") if c.rule}
        self.extras = [c for c in _EXTRA_COLUMNS.values() if c.name in h.index]
        if specs.events_header is not None:
            self.eh = _Header(specs.events_label, specs.events_header, schema.of("events"))
            self.event_rules: dict[str, Rule] = {
                c.name: c.rule for c in schema.of("events") if c.rule
            }
            self._event_memos: tuple[dict[str, Any], ...] = tuple({} for _ in _EVENT_VALUES)
            event_at = [
                self.eh.at(n)
                for n in ("on", "after_status", "after_school_code", "after_system",
                          "after_mode", "after_stage", "after_grade", "kind", "details")
            ]  # fmt: skip
            # the fields of an event row, an absent optional column read as "" (one appended)
            self._event_get: Callable[[list[str]], tuple[str, ...]] = operator.itemgetter(*event_at)
            self._event_pad = self.eh.width in event_at
        used = ("school_code", "student_number", "identity_number", "name", "sex", "birth_date",
                "household_registration", "address", "stage", "grade", "class_name", "status",
                "enrolled_on", "ethnicity", "origin", "household_region", "mode", *_TRANSFER_NAMES,
                *_SUSPENSION_NAMES,
                *_GUARDIAN_NAMES[0], *_GUARDIAN_NAMES[1])  # fmt: skip
        # an absent optional column reads as the empty field appended to each row
        self._pad = any(n not in h.index for n in used)
        self._common_key = _getter(
            [
                h.at(n)
                for n in ("stage", "grade", "class_name", "status", "enrolled_on", "ethnicity")
            ]
        )
        self._guardian_keys = [_getter([h.at(n) for n in names]) for names in _GUARDIAN_NAMES]
        # the student's text cells, checked at once by their columns' fragments (any refused: each
        # cell by its rule, to name the bad one)
        texts = (*_STUDENT_TEXTS, *_GUARDIAN_NAMES[0], *_GUARDIAN_NAMES[1])
        self._texts = _getter([h.at(n) for n in texts])

        def cell(name: str) -> str:
            fragment = self.rules[name].fragment
            return _NEVER if fragment is None else fragment

        guardian = [f"(?:,,,|{','.join(cell(n) for n in g)})" for g in _GUARDIAN_NAMES]
        self._texts_ok = re.compile(
            ",".join([*(cell(n) for n in _STUDENT_TEXTS), *guardian])
        ).fullmatch
        self._plain = _PlainLine.build(h, self.rules) if not self.extras else None
        self._plain_across: dict[tuple[Any, ...], tuple[Grade, int] | None] = {}
        self._common_across: dict[tuple[Any, ...], Any] = {}
        #: the optional student cells read by their rules (their values remembered by text)
        self._cells_at = tuple((n, h.at(n)) for n in ("origin", "household_region", "mode"))
        self._cell_memos: dict[str, dict[str, Any]] = {n: {} for n, _ in self._cells_at}
        self._person_at = tuple(
            h.at(n)
            for n in ("student_number", "identity_number", "sex", "birth_date")
        )  # fmt: skip
        self._origin_at = h.at("origin")
        workflow = sorted({h.at(n) for n in (*_TRANSFER_NAMES, *_SUSPENSION_NAMES)} - {h.width})
        self._workflow_key = _getter(workflow)
        self._no_workflow = ("",) * len(workflow)
        self._other_transfer = _getter([h.index[n] for n in _TRANSFER_NAMES[1:] if n in h.index])
        self._other_suspension = _getter(
            [h.index[n] for n in _SUSPENSION_NAMES[1:] if n in h.index]
        )

    # ---- helpers ------------------------------------------------------------------------------

    def _invalid(
        self, name: str, exc: InvalidInput, what: str | None = None
    ) -> tuple[int, str, str]:
        """``(column index, zh, en)``: column ``name``'s rule refused its cell (``what`` names the
        value in Chinese; default the column's Chinese header)."""
        zh = what or self.schema.column("roster", name).zh
        return (self.h.at(name), f"{zh}无效：{exc.zh}", f"invalid {name}: {exc.en}")

    def _reject(self, line: int, index: int | None, zh: str, en: str) -> Rejected:
        return Rejected(
            file=self.roster_label,
            line=line,
            column=None if index is None or index >= self.h.width else index + 1,
            column_name="" if index is None else self.h.name_of(index),
            zh=zh,
            en=en,
        )

    def _grade(self, school: School, stage: str, number: str) -> Grade | tuple[str, str]:
        key = (school.code, stage, number)
        found = self._grade_cache.get(key)
        if found is None:
            found = parse_grade(stage, number, school.system, self.schema)
            if isinstance(found, Grade) and not school.offers(found):
                found = (
                    f"学校 {school.code} 不设{found.label_zh}（{school.system.value}）",
                    f"school {school.code} does not offer {found.label_en} ({school.system.en})",
                )
            if len(self._grade_cache) >= _PROTO_LIMIT:
                self._grade_cache.clear()
            self._grade_cache[key] = found
        return found

    # ---- a block ------------------------------------------------------------------------------

    def parse_block(self, block: Block) -> tuple[SchoolRecords, list[Rejected]]:
        """The block's records (in row order, with their columns and input lines) and rejected rows
        (roster rows, then event rows)."""
        if self.kind == "jsonl":
            return self._parse_jsonl(block)
        return self._parse_csv(block)

    def _parse_jsonl(self, block: Block) -> tuple[SchoolRecords, list[Rejected]]:
        from ..records.serialization import from_dict

        records: list[Record] = []
        rejected: list[Rejected] = []
        lines = self.last_lines = []
        for line, data in block.rows:
            try:
                records.append(from_dict(data, Record))
                lines.append(line)
            except XuejiError as exc:
                rejected.append(
                    Rejected(file=self.roster_label, line=line, column=None, zh=exc.zh, en=exc.en)
                )
        return SchoolRecords.of(records, lines), rejected

    def _common(
        self, row: list[str], school: School
    ) -> tuple[Grade, str, Status, _dt.date, str] | tuple[int, str, str]:
        """The fields many rows share (grade, class, status, enrollment date, ethnicity), validated,
        or ``(column index, zh, en)`` for the first bad one. Cached per school by their raw text."""
        h = self.h
        rules = self.rules
        try:
            rules["stage"].parse(row[h.pos["stage"]])
        except InvalidInput as exc:
            return self._invalid("stage", exc)
        grade = self._grade(school, row[h.pos["stage"]].strip(), row[h.pos["grade"]].strip())
        if not isinstance(grade, Grade):
            return (h.pos["grade"], *grade)
        values: list[Any] = []
        for name in ("class_name", "status", "enrolled_on", "ethnicity"):
            try:
                values.append(rules[name].parse(row[h.pos[name]]))
            except InvalidInput as exc:
                return self._invalid(name, exc)
        class_name, status, enrolled_on, ethnicity = values
        return grade, class_name, status, enrolled_on, ethnicity

    def _person(
        self, row: list[str], line: int
    ) -> tuple[str, IdentityNumber | None, Sex, _dt.date] | Rejected:
        """Student number, ID number, sex and birth date, validated (the general path)."""
        h = self.h
        reject = self._reject
        i_sn, i_id = h.pos["student_number"], h.pos["identity_number"]
        sn_text = row[i_sn].strip().upper()
        id_text = row[i_id].strip().upper()
        first = sn_text[:1]
        if first == "G" and not id_text:
            id_text = sn_text[1:]
        # a G number other than the ID number: valid only with the ID correction in the student's
        # events (4), which the Student checks once the history is read (``_row``)
        if (
            len(sn_text) != 19
            or first not in STUDENT_NUMBER_LETTERS
            or (first != "G" and not _LJ_TAIL.fullmatch(sn_text, 1))
        ):
            return self._bad_student_number(line, i_sn, sn_text)
        sex_text = row[h.pos["sex"]].strip()
        birth_text = row[h.pos["birth_date"]].strip()
        if id_text:
            info = fast_identity(id_text)
            if info is None:
                where = i_sn if first == "G" and not row[i_id].strip() else i_id
                return self._bad_identity(line, where, id_text)
            birth, seq = info
            sex = Sex.MALE if seq % 2 else Sex.FEMALE
            if sex_text and SEXES.get(sex_text.lower()) is not sex:
                return reject(
                    line,
                    h.pos["sex"],
                    f"性别与身份证号 {mask_id(id_text)} 不一致",
                    f"the sex does not match ID number {mask_id(id_text)}",
                )
            if birth_text and parse_date(birth_text) != birth:
                return reject(
                    line,
                    h.pos["birth_date"],
                    f"出生日期与身份证号 {mask_id(id_text)} 不一致",
                    f"the birth date does not match ID number {mask_id(id_text)}",
                )
            return sn_text, _identity(id_text), sex, birth
        found_sex = found_birth = None
        with contextlib.suppress(InvalidInput):
            found_sex = self.rules["sex"].parse(sex_text)
        with contextlib.suppress(InvalidInput):
            found_birth = self.rules["birth_date"].parse(birth_text)
        if found_sex is None:
            return reject(
                line,
                h.pos["sex"],
                "性别应为 男 或 女（无身份证号时必填）",
                "sex is 男 or 女 (required without an ID number)",
            )
        if found_birth is None:
            return reject(
                line,
                h.pos["birth_date"],
                "出生日期无效（YYYY-MM-DD，无身份证号时必填）",
                "invalid birth date (YYYY-MM-DD; required without an ID number)",
            )
        return sn_text, None, found_sex, found_birth

    def _parse_csv(self, block: Block) -> tuple[SchoolRecords, list[Rejected]]:
        """The block's records and rejected rows.

        Two paths, one result. A **plain row** (在校, nothing open, no events, a G number whose ID
        checks or an L or J number with an ID number that does, the sex and birth date as that ID
        gives them or empty, and complete basic data) is validated here without building anything:
        its record is plain (:func:`is_plain`) and is built only when a check asks for it
        (``SchoolRecords.load``), by the general path. Every other row takes the **general path**
        (:meth:`_row`), which validates each field and builds the record; a row the plain path is
        unsure of goes there too.
        """
        h = self.h
        width = h.width
        pad = self._pad
        i_school = h.pos["school_code"]
        plain_line = self._plain
        school = self.schools.get(block.school_code)
        plain_match = plain_line.match if plain_line is not None and school is not None else None
        fetch = plain_line.fetch if plain_line is not None else ()
        lj = plain_line.lj if plain_line is not None else ()
        runs = plain_line.runs if plain_line is not None else ()
        person = plain_line.person if plain_line is not None else ()
        second = plain_line.second if plain_line is not None else ()
        p_region, p_birth, p_seq, check_char = (
            _PLAIN_REGION,
            _PLAIN_BIRTH,
            _PLAIN_SEQ,
            ID_CHECK_CHARS,
        )
        enrolled = Status.ENROLLED
        reject = self._reject
        rejected: list[Rejected] = []
        built: list[tuple[int, Record]] = []  # the rows built on the general path
        grades: list[Grade] = []
        numbers: list[str] = []
        identities: list[str | None] = []
        ordinals: list[int] = []
        lines: list[int] = []
        raw: list[str] = []  # the text of each row (read again when a plain record is built)
        special: list[int] = []
        add_grade, add_number = grades.append, numbers.append
        add_identity, add_ordinal, add_line = identities.append, ordinals.append, lines.append
        add_raw = raw.append

        common_cache: dict[tuple[str, ...], Any] = {}
        plain_cache: dict[str | tuple[str, ...], tuple[Grade, int] | None] = {}
        events: dict[str, list[tuple[int, list[str]]]] = {}
        if block.events and self.eh is not None:
            e_sn = self.eh.at("student_number")
            for line, erow in block.events:
                key = erow[e_sn].strip().upper() if e_sn < len(erow) else ""
                events.setdefault(key, []).append((line, erow))
        poisoned = dict(block.poisoned)
        busy = events.keys() | poisoned.keys()  # students whose history is read (general path)

        for line, row in block.rows:
            if row.__class__ is str:  # a raw line (no quote character): maybe a plain row
                m = plain_match(row) if plain_match is not None else None
                if m is not None:
                    sn, tail, region, born, seq, check, ckey = m.group(*fetch)
                    if sn is None:  # an L or J number: the ID number from its own column
                        sn, tail, region, born, seq, check = m.group(*lj)
                    if runs:  # several runs of shared fields: their tuple is the key
                        ckey = m.group(*runs)
                    plain = plain_cache.get(ckey, _MISSING)
                    if plain is _MISSING:  # new shared fields: validated once (general path)
                        assert school is not None  # no match without the school
                        plain = plain_cache[ckey] = self._plain_shared(row, school, ckey)
                    if plain is not None:
                        try:  # the check character, from the cached sums of the ID number's parts
                            ok = (
                                check_char[(p_region[region] + p_birth[born] + p_seq[seq]) % 11]
                                == check
                            )
                        except KeyError:  # a part new, or not valid
                            ok = _plain_id_checks(tail)
                        if (
                            ok
                            and sn not in busy
                            and (
                                not person
                                or _person_agrees(m.group(*person), tail, _BIRTH.get(born))  # type: ignore[arg-type]
                            )
                            and (not second or _second_guardian_ok(m.group(*second)))
                        ):
                            add_grade(plain[0])
                            add_number(sn)
                            add_identity(tail)
                            add_ordinal(plain[1])
                            add_line(line)
                            add_raw(row)
                            continue
                row = split_line(row)
            if len(row) != width:
                rejected.append(_wrong_width(self.roster_label, line, width, len(row)))
                continue
            if pad:
                row.append("")
            if school is None:
                code = row[i_school].strip()
                rejected.append(
                    reject(
                        line,
                        i_school,
                        f"学校代码 {echo_cell(code)} 不在学校表中",
                        f"school code {echo_cell(code)} is not in the schools file",
                    )
                )
                continue
            record = self._row(line, row, school, common_cache, events, poisoned, rejected)
            if record is None:
                continue
            st = record.student
            if not is_plain(record):
                special.append(len(lines))
            built.append((len(lines), record))
            add_grade(record.grade)
            add_number(st.student_number.value)
            add_identity(None if st.identity_number is None else st.identity_number.value)
            add_ordinal(record.enrolled_on.toordinal())
            add_line(line)
            add_raw("")  # built already: never read again
        for key, rows in events.items():
            for line, _erow in rows:
                rejected.append(
                    Rejected(
                        file=self.events_label,
                        line=line,
                        column=None,
                        zh=f"学校 {block.school_code} 的名册中没有该学生（{mask_id(key)}）或其名册行被拒绝",
                        en=f"no accepted roster row of school {block.school_code} for this student "
                        f"({mask_id(key)})",
                    )
                )
        self.last_lines = lines
        statuses: list[Status] = [enrolled] * len(lines)  # a row left unbuilt is a plain one
        records: list[Record | None] = [None] * len(lines)
        for i, record in built:
            statuses[i] = record.status
            records[i] = record
        load = None
        if school is not None:
            at = school

            def load(i: int) -> Record:
                """The plain record of row ``i``, built by the general path (it accepts it)."""
                fields = split_line(raw[i])
                if pad:
                    fields.append("")
                got = self._row(lines[i], fields, at, common_cache, {}, {}, [])
                assert got is not None, "a plain row is accepted by the general path"
                return got

        result = SchoolRecords(
            block.school_code,
            statuses=statuses,
            grades=grades,
            numbers=numbers,
            identities=identities,
            enrolled_ordinals=ordinals,
            lines=lines,
            special=special,
            records=records,
            load=load,
        )
        return result, rejected

    def _plain_shared(
        self, row: str, school: School, key: str | tuple[str, ...]
    ) -> tuple[Grade, int] | None:
        """What the shared fields of a plain-shaped line give (its grade and enrollment date as an
        ordinal), or ``None`` when they do not make a plain row (another status, or a field the
        general path rejects). The same fields give the same answer at every school of the same 学制
        and stages: cached across schools (bounded)."""
        across = (school.system, school.stages, key)
        found = self._plain_across.get(across, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[no-any-return]
        fields = split_line(row)
        if self._pad:
            fields.append("")
        common: Any = self._common(fields, school)
        result = (
            (common[0], common[3].toordinal())
            if len(common) == 5 and common[2] is Status.ENROLLED
            else None
        )
        if len(self._plain_across) >= _PROTO_LIMIT:
            self._plain_across.clear()
        self._plain_across[across] = result
        return result

    def _row(
        self,
        line: int,
        row: list[str],
        school: School,
        common_cache: dict[tuple[str, ...], Any],
        events: dict[str, list[tuple[int, list[str]]]],
        poisoned: dict[str, int],
        rejected: list[Rejected],
    ) -> Record | None:
        """The general path: one roster row (of the right width, padded) validated field by field and
        its record built; ``None`` when rejected (the rejection appended to ``rejected``)."""
        reject = self._reject
        i_sn, i_id, i_sex, i_birth = self._person_at
        # -- fields shared by many rows: validated once per school (and, when valid, once per 学制
        # and stages: the same text gives the same values at every such school)
        ckey = self._common_key(row)
        common = common_cache.get(ckey)
        if common is None:
            across = (school.system, school.stages, ckey)
            common = self._common_across.get(across)
            if common is None:
                common = self._common(row, school)
                if len(common) == 5:  # (a rejection names the school: not shared)
                    if len(self._common_across) >= _PROTO_LIMIT:
                        self._common_across.clear()
                    self._common_across[across] = common
            common_cache[ckey] = common
        if len(common) == 3:
            rejected.append(reject(line, *common))
            return None
        grade, class_name, status, enrolled_on, ethnicity = common  # type: ignore[misc]
        # -- student number, ID number, sex, birth date: canonical rows on the fast path
        sn_text = row[i_sn]
        id_text = row[i_id]
        info = None
        if (
            len(sn_text) == 19
            and sn_text[0] == "G"
            and (id_text == "" or (len(id_text) == 18 and id_text == sn_text[1:]))
        ):
            id_text = id_text or sn_text[1:]
            info = fast_identity(id_text)
        if info is not None:
            birth, seq = info
            sex = Sex.MALE if seq & 1 else Sex.FEMALE
            text = row[i_sex]
            if text and SEXES.get(text) is not sex and SEXES.get(text.strip().lower()) is not sex:
                rejected.append(
                    reject(
                        line,
                        i_sex,
                        f"性别与身份证号 {mask_id(id_text)} 不一致",
                        f"the sex does not match ID number {mask_id(id_text)}",
                    )
                )
                return None
            text = row[i_birth]
            if text and _DATE_CACHE.get(text) != birth and parse_date(text.strip()) != birth:
                rejected.append(
                    reject(
                        line,
                        i_birth,
                        f"出生日期与身份证号 {mask_id(id_text)} 不一致",
                        f"the birth date does not match ID number {mask_id(id_text)}",
                    )
                )
                return None
            ident: IdentityNumber | None = _identity(id_text)
        else:
            person = self._person(row, line)
            if isinstance(person, Rejected):
                rejected.append(person)
                return None
            sn_text, ident, sex, birth = person
        cells = self._texts(row)
        guardians: tuple[Guardian, ...] | Rejected
        if _make_guardian is not None and self._texts_ok(",".join(cells)) is not None:
            name, household, address, r1, n1, e1, p1, r2, n2, e2, p2 = map(str.strip, cells)
            one = () if r1 == n1 == e1 == p1 == "" else (_make_guardian(r1, n1, e1, p1),)
            guardians = (
                one if r2 == n2 == e2 == p2 == "" else (*one, _make_guardian(r2, n2, e2, p2))
            )
        else:
            try:
                name, household, address = (
                    self.rules[n].parse(row[self.h.at(n)]) for n in _STUDENT_TEXTS
                )
            except InvalidInput:
                rejected.append(self._which(line, row, _STUDENT_TEXTS))
                return None
            guardians = self._guardians(row, line)
        if isinstance(guardians, Rejected):
            rejected.append(guardians)
            return None
        student_number = _student_number(sn_text)
        # -- origin (8.5), the 户籍's region code (1.5, 3.2) and the student's own teaching mode
        # (6.1): each empty (the ID number's origin and region, the class's or school's mode) or its
        # column's rule's value (a value seen before: remembered, bounded)
        origin: Origin | None = None
        region: str | None = None
        mode: TeachingMode | None = None
        memos = self._cell_memos
        for column, at in self._cells_at:
            text = row[at]
            if not text:
                continue
            memo = memos[column]
            value = memo.get(text, _MISSING)
            if value is _MISSING:
                try:
                    value = self.rules[column].parse(text)
                except InvalidInput as exc:
                    rejected.append(reject(line, *self._invalid(column, exc)))
                    return None
                if len(memo) < _CACHE_LIMIT:
                    memo[text] = value
            if column == "origin":
                origin = value
            elif column == "household_region":
                region = value
            else:
                mode = value
        # -- open workflows (rare: validated constructors)
        transfer: TransferWorkflow | None = None
        suspension: SuspensionPeriod | None = None
        if self._workflow_key(row) != self._no_workflow:
            workflow = self._workflows(row, line, school, grade)
            if isinstance(workflow, Rejected):
                rejected.append(workflow)
                return None
            transfer, suspension = workflow
        # -- history
        history: tuple[HistoryEntry, ...] = ()
        if events:
            mine = events.pop(sn_text, None)
            if mine is not None:
                parsed = self._history(mine, student_number, school, rejected)
                if isinstance(parsed, int):
                    rejected.append(self._incomplete(line, parsed))
                    return None
                history = parsed
        if poisoned and sn_text in poisoned:
            rejected.append(self._incomplete(line, poisoned[sn_text]))
            return None
        # -- assemble
        former = _former_identities(history) if history else ()
        if self._fast and ident is not None and not former:
            assert _make_student is not None
            if sn_text[0] == "G" and sn_text[1:] != ident.value:
                rejected.append(self._uncorrected(line, sn_text))
                return None
            if origin is not None:
                problem = origin_problem(origin, ident)
                if problem is not None:
                    rejected.append(reject(line, self._origin_at, *problem))
                    return None
            student = _make_student(
                name, sex, birth, ethnicity, ident, student_number, household, address, guardians,
                (), origin_of_region(ident.value), region,
            )  # fmt: skip
        else:
            try:
                student = Student(
                    name=name,
                    sex=sex,
                    birth_date=birth,
                    ethnicity=ethnicity,
                    identity_number=ident,
                    student_number=student_number,
                    household_registration=household,
                    address=address,
                    guardians=guardians,
                    former_identity_numbers=former,
                    origin=origin,
                    household_region=region,
                )
            except InvalidInput as exc:
                if exc.where == "Student.student_number" and ident is not None:
                    rejected.append(self._uncorrected(line, sn_text))
                else:
                    rejected.append(reject(line, None, exc.zh, exc.en))
                return None
        if self._fast:
            assert _make_record is not None
            made: Record = _make_record(
                student, school.code, grade, class_name, status, enrolled_on, transfer, suspension,
                history, mode,
            )  # fmt: skip
            return made
        return self._slow_record(
            row, line, student, school, grade, class_name, status, enrolled_on, transfer,
            suspension, history, rejected, mode,
        )  # fmt: skip

    def _uncorrected(self, line: int, sn_text: str) -> Rejected:
        """A G number other than the row's ID number with no ID correction in the events (4)."""
        return self._reject(
            line,
            self.h.pos["identity_number"],
            f"G 字头学籍号 {mask_id(sn_text)} 须包含该生的身份证号；身份证号与之不同时，"
            f"{self.events_label} 中须有该生经核准的身份证号更正（4），其原身份证号为学籍号所含号码",
            f"G student number {mask_id(sn_text)} must carry the student's ID number; when the ID "
            f"number differs, {self.events_label} must hold the student's accepted ID correction "
            "(clause 4) from the number the student number carries",
        )

    def _which(self, line: int, row: list[str], names: Sequence[str]) -> Rejected:
        """The rejection of the first of the columns ``names`` whose rule refuses its cell."""
        for name in names:
            i = self.h.pos[name]
            try:
                self.rules[name].parse(row[i])
            except InvalidInput as exc:
                return self._reject(line, *self._invalid(name, exc))
        raise AssertionError("a rule refused one of the cells")  # pragma: no cover

    def _guardians(self, row: list[str], line: int) -> tuple[Guardian, ...] | Rejected:
        """The guardians of the ``guardianN_*`` columns (称谓 and 姓名 required when any is given), each
        field by its column's rule."""
        h = self.h
        rules = self.rules
        out: list[Guardian] = []
        for names, get in zip(_GUARDIAN_NAMES, self._guardian_keys, strict=True):
            fields = get(row)
            if fields == _NO_GUARDIAN or not any(v.strip() for v in fields):
                continue
            for value, column in ((fields[0], names[0]), (fields[1], names[1])):
                if not value.strip():
                    return self._reject(
                        line,
                        h.pos[column],
                        "监护人的称谓和姓名不能为空",
                        "a guardian needs a relation and a name",
                    )
            try:
                values = [rules[n].parse(v) for n, v in zip(names, fields, strict=True)]
            except InvalidInput:
                return self._which(line, row, names)
            if _make_guardian is not None:
                out.append(_make_guardian(*values))
            else:
                try:
                    out.append(Guardian(**dict(zip(_GUARDIAN_FIELDS, values, strict=True))))
                except InvalidInput as exc:
                    return self._reject(line, h.pos[names[0]], exc.zh, exc.en)
        return tuple(out)

    def _workflows(
        self, row: list[str], line: int, school: School, grade: Grade
    ) -> tuple[TransferWorkflow | None, SuspensionPeriod | None] | Rejected:
        h = self.h
        transfer: TransferWorkflow | None = None
        if row[h.pos["transfer_to_school"]].strip():
            got_transfer = self._transfer(row, line, school, grade)
            if isinstance(got_transfer, Rejected):
                return got_transfer
            transfer = got_transfer
        elif any(v.strip() for v in self._other_transfer(row)):
            return self._reject(
                line,
                h.pos["transfer_to_school"],
                "有转学信息但未填转入学校代码",
                "transfer fields without the receiving school",
            )
        suspension: SuspensionPeriod | None = None
        if row[h.pos["suspension_started_on"]].strip() or any(
            v.strip() for v in self._other_suspension(row)
        ):
            got_suspension = self._suspension(row, line)
            if isinstance(got_suspension, Rejected):
                return got_suspension
            suspension = got_suspension
        return transfer, suspension

    def _slow_record(
        self,
        row: list[str],
        line: int,
        student: Student,
        school: School,
        grade: Grade,
        class_name: str,
        status: Status,
        enrolled_on: _dt.date,
        transfer: TransferWorkflow | None,
        suspension: SuspensionPeriod | None,
        history: tuple[HistoryEntry, ...],
        rejected: list[Rejected],
        mode: TeachingMode | None = None,
    ) -> Record | None:
        extra: dict[str, Any] = {}
        for col in self.extras:
            i = self.h.at(col.name)
            text = row[i]
            if not text:
                continue
            assert col.parse is not None
            assert col.field is not None
            try:
                extra[col.field] = col.parse(text)
            except XuejiError as exc:
                rejected.append(self._reject(line, i, exc.zh, exc.en))
                return None
        try:
            return Record(
                student=student,
                school_code=school.code,
                grade=grade,
                class_name=class_name,
                status=status,
                enrolled_on=enrolled_on,
                transfer=transfer,
                suspension=suspension,
                history=history,
                mode=mode,
                **extra,
            )
        except XuejiError as exc:
            rejected.append(self._reject(line, None, exc.zh, exc.en))
            return None

    def _bad_student_number(self, line: int, index: int, text: str) -> Rejected:
        try:
            StudentNumber(text)
        except InvalidInput as exc:
            return self._reject(line, index, exc.zh, exc.en)
        return self._reject(  # pragma: no cover - the fast check agrees with the model
            line, index, "学籍号无效", "invalid student number"
        )

    def _bad_identity(self, line: int, index: int, text: str) -> Rejected:
        try:
            IdentityNumber(text)
        except InvalidInput as exc:
            return self._reject(line, index, exc.zh, exc.en)
        return self._reject(  # pragma: no cover - the fast check agrees with the model
            line, index, "身份证号无效", "invalid ID number"
        )

    def _incomplete(self, line: int, event_line: int) -> Rejected:
        return self._reject(
            line,
            None,
            f"该生的异动记录（{self.events_label} 第 {event_line} 行）被拒绝，历史不完整，不予审核",
            f"an event row of this student ({self.events_label} line {event_line}) was rejected: "
            "the history is incomplete, the record is not audited",
        )

    # ---- transfer and suspension columns ------------------------------------------------------

    def _transfer(
        self, row: list[str], line: int, school: School, grade: Grade
    ) -> TransferWorkflow | Rejected:
        h = self.h
        receiving = self.schools.get(row[h.pos["transfer_to_school"]].strip())
        stage_text = row[h.pos["transfer_to_stage"]] or grade.stage.value
        grade_text = row[h.pos["transfer_to_grade"]]
        if grade_text:
            system = receiving.system if receiving is not None else school.system
            to_grade = parse_grade(stage_text, grade_text, system, self.schema)
            if not isinstance(to_grade, Grade):
                return self._reject(line, h.pos["transfer_to_grade"], *to_grade)
        elif grade.compulsory and receiving is not None:
            to_grade = grade.with_system(receiving.system)
        else:
            to_grade = grade
        values: dict[str, Any] = {"to_grade": to_grade}
        for name, field in _TRANSFER_FIELDS:
            text = row[h.at(name)]
            if name == "transfer_started_on" and not text.strip():
                return self._reject(
                    line, h.at(name), "正在办理的转学须填此日期", "an open transfer needs this date"
                )
            try:
                values[field] = self.rules[name].parse(text)
            except InvalidInput as exc:
                return self._reject(line, *self._invalid(name, exc))
        try:
            return TransferWorkflow(**values)
        except InvalidInput as exc:
            field = (exc.where or "").rpartition(".")[2]
            column = {"to_class": "transfer_to_class", "due": "transfer_due"}.get(
                field,
                f"transfer_{field}" if f"transfer_{field}" in h.index else "transfer_to_school",
            )
            return self._reject(line, h.at(column), exc.zh, exc.en)

    def _suspension(self, row: list[str], line: int) -> SuspensionPeriod | Rejected:
        h = self.h
        values: dict[str, Any] = {}
        for name, field in _SUSPENSION_FIELDS:
            try:
                values[field] = self.rules[name].parse(row[h.at(name)])
            except InvalidInput as exc:
                what = "休学日期" if field in ("started_on", "ends_on") else None
                return self._reject(line, *self._invalid(name, exc, what))
        try:
            return SuspensionPeriod(**values)
        except InvalidInput as exc:
            return self._reject(line, h.pos["suspension_ends_on"], exc.zh, exc.en)

    # ---- events -------------------------------------------------------------------------------

    def _history(
        self,
        rows: list[tuple[int, list[str]]],
        student: StudentNumber,
        school: School,
        rejected: list[Rejected],
    ) -> tuple[HistoryEntry, ...] | int:
        """The student's history, or the line of the first rejected event row."""
        assert self.eh is not None
        entries: list[HistoryEntry] = []
        first_bad = 0
        last: _dt.date | None = None
        for line, erow in rows:
            entry = self._entry(line, erow, student, school)
            if isinstance(entry, Rejected):
                rejected.append(entry)
                first_bad = first_bad or line
                continue
            if last is not None and entry.on < last:
                rejected.append(
                    self._event_reject(
                        line,
                        "on",
                        f"异动日期 {entry.on} 早于该生前一条异动（{last}）；同一学生的异动须按日期排列",
                        f"the event date {entry.on} is before the student's previous event ({last}); "
                        "a student's events are listed in date order",
                    )
                )
                first_bad = first_bad or line
                continue
            last = entry.on
            entries.append(entry)
        return first_bad if first_bad else tuple(entries)

    def _event_invalid(self, line: int, name: str, exc: InvalidInput) -> Rejected:
        """Column ``name`` of the events file: its rule refused the cell."""
        zh = self.schema.column("events", name).zh
        return self._event_reject(line, name, f"{zh}无效：{exc.zh}", f"invalid {name}: {exc.en}")

    def _event_reject(self, line: int, name: str, zh: str, en: str) -> Rejected:
        assert self.eh is not None
        i = self.eh.at(name)
        return Rejected(
            file=self.events_label,
            line=line,
            column=i + 1 if i < self.eh.width else None,
            column_name=self.eh.name_of(i),
            zh=zh,
            en=en,
        )

    def _entry(
        self, line: int, erow: list[str], student: StudentNumber, school: School
    ) -> HistoryEntry | Rejected:
        eh = self.eh
        assert eh is not None
        if len(erow) != eh.width:
            return _wrong_width(self.events_label, line, eh.width, len(erow))
        (
            on_text,
            status_text,
            after_code,
            system_text,
            mode_text,
            stage,
            grade_text,
            kind,
            details,
        ) = [v.strip() for v in self._event_get([*erow, ""] if self._event_pad else erow)]
        texts = (on_text, status_text, after_code, system_text, mode_text)
        m_on, m_status, m_code, m_system, m_mode = self._event_memos  # values seen (bounded)
        on = m_on.get(on_text, _MISSING)
        status = m_status.get(status_text, _MISSING)
        code = m_code.get(after_code, _MISSING)
        system = m_system.get(system_text, _MISSING)
        mode = m_mode.get(mode_text, _MISSING)
        if (  # (by identity: no value's __eq__ asked about the marker)
            on is _MISSING
            or status is _MISSING
            or code is _MISSING
            or system is _MISSING
            or mode is _MISSING
        ):  # a text not seen yet: its column's rule
            parsed: list[Any] = []
            for name, text, memo in zip(_EVENT_VALUES, texts, self._event_memos, strict=True):
                try:
                    parsed.append(self.event_rules[name].parse(text))
                except InvalidInput as exc:
                    return self._event_invalid(line, name, exc)
                if len(memo) < _CACHE_LIMIT:
                    memo[text] = parsed[-1]
            on, status, code, system, mode = parsed
        after_code = code
        if system is None:
            after_school = self.schools.get(after_code)
            system = (after_school or school).system
        grade = parse_grade(stage, grade_text, system, self.schema)
        if not isinstance(grade, Grade):
            return self._event_reject(line, "after_grade", *grade)
        factory = self._event_protos.get((kind, details)) or self._event(kind, details)
        if isinstance(factory, tuple):
            return self._event_reject(
                line, "details" if "details" in eh.index else "kind", *factory
            )
        event = factory(student)
        if _make_entry is not None:
            made: HistoryEntry = _make_entry(on, event, status, after_code, grade, mode)
            return made
        try:
            return HistoryEntry(
                on=on, event=event, status=status, school_code=after_code, grade=grade, mode=mode
            )
        except InvalidInput as exc:  # pragma: no cover - values are validated above
            return self._event_reject(line, "kind", exc.zh, exc.en)

    def _event(self, kind: str, details: str) -> Callable[[StudentNumber], Event] | tuple[str, str]:
        """The event of this kind and details as a factory taking the student (made from a prototype
        with a placeholder student, :func:`_event_factory`), or why it is refused; cached."""
        key = (kind, details)
        found = self._event_protos.get(key)
        if found is not None:
            return found
        from ..records.serialization import from_dict

        result: Callable[[StudentNumber], Event] | tuple[str, str]
        try:
            data = {
                **self.event_rules["details"].parse(details),
                "kind": self.event_rules["kind"].parse(kind),
                "student": self._placeholder.reveal(),
            }
            result = _event_factory(from_dict(data, Event))
        except XuejiError as exc:
            result = (exc.zh, exc.en)
        if len(self._event_protos) >= _PROTO_LIMIT:  # bounded: memory stays flat
            self._event_protos.clear()
        self._event_protos[key] = result
        return result


_TRANSFER_NAMES = tuple(c.name for c in ROSTER_COLUMNS if c.name.startswith("transfer_"))
assert _TRANSFER_NAMES[0] == "transfer_to_school"
_SUSPENSION_NAMES = tuple(c.name for c in ROSTER_COLUMNS if c.name.startswith("suspension_"))
assert _SUSPENSION_NAMES[0] == "suspension_started_on"
#: The columns a plain row leaves empty: no open workflow, no student's own teaching mode (6.1: the
#: general path reads it).
_EMPTY_ON_PLAIN = frozenset((*_TRANSFER_NAMES, *_SUSPENSION_NAMES, "mode"))


def _fields_of(model: str) -> tuple[tuple[str, str], ...]:
    """``(column, field)`` of the roster columns that feed ``model``'s fields (``feeds``)."""
    return tuple(
        (c.name, c.feeds.partition(".")[2])
        for c in ROSTER_COLUMNS
        if c.feeds.startswith(f"{model}.")
    )


_TRANSFER_FIELDS = _fields_of("TransferWorkflow")
_SUSPENSION_FIELDS = _fields_of("SuspensionPeriod")


def _person_agrees(
    fields: tuple[str, str, str], tail: str, birth: tuple[int, _dt.date, str] | None
) -> bool:
    """The ID number, sex and birth date of a plain row agree with its student number ``tail`` (when
    the pattern could not check them: their columns come first)."""
    ident, sex, born = fields
    return (
        (not ident or ident == tail)
        and (not sex or sex == _SEX_OF_DIGIT[tail[16]])
        and (not born or (birth is not None and born == birth[2]))
    )


_SEX_OF_DIGIT = {str(d): (Sex.MALE if d % 2 else Sex.FEMALE).value for d in range(10)}


def _second_guardian_ok(fields: tuple[str, ...]) -> bool:
    """The second guardian's four fields: all empty, or with 称谓 and 姓名."""
    return not any(fields) or bool(fields[0].strip() and fields[1].strip())


def _getter(indexes: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """``row → (row[i] for i in indexes)`` as a tuple, in C (``operator.itemgetter``)."""
    if not indexes:
        return lambda _row: ()
    if len(indexes) == 1:
        only = indexes[0]
        return lambda row: (row[only],)
    got: Callable[[list[str]], tuple[str, ...]] = operator.itemgetter(*indexes)
    return got


# --------------------------------------------------------------------------------------------------
# Input files


@attrs.frozen(kw_only=True)
class RosterInput:
    """Where a roster is: the roster file (``.csv``, or ``.jsonl``/``.ndjson``), the optional events
    and schools files, and the encoding (``None``: detect each file's).

    :meth:`from_path` takes a directory holding ``roster.csv`` (or ``roster.jsonl``), ``events.csv`` and
    ``schools.csv``, or a roster file (then events and schools only as given).
    """

    roster: Path = attrs.field(validator=of(Path))
    events: Path | None = attrs.field(default=None, validator=of(Path, optional=True))
    schools: Path | None = attrs.field(default=None, validator=of(Path, optional=True))
    encoding: str | None = attrs.field(default=None, validator=of(str, optional=True))

    @classmethod
    def from_path(
        cls,
        path: str | os.PathLike[str],
        *,
        events: str | os.PathLike[str] | None = None,
        schools: str | os.PathLike[str] | None = None,
        encoding: str | None = None,
    ) -> RosterInput:
        """The roster at ``path`` (a directory or a file). 名册位置。"""
        for name, value in (("path", path), ("events", events), ("schools", schools)):
            if value is not None or name == "path":
                check_path(value, name)
        check_type(encoding, "encoding", str, optional=True)
        try:
            return cls._found(Path(path), events, schools, encoding)
        except XuejiError:
            raise
        except (OSError, ValueError) as exc:  # a name too long for the system, a NUL …
            reason = os_reason(exc)
            raise InvalidInput(
                f"无法读取名册路径：{reason}",
                f"cannot read the roster's path: {reason}",
                where="path",
            ) from None

    @classmethod
    def _found(
        cls,
        p: Path,
        events: str | os.PathLike[str] | None,
        schools: str | os.PathLike[str] | None,
        encoding: str | None,
    ) -> RosterInput:
        ev = Path(events) if events is not None else None
        sc = Path(schools) if schools is not None else None
        if p.is_dir():
            found = [p / n for n in ("roster.csv", "roster.jsonl") if (p / n).is_file()]
            if not found:
                raise InvalidInput(
                    "目录中没有 roster.csv 或 roster.jsonl",
                    "the directory holds no roster.csv nor roster.jsonl",
                    where=str(p),
                )
            roster = found[0]
            if ev is None and (p / "events.csv").is_file():
                ev = p / "events.csv"
            if sc is None and (p / "schools.csv").is_file():
                sc = p / "schools.csv"
        elif p.is_file():
            roster = p
        else:
            raise InvalidInput(
                "找不到名册文件或目录", "no such roster file or directory", where=str(p)
            )
        for label, f in (("--events", ev), ("--schools", sc)):
            if f is not None and not f.is_file():
                raise InvalidInput("找不到文件", "no such file", where=f"{label} {f}")
        if encoding is not None:
            _check_encoding(encoding)
        return cls(roster=roster, events=ev, schools=sc, encoding=encoding)

    @property
    def kind(self) -> str:
        """``"jsonl"`` for ``.jsonl``/``.ndjson`` rosters, else ``"csv"``."""
        return "jsonl" if self.roster.suffix.lower() in (".jsonl", ".ndjson") else "csv"


_SortItem = tuple[str, int, list[str]]


def _external_sort(items: Iterable[_SortItem], chunk_rows: int, tmpdir: str) -> Iterator[_SortItem]:
    """``items`` sorted by (key, line), in bounded memory: sorted chunks spilled to files, then merged."""
    spills: list[str] = []
    buf: list[_SortItem] = []

    def spill() -> None:
        buf.sort(key=lambda t: (t[0], t[1]))
        fd, path = tempfile.mkstemp(prefix="chunk-", suffix=".csv", dir=tmpdir)
        os.close(fd)
        with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            for key, line, payload in buf:
                w.writerow([key, line, *payload])
        spills.append(path)
        buf.clear()

    for item in items:
        buf.append(item)
        if len(buf) >= chunk_rows:
            spill()
    if not spills:
        buf.sort(key=lambda t: (t[0], t[1]))
        yield from buf
        return
    if buf:
        spill()

    def read(path: str) -> Iterator[_SortItem]:
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
            for row in csv.reader(f):
                yield row[0], int(row[1]), row[2:]

    yield from heapq.merge(*(read(p) for p in spills), key=lambda t: (t[0], t[1]))


class _Events:
    """The events file, consumed school by school in the roster's order (a merge on school order)."""

    def __init__(self, reader: RosterReader, f: _CsvFile, header: _Header) -> None:
        self.reader = reader
        self.f = f
        self.i_school = header.index["school_code"]
        self.i_sn = header.index["student_number"]
        self.width = header.width
        items = self._items()
        if reader.regroup:
            items = _external_sort(items, reader.chunk_rows, reader.tmpdir())
        self.it = iter(items)
        self.pending: _SortItem | None = next(self.it, None)

    def _items(self) -> Iterator[_SortItem]:
        """(school, line, fields) per event row (two fields at least); (school, line, [student]) for a
        rejected but attributable row (its student's record is rejected too)."""
        reader = self.reader
        need = max(self.i_school, self.i_sn)
        for line, row, bad in self.f.rows():
            if not row:
                continue
            reader.events_read += 1
            if bad is not None:
                reader.reject(bad, events=True)
                school = row[self.i_school].strip() if need < len(row) else ""
                student = row[self.i_sn].strip().upper() if need < len(row) else ""
                if school and student and not _SURROGATE.search(school + student):
                    yield school, line, [student]
                continue
            if len(row) <= need:
                reader.reject(_wrong_width(self.f.label, line, self.width, len(row)), events=True)
                continue
            yield row[self.i_school].strip(), line, row

    def take(
        self, code: str, seen: set[str]
    ) -> tuple[list[tuple[int, list[str]]], list[tuple[str, int]]]:
        events: list[tuple[int, list[str]]] = []
        poisoned: list[tuple[str, int]] = []
        while self.pending is not None:
            key, line, payload = self.pending
            if key != code:
                if key in seen:
                    raise RosterNotGrouped(
                        f"异动文件中学校 {mask_cell(key)} 的记录不在名册中该校的位置（须与名册按相同的学校顺序分组）",
                        f"the events of school {mask_cell(key)} are not where the roster has that school (the "
                        "events file must be grouped in the roster's school order)",
                        where=f"{self.f.label}:{line}",
                    )
                break
            if len(payload) == 1:  # a rejected row: its student
                poisoned.append((payload[0], line))
            else:
                events.append((line, payload))
            self.pending = next(self.it, None)
        return events, poisoned

    def finish(self, seen: set[str]) -> None:
        """Report the events left over: of schools not in the roster (orphans), else not grouped."""
        while self.pending is not None:
            key, line, payload = self.pending
            if key in seen:
                raise RosterNotGrouped(
                    f"异动文件中学校 {mask_cell(key)} 的记录不在名册中该校的位置",
                    f"the events of school {mask_cell(key)} are not where the roster has that school",
                    where=f"{self.f.label}:{line}",
                )
            if len(payload) > 1:
                self.reader.reject(
                    Rejected(
                        file=self.f.label,
                        line=line,
                        column=self.i_school + 1,
                        column_name="school_code",
                        zh=f"名册中没有学校 {key}",
                        en=f"school {key} is not in the roster",
                    ),
                    events=True,
                )
            self.pending = next(self.it, None)


class RosterReader:
    """Reads a roster school by school: :meth:`blocks` yields one :class:`Block` per school, in input
    order; rows rejected while reading go to ``on_reject``. 按学校逐块读取名册。

    Counters: ``rows_read`` (roster rows, blank lines not counted), ``events_read``, and the rows
    rejected here (``rows_rejected``, ``events_rejected``; the parser rejects more). A school whose rows
    come back after another school's raises :class:`RosterNotGrouped` unless ``regroup`` (then the
    roster and the events are sorted by school code in bounded memory first).
    """

    def __init__(
        self,
        source: RosterInput,
        *,
        regroup: bool = False,
        chunk_rows: int = 200_000,
        on_reject: Callable[[Rejected], None] | None = None,
    ) -> None:
        check_type(source, "source", RosterInput)
        check_type(regroup, "regroup", bool)
        check_int(chunk_rows, "chunk_rows", low=1)
        if on_reject is not None and not callable(on_reject):
            raise InvalidInput(
                "on_reject 应为函数或 None",
                "on_reject must be a function or None",
                where="on_reject",
            )
        self.source = source
        #: The column schema the roster is read with (the one in use when the reader was made).
        self.schema = current()
        self.regroup = regroup
        self.chunk_rows = chunk_rows
        self.on_reject = on_reject
        self.rows_read = self.rows_rejected = self.events_read = self.events_rejected = 0
        self.schools_rejected = 0
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self.encodings: dict[str, str] = {}
        self.unknown_columns: dict[str, list[str]] = {}
        self.schools: dict[str, School] = {}
        if source.schools is not None:
            schools, bad = read_schools(source.schools, encoding=source.encoding)
            self.schools = schools
            self.encodings[source.schools.name] = _encoding_of(source.schools, source.encoding)
            for r in bad:
                self.schools_rejected += 1
                if on_reject is not None:
                    on_reject(r)
        elif source.kind == "csv":
            raise InvalidInput(
                "CSV 名册须有学校表 schools.csv（--schools）",
                "a CSV roster needs a schools file schools.csv (--schools)",
                where=str(source.roster),
            )
        self._files: list[_CsvFile] = []
        self._roster: _CsvFile | None = None
        self._jsonl: IO[bytes] | None = None
        self._events: _Events | None = None
        roster_header: list[str] = []
        events_header: list[str] | None = None
        if source.kind == "csv":
            self._roster = _CsvFile(source.roster, source.roster.name, source.encoding)
            self._files.append(self._roster)
            self.encodings[self._roster.label] = self._roster.encoding
            roster_header = self._roster.read_header()
            h = _Header(self._roster.label, roster_header, roster_columns(self.schema))
            self._i_school, self._width = h.index["school_code"], h.width
            if h.unknown:
                self.unknown_columns[self._roster.label] = h.unknown
            if source.events is not None:
                ef = _CsvFile(source.events, source.events.name, source.encoding)
                self._files.append(ef)
                self.encodings[ef.label] = ef.encoding
                events_header = ef.read_header()
                eh = _Header(ef.label, events_header, self.schema.of("events"))
                if eh.unknown:
                    self.unknown_columns[ef.label] = eh.unknown
                self._events_file = ef
                self._events_header = eh
        else:
            if source.events is not None:
                raise InvalidInput(
                    "JSONL 名册自带历史，不用异动文件",
                    "a JSONL roster carries its history: no events file",
                    where="--events",
                )
            self._jsonl_encoding = _check_encoding(source.encoding) if source.encoding else "utf-8"
            self.encodings[source.roster.name] = self._jsonl_encoding
        self.specs = _Specs(
            kind=source.kind,
            roster_label=source.roster.name,
            events_label=source.events.name if source.events is not None else "",
            roster_header=roster_header,
            events_header=events_header,
            schools=tuple(self.schools.values()),
            schema=self.schema,
        )
        self._size = source.roster.stat().st_size
        self._pos = 0

    # ---- housekeeping --------------------------------------------------------------------------

    def tmpdir(self) -> str:
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="xueji-regroup-")
        return self._tmp.name

    def close(self) -> None:
        for f in self._files:
            f.close()
        if self._jsonl is not None:
            self._jsonl.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> RosterReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def progress(self) -> tuple[int, int]:
        """(bytes of the roster read, its size)."""
        if self._roster is not None:
            return self._roster.position, self._size
        return self._pos, self._size

    def reject(self, rejected: Rejected, *, events: bool = False) -> None:
        if events:
            self.events_rejected += 1
        else:
            self.rows_rejected += 1
        if self.on_reject is not None:
            self.on_reject(rejected)

    # ---- rows ----------------------------------------------------------------------------------

    def _csv_items(self) -> Iterator[_SortItem]:
        f = self._roster
        assert f is not None
        i_school, width = self._i_school, self._width
        for line, row, bad in f.rows():
            if not row:
                continue
            self.rows_read += 1
            if bad is not None:
                self.reject(bad)
                continue
            # a row of the wrong width keeps the current school (the parser rejects it)
            yield (row[i_school].strip() if len(row) == width else ""), line, row

    def _jsonl_items(self) -> Iterator[_SortItem]:
        label = self.source.roster.name
        self._jsonl = f = open(self.source.roster, "rb")  # noqa: SIM115 - closed by close()
        for n, raw in enumerate(f, start=1):
            self._pos += len(raw)
            if not raw.strip():
                continue
            self.rows_read += 1
            try:
                text = raw.decode(self._jsonl_encoding)
            except UnicodeDecodeError as exc:
                self.reject(
                    Rejected(
                        file=label,
                        line=n,
                        column=exc.start + 1,
                        zh=f"含无法按 {self._jsonl_encoding} 解码的字节",
                        en=f"bytes that cannot be decoded as {self._jsonl_encoding}",
                    )
                )
                continue
            if n == 1:
                text = text.lstrip("\ufeff")
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                self.reject(
                    Rejected(
                        file=label,
                        line=n,
                        column=exc.colno,
                        zh=f"不是有效的 JSON：{exc.msg}",
                        en=f"not valid JSON: {exc.msg}",
                    )
                )
                continue
            except (RecursionError, ValueError):  # nested too deep, or a 4,300-digit number
                self.reject(
                    Rejected(
                        file=label,
                        line=n,
                        zh="JSON 嵌套过深或数字过长",
                        en="the JSON is nested too deep or holds too long a number",
                    )
                )
                continue
            try:
                from ..records.serialization import check_decoded

                check_decoded(data)  # lone surrogates, too deep: the models' JSON reader's check
            except InvalidInput as exc:
                self.reject(Rejected(file=label, line=n, zh=exc.zh, en=exc.en))
                continue
            code = data.get("school_code") if isinstance(data, dict) else None
            if not isinstance(code, str):
                self.reject(
                    Rejected(
                        file=label,
                        line=n,
                        zh="应为学籍对象，且有 school_code",
                        en="expected a record object with a school_code",
                    )
                )
                continue
            yield code, n, [text]

    def blocks(self) -> Iterator[Block]:
        """One :class:`Block` per school, in input order (or school-code order when regrouping)."""
        jsonl = self.source.kind == "jsonl"
        if not jsonl and self.source.events is not None:
            self._events = _Events(self, self._events_file, self._events_header)
        if not jsonl and not self.regroup:
            yield from self._csv_blocks()
            return
        items: Iterable[_SortItem] = self._jsonl_items() if jsonl else self._csv_items()
        if self.regroup:
            items = _external_sort(items, self.chunk_rows, self.tmpdir())
        events = self._events
        seen: set[str] = set()
        current: str | None = None
        rows: list[tuple[int, Any]] = []
        ev: list[tuple[int, list[str]]] = []
        poisoned: list[tuple[str, int]] = []
        for code, line, payload in items:
            if code != current and (code or current is None):
                if current is not None:
                    yield Block(current, rows, ev, poisoned)
                self._not_again(code, seen, line)
                current, rows = code, []
                ev, poisoned = events.take(code, seen) if events is not None else ([], [])
            rows.append((line, json.loads(payload[0]) if jsonl else payload))
        if current is not None:
            yield Block(current, rows, ev, poisoned)
        if events is not None:
            events.finish(seen)

    def _not_again(self, code: str, seen: set[str], line: int) -> None:
        if code in seen:
            raise RosterNotGrouped(
                f"学校 {mask_cell(code)} 的学籍在名册中不连续（须按学校分组；可用 --regroup 重新分组）",
                f"the rows of school {mask_cell(code)} are not together in the roster (group them by "
                "school, or use --regroup)",
                where=f"{self.source.roster.name}:{line}",
            )
        if code:
            seen.add(code)

    def _csv_blocks(self) -> Iterator[Block]:
        """The CSV roster in file order: the reading, decoding checks and grouping in one loop.

        The file is read a chunk of lines at a time (:data:`_CHUNK` characters). In a chunk without
        a quote character, NUL or undecodable bytes, a run of lines that start with the current
        school's code is taken whole (their lines kept as text, the rows of that school whatever
        their width, as one at a time would); every other line is read one at a time, a quoted one
        by ``csv.reader`` (which takes the following lines while a quoted field goes on)."""
        f = self._roster
        assert f is not None
        i_school, width = self._i_school, self._width
        events = self._events
        seen: set[str] = set()
        current: str | None = None
        rows: list[tuple[int, Any]] = []
        ev: list[tuple[int, list[str]]] = []
        poisoned: list[tuple[str, int]] = []
        n = self.rows_read
        limit = csv.field_size_limit()
        line = f._line
        code = ""
        row: list[str] | str
        first_column = i_school == 0 and width > 1
        prefix: str | None = None  # the current school's code and a comma (its first column)
        starts: Callable[[str], bool] | None = None  # text.startswith(prefix)
        text_file = f._text
        chunk: list[str] = []
        pos = 0
        plain_chunk = False
        try:
            while True:
                if pos >= len(chunk):
                    chunk = text_file.readlines(_CHUNK)
                    pos = 0
                    if not chunk:
                        break
                    # (each line asked in C: no joined copy of the chunk)
                    plain_chunk = (
                        f._bad == f._found
                        and not any(map(operator.contains, chunk, itertools.repeat('"')))
                        and not (
                            _CSV_NUL
                            and any(map(operator.contains, chunk, itertools.repeat("\x00")))
                        )
                        and sum(map(len, chunk)) <= limit
                    )
                text = chunk[pos]
                if plain_chunk and starts is not None and starts(text):
                    taken = chunk[pos:]
                    try:
                        k = list(map(starts, taken)).index(False)
                        taken = taken[:k]
                    except ValueError:
                        k = len(taken)
                    rows.extend(zip(range(line + 1, line + 1 + k), taken, strict=True))
                    line += k
                    n += k
                    pos += k
                    continue
                pos += 1
                first = line + 1
                if not plain_chunk and (
                    '"' in text or (_CSV_NUL and "\x00" in text) or len(text) > limit
                ):
                    rest = iter(chunk[pos:])  # a quoted field goes on in the next lines
                    row, used = f.read_quoted(text, itertools.chain(rest, text_file))
                    pos = min(pos + used - 1, len(chunk))
                    line += used
                elif f._bad != f._found:
                    row = split_line(text)
                    line = first
                else:  # a raw line: its width and school code found without splitting it
                    line = first
                    if len(text) < 3 and text in _LINE_ENDS:
                        continue
                    n += 1
                    if starts is not None and starts(text):
                        rows.append((first, text))  # the school of the row before (any width)
                        continue
                    row = text
                    wide = text.count(",") + 1 == width
                    if wide:
                        if first_column:
                            code = text[: text.index(",")]
                        elif i_school == width - 1:
                            code = split_line(text)[i_school]
                        else:
                            code = text.split(",", i_school + 1)[i_school]
                if row.__class__ is not str:
                    if not row:
                        continue
                    n += 1
                    if f._bad != f._found:
                        bad = f.scan(row, first)  # type: ignore[arg-type]
                        if bad is not None:
                            self.rows_read = n
                            self.reject(bad)
                            continue
                    wide = len(row) == width
                    if wide:
                        code = row[i_school]
                if wide and code != current:
                    code = code.strip()
                if not wide or code == current:
                    if current is None:  # a first row of the wrong width: a block of its own
                        current = ""
                    rows.append((first, row))
                    continue
                if current is not None:
                    f._line = line
                    self.rows_read = n - 1
                    yield Block(current, rows, ev, poisoned)
                self._not_again(code, seen, first)
                current, rows = code, [(first, row)]
                if first_column:
                    prefix = code + ","
                    starts = operator.methodcaller("startswith", prefix)
                ev, poisoned = events.take(code, seen) if events is not None else ([], [])
        except csv.Error as exc:
            f._line = line
            raise f.csv_error(exc) from None
        f._line = line
        self.rows_read = n
        if current is not None:
            yield Block(current, rows, ev, poisoned)
        if events is not None:
            events.finish(seen)


def _encoding_of(path: Path, encoding: str | None) -> str:
    return _check_encoding(encoding) if encoding else detect_encoding(path)


# --------------------------------------------------------------------------------------------------
# Writing


class RosterWriter:
    """Writes ``roster.csv`` and ``events.csv`` (UTF-8) in a directory, one record at a time, in the
    format :class:`RosterReader` reads (the synthetic rosters and exports use it). 写出名册。
    """

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        check_path(directory, "directory")
        d = Path(directory)
        try:
            d.mkdir(parents=True, exist_ok=True)
            self._roster = open(d / "roster.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
            try:
                self._events = open(d / "events.csv", "w", encoding="utf-8", newline="")  # noqa: SIM115
            except BaseException:  # a directory named events.csv …: no open roster file is left
                self._roster.close()
                raise
        except (OSError, ValueError) as exc:  # a file where the directory should be, a NUL …
            reason = os_reason(exc)
            raise InvalidInput(
                f"无法在该目录写出名册：{reason}",
                f"cannot write a roster in the directory: {reason}",
                where="directory",
            ) from None
        self._rw = csv.writer(self._roster, lineterminator="\n")
        self._ew = csv.writer(self._events, lineterminator="\n")
        schema = current()
        self._roster_row = schema.writer("roster")
        self._event_row = schema.writer("events")
        self._rw.writerow([c.name for c in schema.of("roster")])
        self._ew.writerow([c.name for c in schema.of("events")])
        self.records = 0
        self.events = 0

    def __enter__(self) -> RosterWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._roster.close()
        self._events.close()

    def write_row(self, fields: Sequence[str]) -> None:
        """Write a roster row as given (fields in :data:`ROSTER_COLUMNS` order), with no events."""
        self._rw.writerow(fields)
        self.records += 1

    def write(self, record: Record) -> None:
        """Write the record's roster row and its history's event rows (each cell by its column's
        ``write``, :mod:`~liangshan_xueji.records.schema`)."""
        guardians = record.student.guardians
        if len(guardians) > len(_GUARDIAN_NAMES):
            raise InvalidInput(
                f"CSV 名册至多写两位监护人，该生有 {len(guardians)} 位；请用 JSONL",
                f"a CSV roster holds at most two guardians, this student has {len(guardians)}; "
                "use JSONL",
                where="guardians",
            )
        self._rw.writerow(self._roster_row(record))
        self.records += 1
        for entry in record.history:
            self._ew.writerow(self._event_row((record, entry)))
            self.events += 1


def write_jsonl(path: str | os.PathLike[str], records: Iterable[Record]) -> int:
    """Write records as JSONL (one :func:`~liangshan_xueji.records.serialization.to_json` per line); returns
    the number written. 以 JSONL 写出学籍（含完整身份证号，属显式存储）。"""
    from ..records.serialization import to_json

    n = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for r in records:
            f.write(to_json(r))
            f.write("\n")
            n += 1
    return n


# --------------------------------------------------------------------------------------------------
# One row


def record_from_row(
    row: Mapping[str, str], schools: School | Iterable[School] | Mapping[str, School]
) -> Record:
    """The record of one roster row: ``row`` maps column names — English (``student_number``) or
    Chinese (``学籍号``), as a ``roster.csv`` header names them (:data:`ROSTER_COLUMNS`) — to the cells'
    text; ``schools`` holds the row's school (its 学制 gives the grade's, as in the reader).

    从一行名册读出学籍。The reader's own row parse (:class:`RowParser`, the general path): the same
    cells give the same record as in a roster file, and a cell the reader would reject raises
    :class:`InvalidInput` with the reader's message, ``where`` naming the column (``row[学籍号]``); a
    missing required column, or one named twice, raises as a header would. An empty 身份证号 of a G
    number is the number's last 18 characters; sex and birth date may be left out when the ID number
    gives them. Unknown columns are ignored. No history: that is the events file's.
    """
    check_type(row, "row", Mapping)
    if isinstance(schools, School):
        found = [schools]
    else:
        found = check_items(
            schools.values() if isinstance(schools, Mapping) else schools, "schools"
        )
    for i, school in enumerate(found):
        check_type(school, f"schools[{i}]", School)
    names: list[str] = []
    cells: list[str] = []
    for name, cell in row.items():
        check_type(name, "row 的列名 / a column name of row", str)
        check_type(cell, f"row[{name}]", str)
        names.append(name)
        cells.append(cell)
    header = _Header("row", names, roster_columns())
    code = cells[header.index["school_code"]].strip()
    specs = _Specs(
        kind="csv",
        roster_label="row",
        events_label="events",
        roster_header=names,
        events_header=None,
        schools=tuple(found),
        schema=current(),
    )
    records, rejected = RowParser(specs).parse_block(Block(code, [(2, cells)], [], []))
    if rejected:
        bad = rejected[0]
        raise InvalidInput(
            bad.zh, bad.en, where=f"row[{bad.column_name}]" if bad.column_name else "row"
        )
    return records[0]
