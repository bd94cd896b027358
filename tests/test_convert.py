"""Plain values for the models (issue 16): converters from the roster schema, ``from_dict``, ``from_row``.

Each converted field reads text with the rule of the roster column that declares it
(:mod:`liangshan_xueji.records.convert`); a plain value is then validated as before; bad text raises the
rule's error naming the field.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import liangshan_xueji as xj
from liangshan_xueji import InvalidInput
from liangshan_xueji.examples import example_record, example_schools
from liangshan_xueji.io.roster import ROSTER_COLUMNS, record_from_row
from liangshan_xueji.records import convert
from liangshan_xueji.records.identity import InvalidIdentityNumber, InvalidStudentNumber
from liangshan_xueji.records.models import (
    ClassInfo,
    Grade,
    IdentityNumber,
    Origin,
    Record,
    School,
    SchoolSystem,
    Sex,
    Stage,
    Status,
    Student,
    StudentNumber,
    TeachingMode,
)
from liangshan_xueji.records.schema import SCHEMA, narrowed
from liangshan_xueji.records.serialization import to_dict
from strategies import records, schools

RECORD = example_record()
STUDENT = RECORD.student
ID = STUDENT.identity_number.reveal() if STUDENT.identity_number else ""

#: Every converted field: (class, field, a plain value, the value it stands for).
CONVERTED: list[tuple[type, str, str, object]] = [
    (Student, "sex", "女", Sex.FEMALE),
    (Student, "birth_date", "2011-05-20", dt.date(2011, 5, 20)),
    (Student, "identity_number", ID, STUDENT.identity_number),
    (Student, "student_number", "G" + ID, STUDENT.student_number),
    (Grade, "stage", "初中", Stage.JUNIOR),
    (Grade, "system", "五四制", SchoolSystem.FIVE_FOUR),
    (School, "system", "五四制", SchoolSystem.FIVE_FOUR),
    (School, "mode", "一类模式", TeachingMode.MODEL_ONE),
    (Record, "status", "休学", Status.SUSPENDED),
    (Record, "enrolled_on", "2021-09-01", dt.date(2021, 9, 1)),
    (Student, "origin", "境内", Origin.MAINLAND),
    (Record, "mode", "一类模式", TeachingMode.MODEL_ONE),
    (ClassInfo, "mode", "一类模式", TeachingMode.MODEL_ONE),
]

#: The converters that read an empty cell as ``None`` (not given).
OPTIONAL = {"to_identity_number", "to_origin", "to_optional_mode"}

SCHOOL = example_schools()[0]


def _build(cls: type, **changes: Any) -> Any:
    """A valid instance of ``cls`` with ``changes`` (through ``__init__``: converters and validators)."""
    if cls is Student:
        return attrs.evolve(STUDENT, **changes)
    if cls is Grade:
        base = {"stage": Stage.JUNIOR, "number": 2, "system": SchoolSystem.SIX_THREE}
        return Grade(**(base | changes))
    if cls is School:
        return attrs.evolve(SCHOOL, classes=(), **changes)
    if cls is ClassInfo:
        base = {"grade": Grade(Stage.JUNIOR, 1), "name": "1班", "size": 40}
        return ClassInfo(**(base | changes))
    return attrs.evolve(RECORD, **changes)


def _converted_fields() -> set[tuple[type, str]]:
    ours = set(convert.CONVERTERS.values())
    return {
        (cls, a.name)
        for cls in (Student, Grade, School, Record, *_others())
        for a in attrs.fields(cls)
        if a.converter in ours
    }


def _others() -> tuple[type, ...]:
    from liangshan_xueji.records import models

    return tuple(
        c
        for c in vars(models).values()
        if isinstance(c, type) and attrs.has(c) and c.__module__ == models.__name__
    )


def test_every_converted_field_is_tested() -> None:
    assert _converted_fields() == {(cls, f) for cls, f, _, _ in CONVERTED}


@pytest.mark.parametrize(("cls", "field", "plain", "value"), CONVERTED)
def test_a_plain_value_is_the_value(cls: type, field: str, plain: str, value: object) -> None:
    built = _build(cls, **{field: plain})
    assert getattr(built, field) == value
    assert built == _build(cls, **{field: value})


def test_a_converter_reads_with_the_rule_that_declares_its_field() -> None:
    """One source: the converter's column is the one whose rule the field's validator runs."""
    for cls, field, _, _ in CONVERTED:
        converter = next(a.converter for a in attrs.fields(cls) if a.name == field)
        source = SCHEMA.rule(*convert.SOURCES[converter.__name__])  # type: ignore[union-attr]
        declared = SCHEMA.by_field.get(f"{cls.__name__}.{field}")
        if declared is not None:  # the same rule, or (a birth date may be an empty cell) its check
            assert source is declared or source.check is declared.check, (cls, field)
        else:  # the number classes own their rule; Grade's 学制 is the schools file's 学制, a
            # class's 教学模式 the roster's (the student's, whose class it is)
            assert (cls, field) in {
                (Student, "identity_number"),
                (Student, "student_number"),
                (Grade, "system"),
                (ClassInfo, "mode"),
            }


def test_the_converter_follows_the_schema_in_use() -> None:
    """Narrow the sex column's rule: the models read plain values with it, in that context only."""
    sex = SCHEMA.rule("roster", "sex")
    narrow = narrowed(
        "sex", attrs.evolve(sex, parse=lambda t: {"乾": Sex.MALE, "坤": Sex.FEMALE}.get(t.strip()))
    )
    with narrow.active():
        assert _build(Student, sex="坤").sex is Sex.FEMALE
        with pytest.raises(InvalidInput):
            _build(Student, sex="女")
    with pytest.raises(InvalidInput):
        _build(Student, sex="坤")


