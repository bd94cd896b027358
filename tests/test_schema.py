"""The declared column schema: one table drives the models' field
validators, the roster reader's checks and fast row pattern, the writer and the docs' column tables.

A test generated from the table puts each column's bad values in a one-row file and requires the reader
to refuse the row and the model the value; another narrows one field's rule and sees the model, the
reader and the docs change together."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji._validators import BIDI_RE
from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.io.roster import Rejected, RosterInput, RosterReader, RowParser, read_schools
from liangshan_xueji.records import schema as schema_mod
from liangshan_xueji.records.models import (
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    Record,
    School,
    Sex,
    Student,
    StudentNumber,
    SuspensionPeriod,
    TransferWorkflow,
)
from liangshan_xueji.records.schema import SCHEMA, Column, Schema, narrowed, one_of, render_columns

ROOT = Path(__file__).resolve().parent.parent
ID = SCHEMA.column("roster", "identity_number").example  # 2011-07-01, sequence 002 (女)

#: One valid row of each file, every column filled with its declared example: an open transfer, a 休学
#: period, two guardians and one event.
GOOD: dict[str, dict[str, str]] = {
    file: {c.name: c.example for c in SCHEMA.of(file)} for file in schema_mod.FILES
}


def write_roster(d: Path, cells: dict[str, dict[str, str] | None], schema: Schema = SCHEMA) -> Path:
    """Write the three files, in the schema's column order, from ``cells`` (file → column → text;
    ``None``: the header only)."""
    d.mkdir(parents=True, exist_ok=True)
    for file in schema_mod.FILES:
        columns = [c.name for c in schema.of(file)]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        if cells.get(file) is not None:
            w.writerow([cells[file][c] for c in columns])
        (d / f"{file}.csv").write_text(buf.getvalue(), encoding="utf-8")
    return d


def read(d: Path) -> tuple[list[Record], list[Rejected], int]:
    """Records and rejected rows of the roster in ``d`` (and the rows left unbuilt: plain rows)."""
    rejected: list[Rejected] = []
    records: list[Record] = []
    unbuilt = 0
    with RosterReader(RosterInput.from_path(d), on_reject=rejected.append) as reader:
        parser = RowParser(reader.specs)
        for block in reader.blocks():
            got, bad = parser.parse_block(block)
            unbuilt += got._records.count(None)
            records += got
            rejected += bad
    return records, rejected, unbuilt


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Record:
    d = write_roster(tmp_path_factory.mktemp("good"), GOOD)
    records, rejected, _ = read(d)
    assert rejected == [], [str(r) for r in rejected]
    assert len(records) == 1
    r = records[0]
    assert r.transfer is not None and r.suspension is not None and len(r.history) == 1
    assert len(r.student.guardians) == 2
    return r


def _instances(record: Record, school: School) -> dict[str, Any]:
    """A valid instance of every model class a column feeds."""
    assert record.transfer is not None and record.suspension is not None
    student = record.student
    assert student.identity_number is not None
    return {
        "Record": record,
        "Student": student,
        "Guardian": student.guardians[0],
        "TransferWorkflow": record.transfer,
        "SuspensionPeriod": record.suspension,
        "HistoryEntry": record.history[0],
        "School": school,
        "Grade": record.grade,
        "StudentNumber": student.student_number,
        "IdentityNumber": student.identity_number,
    }


#: The columns joining an event row to its student: a bad one rejects the event row, which belongs to
#: no roster row (the student's record, without that row, is read).
JOIN_KEYS = {("events", "school_code"), ("events", "student_number")}

CASES = [
    pytest.param(c, bad, id=f"{c.file}.{c.name}={bad!r}")
    for c in SCHEMA.columns
    for bad in c.bad_values
]


def test_every_column_has_a_rule_a_writer_and_bad_values() -> None:
    for c in SCHEMA.columns:
        assert c.rule is not None and c.write is not None, c.name
        assert c.bad_values, c.name
        if c.feeds:
            cls, _, field = c.feeds.partition(".")
            assert field in attrs.fields_dict(globals()[cls]), c.feeds


@pytest.mark.clause("8.3")
@pytest.mark.parametrize(("column", "bad"), CASES)
def test_a_bad_value_in_any_field_is_refused_by_the_reader_and_the_model(
    tmp_path: Path, good: Record, column: Column, bad: str
) -> None:
    """The generated test: each column's bad values, one at a time, in an otherwise valid one-row file;
    the reader rejects the row (naming its file), and the model field the column feeds refuses the
    value."""
    cells = {f: dict(v) for f, v in GOOD.items()}
    cells[column.file][column.name] = bad
    records, rejected, _ = read(write_roster(tmp_path, cells))
    if (column.file, column.name) in JOIN_KEYS:  # the event row is nobody's: the record stands
        assert [r.history for r in records] == [()]
    else:
        assert records == [], f"the reader accepted {column.file}.{column.name}={bad!r}"
    assert any(r.file == f"{column.file}.csv" for r in rejected), [str(r) for r in rejected]
    if column.feeds:
        cls, _, field = column.feeds.partition(".")
        school = read_schools(write_roster(tmp_path / "s", GOOD) / "schools.csv")[0]["S1"]
        instance = _instances(good, school)[cls]
        with pytest.raises(InvalidInput):
            attrs.evolve(instance, **{field: bad})


def test_a_good_value_of_every_column_is_accepted_by_the_model(good: Record) -> None:
    """The one-row roster's values, parsed by each column's rule, pass the model field's validator."""
    for c in SCHEMA.columns:
        assert c.rule is not None
        value = c.rule.parse(GOOD[c.file][c.name])
        if c.feeds and c.rule.check is not None:
            SCHEMA.check(c.feeds, value, c.feeds)


