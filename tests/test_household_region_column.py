"""The roster's optional 户籍地行政区划代码 column (``household_region``, clauses 1.5, 3.2): declared once in
the schema, read on the fast plain path and the general path alike, written, and absent from old
rosters, which read as before."""

from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.io import roster as roster_module
from liangshan_xueji.io.roster import (
    RosterInput,
    RosterReader,
    RosterWriter,
    RowParser,
    write_schools,
)
from liangshan_xueji.records.models import Guardian, Record, Student
from liangshan_xueji.records.schema import SCHEMA
from lifecycle_strategies import grade, record, school, student

A = school("A1")
FATHER = Guardian(relation="父亲", name="吉克木呷")


def test_the_fast_assemblers_are_on() -> None:
    """The fast path turns itself off when a model's fields differ from the assembler's list: a field
    added to Student, Record or HistoryEntry must be added to io/roster.py's lists too."""
    assert roster_module._make_student is not None
    assert roster_module._make_record is not None
    assert roster_module._make_entry is not None


def test_the_column_is_declared_once_and_drives_the_model() -> None:
    column = SCHEMA.column("roster", "household_region")
    assert not column.required and column.zh == "户籍地行政区划代码"
    assert SCHEMA.by_field["Student.household_region"] is column.rule
    assert column.rule is not None and column.rule.parse(" 513431 ") == "513431"
    assert column.rule.parse("") is None
    for bad in column.bad_values:
        if bad:
            with pytest.raises(InvalidInput):
                column.rule.parse(bad)
    base = student()
    with pytest.raises(InvalidInput) as info:
        attrs.evolve(base, household_region="5134")
    assert info.value.where == "Student.household_region"


def _roster(tmp_path: Path, records: list[Record]) -> list[str]:
    with RosterWriter(tmp_path) as w:
        for r in records:
            w.write(r)
    write_schools(tmp_path / "schools.csv", [A])
    return (tmp_path / "roster.csv").read_text(encoding="utf-8").splitlines()


def _read(tmp_path: Path) -> tuple[object, list[object]]:
    reader = RosterReader(RosterInput.from_path(tmp_path))
    with reader:
        (block,) = reader.blocks()
        return RowParser(reader.specs).parse_block(block)  # type: ignore[return-value]


def _with_region(
    seq: int, region: str | None, guardians: tuple[Guardian, ...] = (FATHER,)
) -> Student:
    return attrs.evolve(student(sequence=seq), guardians=guardians, household_region=region)


@pytest.mark.clause("3.2", "1.5")
def test_the_roster_carries_the_code_on_both_paths(tmp_path: Path) -> None:
    records = [
        record(grade(3), A, student_=_with_region(123, "513431")),  # plain: the fast path
        record(grade(3), A, student_=_with_region(125, None)),  # plain, no code
        record(grade(3), A, student_=_with_region(127, "510104", guardians=())),  # general path
    ]
    lines = _roster(tmp_path, records)
    at = lines[0].split(",").index("household_region")
    assert [line.split(",")[at] for line in lines[1:]] == ["513431", "", "510104"]
    rows, rejected = _read(tmp_path)
    assert rejected == []
    assert rows.special == [2]  # type: ignore[attr-defined]  # the code keeps a row plain
    assert list(rows) == records  # type: ignore[call-overload]
    assert [r.student.household_region for r in rows] == ["513431", None, "510104"]  # type: ignore[attr-defined]
    # the same file without the column reads as before: no code
    text = "\n".join(",".join(c for k, c in enumerate(x.split(",")) if k != at) for x in lines)
    (tmp_path / "roster.csv").write_text(text + "\n", encoding="utf-8")
    rows, rejected = _read(tmp_path)
    assert rejected == []
    assert list(rows) == [  # type: ignore[call-overload]
        attrs.evolve(r, student=attrs.evolve(r.student, household_region=None)) for r in records
    ]


@pytest.mark.clause("3.2")
@pytest.mark.parametrize("cell", ["5134", "991234", "51343A", "5134311"])
def test_a_bad_code_is_rejected_naming_the_column(tmp_path: Path, cell: str) -> None:
    header, row = _roster(tmp_path, [record(grade(3), A, student_=_with_region(123, None))])
    cells = row.split(",")
    at = header.split(",").index("household_region")
    cells[at] = cell
    (tmp_path / "roster.csv").write_text(f"{header}\n{','.join(cells)}\n", encoding="utf-8")
    rows, rejected = _read(tmp_path)
    assert len(rows) == 0 and len(rejected) == 1  # type: ignore[arg-type]
    bad = rejected[0]
    assert bad.column == at + 1 and "户籍地行政区划代码" in bad.zh  # type: ignore[attr-defined]


def test_the_synthesized_roster_fills_the_code() -> None:
    from liangshan_xueji.synth import COUNTY_REGIONS

    path = Path(roster_module.__file__).parent.parent / "data" / "example_roster" / "roster.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    at = header.index("household_region")
    origin, ident = header.index("origin"), header.index("identity_number")

    def mainland(
        r: list[str],
    ) -> bool:  # 港澳台 permit holders and foreign students have no 户籍 here
        return r[origin] in ("", "境内") and not r[ident].startswith(("81", "82", "83"))

    assert rows and {r[at] for r in rows if mainland(r)} <= set(COUNTY_REGIONS.values())
    assert {r[at] for r in rows if not mainland(r)} <= {""}