# ---- bad plain values --------------------------------------------------------------------------


def _bad_cells(cls: type, field: str) -> list[str]:
    """The cells the declaring column refuses (the schema's own list), plus non-ISO dates."""
    converter = next(a.converter for a in attrs.fields(cls) if a.name == field)
    name = converter.__name__  # type: ignore[union-attr]
    column = SCHEMA.column(*convert.SOURCES[name])
    bad = [c for c in column.bad_values if not (name in OPTIONAL and c == "")]
    if name == "to_date":
        bad += ["2021/09/01", "20210901", "2021-9-1", "2021-09-01T08:00", "01-09-2021"]
    if name not in OPTIONAL:
        bad += ["", " "]
    return bad


BAD = [(cls, field, cell) for cls, field, _, _ in CONVERTED for cell in _bad_cells(cls, field)]


@pytest.mark.parametrize(("cls", "field", "cell"), BAD)
def test_bad_plain_value_raises_naming_the_field(cls: type, field: str, cell: str) -> None:
    with pytest.raises(InvalidInput) as info:
        _build(cls, **{field: cell})
    err = info.value
    assert err.where == f"{cls.__name__}.{field}"
    assert re.search("[\u4e00-\u9fff]", err.zh) and re.search("[A-Za-z]{3}", err.en)
    assert str(err).index(err.zh) < str(err).index(err.en)  # Chinese first


def test_an_empty_optional_cell_is_not_given() -> None:
    """An empty 来源 is what the ID number says (8.5); an empty 教学模式 is not given (6.1)."""
    assert _build(Student, origin=" ").origin is Origin.MAINLAND
    j = Student(
        name="John", sex="男", birth_date="2012-01-01", ethnicity="其他", identity_number=None,
        student_number="J000000000000000017", household_registration="", address="", origin="",
    )  # fmt: skip
    assert j.origin is None
    assert Student.from_dict(to_dict(attrs.evolve(j, origin="外籍"))).origin is Origin.FOREIGN
    assert attrs.evolve(j, origin="Hong Kong").origin is Origin.HONG_KONG
    assert _build(Record, mode="").mode is None
    assert _build(ClassInfo, mode="").mode is None
    assert _build(ClassInfo, mode="二类").mode is TeachingMode.MODEL_TWO
    with pytest.raises(InvalidInput) as info:  # a given origin must still agree with the ID number
        _build(Student, origin="香港")
    assert info.value.where == "Student.origin"


def test_the_context_date_may_be_iso_text() -> None:
    """``Context(on="2021-03-01")`` (the date rule of :func:`convert.to_date`); other text refused."""
    from liangshan_xueji.records.status import Context

    assert Context(on="2021-03-01") == Context(on=dt.date(2021, 3, 1))
    assert attrs.evolve(Context(on=dt.date(2021, 3, 1)), on=" 2021-03-02 ").on == dt.date(
        2021, 3, 2
    )
    for bad in ("2021/03/01", "2021-02-30", "", "2016-08-10"):
        with pytest.raises(InvalidInput) as info:
            Context(on=bad)
        assert info.value.where == "Context.on"