# --------------------------------------------------------------------------------------------------
# Text: visible characters, no bidi controls

TEXT_ALPHABET = st.sampled_from(
    ["张", "A", "1", " ", "\u3000", "\u200b", "\u200d", "\ufeff", "\u202e", "\u2066", "\u200f",
     "\u0301", "·", "-", "\u00ad"]
)  # fmt: skip


@given(st.lists(TEXT_ALPHABET, min_size=1, max_size=5).map("".join))
def test_reader_and_model_agree_on_any_name_and_ethnicity(text: str) -> None:
    """Zero-width-only and bidi-control text, in the name and 民族: the model's validator and the reader
    (on a one-row roster, plain path or not) accept exactly the same values."""
    import tempfile

    model_ok = True
    try:
        Student(
            name=text,
            sex=Sex.FEMALE,
            birth_date=IdentityNumber(ID).birth_date,
            ethnicity=text,
            identity_number=IdentityNumber(ID),
            student_number=StudentNumber("G" + ID),
            household_registration="",
            address="",
        )
    except InvalidInput:
        model_ok = False
    cells = {f: dict(v) for f, v in GOOD.items()}
    cells["roster"]["name"] = cells["roster"]["ethnicity"] = text
    with tempfile.TemporaryDirectory() as tmp:
        records, _, _ = read(write_roster(Path(tmp), cells))
    assert bool(records) == model_ok, (text, model_ok)
    if model_ok:
        assert any(unicodedata.category(c)[0] in "LNPS" for c in text)
        assert not BIDI_RE.search(text)


@pytest.mark.parametrize(
    ("column", "text"),
    [
        ("name", "\u200b\u200b"),  # zero-width only
        ("ethnicity", "\u200d"),
        ("name", "张\u202e三"),  # U+202E RIGHT-TO-LEFT OVERRIDE
        ("address", "\u2066西昌"),
        ("grade", "２"),  # full-width digit
        ("grade", "٢"),  # Arabic-Indic digit
        ("enrolled_on", "２０２３-０９-０１"),
        ("enrolled_on", "٢٠٢٣-٠٩-٠١"),
        ("birth_date", "２０１１-０７-０１"),
        ("suspension_extensions", "²"),
    ],
)
def test_invisible_text_bidi_controls_and_non_ascii_digits_are_refused(
    tmp_path: Path, column: str, text: str
) -> None:
    cells = {f: dict(v) for f, v in GOOD.items()}
    cells["roster"][column] = text
    records, rejected, _ = read(write_roster(tmp_path, cells))
    assert records == []
    assert [r.column_name for r in rejected if r.file == "roster.csv"] == [column]


# --------------------------------------------------------------------------------------------------
# One source: narrowing a rule changes the model, the reader and the docs together

CODE_LIST = one_of(
    ["彝族", "藏族", "回族"], zh="民族（按代码表）", en="ethnicity (from the code list)"
)


def test_narrowing_one_rule_changes_the_model_the_reader_and_the_docs(tmp_path: Path) -> None:
    """The symptom that the schema ends: a code-list rule on 民族 made ``Student(...)`` refuse 汉族 while the
    reader still accepted it. Narrowed in the schema, both refuse it, the plain path's pattern holds
    the list, and the docs' table names it; the library's schema is untouched."""
    narrow = narrowed("ethnicity", CODE_LIST)
    plain: dict[str, dict[str, str] | None] = {f: dict(v) for f, v in GOOD.items()}
    for name in [c.name for c in SCHEMA.of("roster")]:
        if name.startswith(("transfer_", "suspension_")) or name == "mode":
            plain["roster"][name] = ""  # type: ignore[index]  # (a plain row has no own mode)
    plain["events"] = None  # no history: a plain row
    yi = {f: None if v is None else dict(v) for f, v in plain.items()}
    yi["roster"]["ethnicity"] = "彝族"  # type: ignore[index]
    han = write_roster(tmp_path / "han", plain)
    yi_dir = write_roster(tmp_path / "yi", yi)
    student = attrs.evolve  # a model built from valid values, 民族 changed below

    # the library's schema: 汉族 accepted by the model and the reader (on the plain path)
    records, rejected, unbuilt = read(han)
    assert rejected == [] and len(records) == 1 and unbuilt == 1
    base = records[0].student
    assert student(base, ethnicity="汉族").ethnicity == "汉族"

    with narrow.active():
        # the model
        with pytest.raises(InvalidInput, match="彝族"):
            student(base, ethnicity="汉族")
        assert student(base, ethnicity="彝族").ethnicity == "彝族"
        # the reader: 汉族 rejected, at its column; 彝族 accepted, still on the plain path
        records, rejected, _ = read(han)
        assert records == [] and [r.column_name for r in rejected] == ["ethnicity"]
        records, rejected, unbuilt = read(yi_dir)
        assert rejected == [] and len(records) == 1 and unbuilt == 1
        with RosterReader(RosterInput.from_path(yi_dir)) as reader:
            parser = RowParser(reader.specs)
            assert parser._plain is not None
            pattern = parser._plain.match.__self__.pattern  # type: ignore[attr-defined]
            assert CODE_LIST.fragment == "(?:回族|彝族|藏族)" and CODE_LIST.fragment in pattern
        # the docs
        page = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
        assert "ethnicity (from the code list): 回族、彝族、藏族" in render_columns(page)

    # outside the context, the library's schema again
    assert student(base, ethnicity="汉族").ethnicity == "汉族"
    assert read(han)[0] != []
    assert "from the code list" not in render_columns(
        (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    )


def test_a_narrowed_schema_keeps_one_rule_per_model_field() -> None:
    """Narrowing the roster's student number narrows the events file's too (both feed one field)."""
    narrow = narrowed("school_code", CODE_LIST)
    assert narrow.rule("roster", "school_code") is CODE_LIST
    assert narrow.by_field["Record.school_code"] is CODE_LIST
    assert SCHEMA.rule("roster", "school_code") is not CODE_LIST
    with pytest.raises(InvalidInput):
        schema_mod.compile_schema([*SCHEMA.columns, SCHEMA.columns[0]])  # a column twice
    twin = attrs.evolve(SCHEMA.column("events", "on"), name="on2", rule=schema_mod.OPTIONAL_DATE)
    with pytest.raises(InvalidInput, match="two rules"):
        schema_mod.compile_schema([*SCHEMA.columns, twin])


# --------------------------------------------------------------------------------------------------
# The writer and the docs come from the table


def test_the_docs_column_tables_are_the_schemas() -> None:
    """docs/audit.md holds each file's column table as the schema renders it (the site's hook renders
    it again at build time): regenerate with ``render_columns`` when the schema changes."""
    page = (ROOT / "docs" / "audit.md").read_text(encoding="utf-8")
    assert page.count("<!-- xueji:columns ") == 3
    assert render_columns(page, SCHEMA) == page
    for c in SCHEMA.columns:
        assert f"| `{c.name}` | {c.zh} |" in page


def test_the_writer_writes_the_columns_the_reader_reads(tmp_path: Path, good: Record) -> None:
    from liangshan_xueji.io.roster import RosterWriter, write_schools

    school = read_schools(write_roster(tmp_path / "s", GOOD) / "schools.csv")[0]["S1"]
    with RosterWriter(tmp_path / "w") as w:
        w.write(good)
    write_schools(tmp_path / "w" / "schools.csv", [school])
    for file in schema_mod.FILES:
        with open(tmp_path / "w" / f"{file}.csv", encoding="utf-8", newline="") as f:
            header, row = list(csv.reader(f))
        assert header == [c.name for c in SCHEMA.of(file)]
        assert row == [GOOD[file][c] for c in header], file
    again, rejected, _ = read(tmp_path / "w")
    assert rejected == [] and again == [good]


def test_models_take_their_field_validators_from_the_schema() -> None:
    """Every model field a column feeds is validated by ``declared(field)``: the schema's rule."""
    classes = {c.__name__: c for c in (Student, Guardian, Record, TransferWorkflow, SuspensionPeriod,
                                       HistoryEntry, School, Grade)}  # fmt: skip
    for key in SCHEMA.by_field:
        cls, _, field = key.partition(".")
        validator = attrs.fields_dict(classes[cls])[field].validator
        assert getattr(validator, "__qualname__", "") == f"declared({key!r})", key
    assert json.dumps(sorted(SCHEMA.by_field))  # a plain table


# --------------------------------------------------------------------------------------------------
# The fast path's fragments never accept what the rules refuse

FRAGMENT_COLUMNS = [c for c in SCHEMA.columns if c.rule is not None and c.rule.fragment]
CELL_TEXT = st.lists(
    st.one_of(TEXT_ALPHABET, st.sampled_from(["S", "9", "\t", "汉族", "\u061c", "\u2069"])),
    max_size=6,
).map("".join)


@pytest.mark.parametrize("column", FRAGMENT_COLUMNS, ids=[c.name for c in FRAGMENT_COLUMNS])
@given(text=CELL_TEXT)
def test_a_cell_the_fragment_matches_is_one_the_rule_accepts(column: Column, text: str) -> None:
    """The fast row pattern is built from the fragments: a cell one matches must be a cell the rule
    (the models' check) accepts, or the plain path would accept what the general path refuses."""
    import re

    assert column.rule is not None and column.rule.fragment is not None
    if re.fullmatch(column.rule.fragment, text):
        value = column.rule.parse(text)
        if column.feeds and column.rule.check is not None:
            column.rule.check(value, column.feeds)


def test_a_jsonl_roster_is_held_to_the_same_rules(tmp_path: Path, good: Record) -> None:
    """The JSONL reader builds records through the models' validators: the schema's rules too."""
    from liangshan_xueji.io.roster import write_jsonl

    write_jsonl(tmp_path / "roster.jsonl", [good, attrs.evolve(good, class_name="2班")])
    lines = (tmp_path / "roster.jsonl").read_text(encoding="utf-8").splitlines()
    data = json.loads(lines[1])
    data["student"]["name"] = "苏\u202e婷"
    lines[1] = json.dumps(data, ensure_ascii=False)
    (tmp_path / "roster.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_roster(tmp_path / "s", GOOD)
    source = RosterInput.from_path(
        tmp_path / "roster.jsonl", schools=tmp_path / "s" / "schools.csv"
    )
    rejected: list[Rejected] = []
    with RosterReader(source, on_reject=rejected.append) as reader:
        parser = RowParser(reader.specs)
        got: list[Record] = []
        for block in reader.blocks():
            records, bad = parser.parse_block(block)
            got += records
            rejected += bad
    assert got == [good] and [r.line for r in rejected] == [2]
    assert "双向" in rejected[0].zh


@pytest.mark.parametrize("text", ["\u202e1班", "\u200b", "\u2066\u2069"])
def test_every_model_text_field_refuses_bidi_controls_and_invisible_text(text: str) -> None:
    """Text fields no column feeds (a class's name, an event's texts) share the rule
    (``_validators.text``): U+202E cannot reach a form through them."""
    from liangshan_xueji.records.models import ClassInfo

    grade = Grade.from_year(1)
    assert ClassInfo(grade=grade, name="1班", size=1).name == "1班"
    with pytest.raises(InvalidInput):
        ClassInfo(grade=grade, name=text, size=1)


def test_the_library_schema_travels_to_worker_processes_by_reference() -> None:
    """``--jobs N`` sends the parser's specs to the workers: the library's schema goes by name."""
    import pickle

    from liangshan_xueji.io.roster import _Specs

    specs = _Specs("csv", "roster.csv", "", [], None, ())
    assert pickle.loads(pickle.dumps(specs)).schema is SCHEMA
    assert pickle.loads(pickle.dumps(SCHEMA)) is SCHEMA