def test_a_bad_number_keeps_its_error_class_and_is_masked() -> None:
    wrong = ID[:-1] + ("0" if ID[-1] != "0" else "1")
    with pytest.raises(InvalidIdentityNumber) as info:
        _build(Student, identity_number=wrong)
    assert wrong not in str(info.value)
    with pytest.raises(InvalidStudentNumber) as info2:
        _build(Student, student_number="G" + wrong)
    assert wrong not in str(info2.value)


def test_text_is_read_as_a_roster_cell() -> None:
    """Stripped, an ID or student number upper-cased, the rule's other spellings (one parser)."""
    j = IdentityNumber("11010519491231002X")
    s = Student(
        name="王芳",
        sex=" female ",
        birth_date=" 1949-12-31 ",
        ethnicity="汉族",
        identity_number="11010519491231002x",
        student_number="j11010519491231002x",
        household_registration="",
        address="",
    )
    assert (s.sex, s.birth_date, s.identity_number) == (Sex.FEMALE, dt.date(1949, 12, 31), j)
    assert s.student_number == StudentNumber("J11010519491231002X")
    assert attrs.evolve(s, identity_number="").identity_number is None
    assert Grade("senior", 2, "6-3") == Grade(Stage.SENIOR, 2)
    assert _build(Record, status="enrolled").status is Status.ENROLLED


def test_other_types_are_still_refused() -> None:
    for cls, field, value in [
        (Student, "sex", 1),
        (Student, "birth_date", dt.datetime(2011, 5, 20)),
        (Student, "identity_number", int(ID[:-1])),
        (Grade, "stage", 1),
        (Record, "status", None),
        (Record, "enrolled_on", 20210901),
    ]:
        with pytest.raises(InvalidInput) as info:
            _build(cls, **{field: value})
        assert info.value.where == f"{cls.__name__}.{field}"


def test_numbers_and_grades_are_not_read_from_text() -> None:
    """Decision: ``"3"`` is not silently 3, and a grade is not read from ``小学三年级`` (no 学制)."""
    with pytest.raises(InvalidInput):
        Grade("小学", "3")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        _build(Record, grade="小学三年级")


# ---- round trips through the schema's writer ---------------------------------------------------


def _cell(record: Record, name: str) -> str:
    write = SCHEMA.column("roster", name).write
    assert write is not None
    return write(record)


@given(data=st.data())
def test_the_written_plain_values_convert_back(data: st.DataObject) -> None:
    school = data.draw(schools())
    r = data.draw(records(school=school, max_history=0, open_workflows=False))
    s = r.student
    student = Student(
        name=s.name,
        sex=_cell(r, "sex"),
        birth_date=_cell(r, "birth_date"),
        ethnicity=s.ethnicity,
        identity_number=_cell(r, "identity_number"),
        student_number=_cell(r, "student_number"),
        household_registration=s.household_registration,
        address=s.address,
        guardians=s.guardians,
    )
    assert student == s
    grade = Grade(_cell(r, "stage"), r.grade.number, school.system.value)
    assert grade == r.grade
    again = Record(
        student=student,
        school_code=r.school_code,
        grade=grade,
        class_name=r.class_name,
        status=_cell(r, "status"),
        enrolled_on=_cell(r, "enrolled_on"),
    )
    assert again == r
    write_school = SCHEMA.writer("schools")
    cells = dict(zip((c.name for c in SCHEMA.of("schools")), write_school(school), strict=True))
    assert attrs.evolve(school, system=cells["system"], mode=cells["mode"]) == school


@given(data=st.data())
def test_record_from_row_reads_the_writers_row(data: st.DataObject) -> None:
    school = data.draw(schools())
    r = data.draw(records(school=school, max_history=0, open_workflows=False))
    chinese = data.draw(st.booleans())
    names = [c.zh if chinese else c.name for c in ROSTER_COLUMNS]
    row = dict(zip(names, SCHEMA.writer("roster")(r), strict=True))
    assert record_from_row(row, [school]) == r
    assert record_from_row(row, school) == r
    assert record_from_row(row, {school.code: school}) == r


def test_from_dict_reads_plain_values_and_round_trips() -> None:
    data = to_dict(RECORD)
    assert data["student"]["sex"] == "女" and data["enrolled_on"] == "2017-09-01"
    assert Record.from_dict(data) == RECORD
    assert Student.from_dict(data["student"]) == STUDENT
    assert School.from_dict(to_dict(SCHOOL)) == SCHOOL
    short = {k: v for k, v in data.items() if k in ("student", "school_code", "class_name")}
    plain = short | {"grade": {"stage": "小学", "number": 4}, "enrolled_on": "2017-09-01"}
    assert Record.from_dict(plain) == RECORD
    with pytest.raises(InvalidInput) as info:
        Record.from_dict(plain | {"status": "转走"})
    assert info.value.where == "$.status"


def test_record_from_row_reports_the_readers_rejection() -> None:
    row = {
        "学校代码": "5134010001",
        "学籍号": "G" + ID,
        "姓名": "吉克阿依",
        "民族": "彝族",
        "学段": "小学",
        "年级": "4",
        "班级": "2班",
        "学籍状态": "在校",
        "入学日期": "2017-09-01",
        "家庭地址": "西昌市示例路1号",
        "户籍所在地": "四川省凉山州西昌市",
    }
    got = record_from_row(row, example_schools())
    assert got == attrs.evolve(RECORD, student=attrs.evolve(STUDENT, guardians=()))
    for column, cell in [
        ("年级", "7"),
        ("性别", "男"),
        ("学校代码", "9"),
        ("入学日期", "2017-13-01"),
    ]:
        with pytest.raises(InvalidInput) as info:
            record_from_row(row | {column: cell}, example_schools())
        assert info.value.where == f"row[{column}]"
    with pytest.raises(InvalidInput) as info:
        record_from_row({k: v for k, v in row.items() if k != "姓名"}, example_schools())
    assert "name" in info.value.en
    with pytest.raises(InvalidInput):
        record_from_row(row | {"name": "某"}, example_schools())  # 姓名 and name: twice


# ---- typing: a typed caller may pass text --------------------------------------------------------

_GOOD = """
    import datetime as dt

    from liangshan_xueji.records.models import ClassInfo, Grade, Record, School, Stage, Student
    from liangshan_xueji.records.status import Context

    student = Student(
        name="王芳", sex="女", birth_date="1949-12-31", ethnicity="汉族",
        identity_number="11010519491231002X", student_number="G11010519491231002X",
        household_registration="", address="", origin="境内",
    )
    grade: Grade = Grade("小学", 3, "六三制")
    record = Record(
        student=student, school_code="S1", grade=grade, class_name="1班",
        status="在校", enrolled_on="2021-09-01", mode="一类模式",
    )
    unset = Record(
        student=student, school_code="S1", grade=grade, class_name="1班", mode=None,
        enrolled_on=dt.date(2021, 9, 1),
    )
    klass = ClassInfo(grade=grade, name="1班", size=40, mode="一类模式")
    context = Context(on="2021-03-01")
    again: Record = Record.from_dict({"student": {}, "enrolled_on": dt.date(2021, 9, 1)})
    school = School(
        code="S1", name="学校", county="西昌市", stages={Stage.PRIMARY}, system="六三制",
        mode="二类模式",
    )
"""
_BAD = """
    from liangshan_xueji.records.models import Grade

    Grade(1, 3)
    Grade("小学", "3")
"""


def test_mypy_admits_text_where_converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = pytest.importorskip("mypy.api")
    monkeypatch.setenv("MYPYPATH", str(Path(xj.__file__).parent.parent))  # this checkout's sources
    (tmp_path / "good.py").write_text(textwrap.dedent(_GOOD), encoding="utf-8")
    (tmp_path / "bad.py").write_text(textwrap.dedent(_BAD), encoding="utf-8")
    out, err, _status = api.run(
        [
            "--strict",
            "--no-incremental",
            "--cache-dir=/dev/null",
            "--follow-imports=silent",
            str(tmp_path / "good.py"),
            str(tmp_path / "bad.py"),
        ]
    )
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert not [e for e in errors if "good.py" in e], out + err
    bad_lines = sorted({int(e.split(":")[1]) for e in errors if "bad.py" in e})
    assert bad_lines == [4, 5], out + err  # an int stage, a str grade number: refused by mypy
