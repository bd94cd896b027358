"""Tests of JSON (un)structuring: lossless round-trips, strict reading, errors with paths."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from liangshan_xueji import InvalidInput
from liangshan_xueji.records import serialization
from liangshan_xueji.records.models import (
    ClassInfo,
    Event,
    Grade,
    Guardian,
    HistoryEntry,
    IdentityNumber,
    Record,
    School,
    SchoolSystem,
    Stage,
    Status,
    Student,
    StudentNumber,
    SuspensionPeriod,
    TeachingMode,
)
from liangshan_xueji.records.serialization import (
    MAX_DEPTH,
    check_decoded,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from strategies import (
    StrategyNote,
    events,
    grades,
    guardians,
    history_entries,
    identity_numbers,
    records,
    schools,
    student_numbers,
    students,
    suspensions,
    transfers,
)

# ---------------------------------------------------------------------------------------------
# Round trips (lossless for every model)
# ---------------------------------------------------------------------------------------------


@given(record=records())
def test_record_round_trips(record: Record) -> None:
    assert from_json(to_json(record), Record) == record
    assert from_dict(to_dict(record), Record) == record
    assert from_json(to_json(record, sort_keys=True, indent=2), Record) == record


@given(school=schools())
def test_school_round_trips(school: School) -> None:
    assert from_json(to_json(school), School) == school


@given(student=students())
def test_student_round_trips(student: Student) -> None:
    assert from_json(to_json(student), Student) == student


@given(
    value=st.one_of(
        grades(),
        guardians(),
        transfers(),
        suspensions(),
        history_entries(),
        st.builds(ClassInfo, grade=grades(), name=st.just("1班"), size=st.integers(0, 80)),
    )
)
def test_small_models_round_trip(value: object) -> None:
    assert from_json(to_json(value), type(value)) == value


@given(ident=identity_numbers(), number=student_numbers())
def test_numbers_round_trip_as_full_strings(ident: IdentityNumber, number: StudentNumber) -> None:
    assert to_json(ident) == json.dumps(ident.reveal())
    assert from_json(to_json(ident), IdentityNumber) == ident
    assert to_json(number) == json.dumps(number.reveal())
    assert from_json(to_json(number), StudentNumber) == number


@given(event=events())
def test_events_round_trip_through_the_base_class(event: Event) -> None:
    data = to_dict(event)
    assert data["kind"] == "test.strategy_note"
    assert from_dict(data, Event) == event
    assert from_dict(data, StrategyNote) == event


# ---------------------------------------------------------------------------------------------
# The shape of the JSON
# ---------------------------------------------------------------------------------------------


def _sample_record() -> Record:
    ident = IdentityNumber.build("513431", dt.date(2012, 3, 4), 123)
    student = Student(
        name="吉克阿呷",
        sex=ident.sex,
        birth_date=ident.birth_date,
        ethnicity="彝族",
        identity_number=ident,
        student_number=StudentNumber.from_identity(ident),
        household_registration="四川省凉山州昭觉县",
        address="昭觉县新城镇",
        guardians=(Guardian(relation="父亲", name="吉克木呷", phone="13812345678"),),
    )
    grade = Grade(Stage.JUNIOR, 4, SchoolSystem.FIVE_FOUR)
    entry = HistoryEntry(
        on=dt.date(2020, 3, 2),
        event=StrategyNote(note="备注", grade=grade, on=dt.date(2020, 3, 1)),
        status=Status.SUSPENDED,
        school_code="5134310001",
        grade=grade,
    )
    return Record(
        student=student,
        school_code="5134310001",
        grade=grade,
        class_name="1班",
        status=Status.SUSPENDED,
        enrolled_on=dt.date(2019, 9, 1),
        suspension=SuspensionPeriod(started_on=dt.date(2020, 3, 2), ends_on=dt.date(2021, 3, 1)),
        history=(entry,),
    )


def test_json_shape() -> None:
    record = _sample_record()
    data = to_dict(record)
    assert data["enrolled_on"] == "2019-09-01"
    assert data["status"] == "休学"
    assert data["grade"] == {"stage": "初中", "number": 4, "system": "五四制"}
    assert data["student"]["identity_number"] == record.student.identity_number.reveal()  # type: ignore[union-attr]
    assert data["student"]["student_number"] == record.student.key
    assert data["student"]["sex"] == "男"
    assert isinstance(data["history"], list)
    assert data["history"][0]["event"] == {
        "kind": "test.strategy_note",
        "note": "备注",
        "grade": {"stage": "初中", "number": 4, "system": "五四制"},
        "on": "2020-03-01",
    }
    assert data["transfer"] is None
    text = to_json(record)
    assert "吉克阿呷" in text  # ensure_ascii=False keeps the characters readable
    assert json.loads(text) == data


def test_frozensets_are_sorted_lists() -> None:
    school = School(
        code="A1",
        name="某校",
        county="西昌市",
        stages={Stage.SENIOR, Stage.PRIMARY, Stage.JUNIOR},
        system=SchoolSystem.SIX_THREE,
        mode=TeachingMode.OTHER,
    )
    first = to_dict(school)["stages"]
    assert isinstance(first, list)
    assert sorted(first) == sorted(["小学", "初中", "高中"])
    assert to_json(school) == to_json(
        attrs.evolve(school, stages=frozenset(reversed(list(school.stages))))
    )


# ---------------------------------------------------------------------------------------------
# Strict reading: every problem is an InvalidInput naming the path
# ---------------------------------------------------------------------------------------------


def _bad(data: Any, cls: type = Record) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        from_dict(data, cls)
    err = info.value
    assert type(err) is InvalidInput
    assert err.zh
    assert err.en
    return err


def _data() -> dict[str, Any]:
    return copy.deepcopy(to_dict(_sample_record()))


@pytest.mark.parametrize(
    ("mutate", "path", "what"),
    [
        (lambda d: d.pop("class_name"), "$.class_name", "required field missing"),
        (lambda d: d["student"].update(extra=1), "$.student", "unexpected field(s): extra"),
        (lambda d: d["grade"].update(number="4"), "$.grade.number", "expected an integer"),
        (lambda d: d["grade"].update(number=4.0), "$.grade.number", "expected an integer"),
        (lambda d: d.update(class_name=1), "$.class_name", "expected a string"),
        (
            lambda d: d["suspension"].update(filed_with_prefecture="false"),
            "$.suspension.filed_with_prefecture",
            "expected true or false",
        ),
        (lambda d: d.update(enrolled_on="2019-02-30"), "$.enrolled_on", "no such date"),
        (lambda d: d.update(enrolled_on="2019-09-01T00:00:00"), "$.enrolled_on", "YYYY-MM-DD"),
        (lambda d: d.update(enrolled_on="20190901"), "$.enrolled_on", "YYYY-MM-DD"),
        (lambda d: d.update(status="在读"), "$.status", "not a valid Status"),
        (lambda d: d["grade"].update(number=5), "$.grade", "no such grade"),
        (lambda d: d["history"][0]["event"].update(kind="nope"), "$.history[0].event", "unknown"),
        (lambda d: d["history"][0]["event"].pop("kind"), "$.history[0].event", "needs its kind"),
        (
            lambda d: d["history"][0]["event"].update(surprise=1),
            "$.history[0].event",
            "unexpected field(s): surprise",
        ),
        (lambda d: d["history"][0].update(on=None), "$.history[0].on", "YYYY-MM-DD"),
        (lambda d: d.update(student=[]), "$.student", "expected a Student object"),
        (lambda d: d["student"].update(birth_date="2012-03-05"), "$.student", "birth date"),
        (
            lambda d: d["student"]["guardians"][0].pop("name"),
            "$.student.guardians[0].name",
            "required field missing",
        ),
    ],
)
def test_bad_fields_are_named_by_path(mutate: Any, path: str, what: str) -> None:
    data = _data()
    mutate(data)
    err = _bad(data)
    assert err.where == path
    assert f"{path}: " in err.en
    assert f"{path}：" in err.zh
    assert what in err.en


def test_every_bad_field_is_reported() -> None:
    data = _data()
    data.pop("class_name")
    data["grade"]["number"] = "x"
    data["status"] = "?"
    err = _bad(data)
    for path in ("$.class_name", "$.grade.number", "$.status"):
        assert path in err.en
        assert path in err.zh


def test_bad_id_number_is_masked_in_the_message() -> None:
    data = _data()
    good = data["student"]["identity_number"]
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    data["student"]["identity_number"] = wrong
    data["student"]["student_number"] = "G" + wrong
    err = _bad(data)
    assert wrong not in str(err)
    assert good not in str(err)
    assert wrong[:4] + "*" * 10 + wrong[-4:] in str(err)
    assert "$.student.identity_number" in err.en
    assert "$.student.student_number" in err.en


def test_ids_echoed_by_other_messages_are_masked() -> None:
    data = _data()
    full = data["student"]["identity_number"]
    data["status"] = full  # an enum error quotes the value
    err = _bad(data)
    assert full not in str(err)


@pytest.mark.parametrize("data", [None, "x", 5, [], {}])
def test_not_an_object(data: Any) -> None:
    err = _bad(data)
    assert err.where is not None
    assert err.where.startswith("$")


@pytest.mark.parametrize("text", ["", "{", "[1,", "{'a': 1}", b"\xff\xfe{"])
def test_invalid_json_text(text: str | bytes) -> None:
    with pytest.raises(InvalidInput) as info:
        from_json(text, Record)
    assert info.value.zh
    assert info.value.en


def test_naive_datetime_string_is_not_a_date() -> None:
    err = _bad({"started_on": "2020-01-01 08:00", "ends_on": "2020-02-01"}, SuspensionPeriod)
    assert err.where == "$.started_on"


def test_to_dict_refuses_non_models() -> None:
    for obj in (5, "x", IdentityNumber("11010519491231002X")):
        with pytest.raises(InvalidInput):
            to_dict(obj)
    with pytest.raises(InvalidInput):
        to_json(object())


def test_unregistered_event_cannot_be_written() -> None:
    @attrs.frozen(kw_only=True)
    class _Unregistered(Event):
        x: int = 0

    with pytest.raises(InvalidInput):
        to_dict(_Unregistered())


def test_event_kind_must_fit_the_requested_class() -> None:
    @attrs.frozen(kw_only=True)
    class _Other(Event, kind="test.serialization.other"):
        pass

    with pytest.raises(InvalidInput) as info:
        from_dict(to_dict(StrategyNote()), _Other)
    assert "is not a _Other" in info.value.en
    assert from_dict(to_dict(_Other()), Event) == _Other()


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    """A record's JSON with one leaf replaced by an arbitrary JSON value."""
    data = to_dict(draw(records(max_history=2)))
    leaves: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for k, v in items:
            if isinstance(v, (dict, list)) and v:
                walk(v)
            else:
                leaves.append((node, k))

    walk(data)
    node, key = draw(st.sampled_from(leaves))
    node[key] = draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-5, 30),
            st.floats(allow_nan=False),
            st.text(max_size=20),
            st.sampled_from(["2020-02-30", "初中", "G", "X", "", "六三制"]),
            st.lists(st.integers(), max_size=2),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        )
    )
    return data


@given(data=_mutated())
def test_mutated_json_gives_a_model_or_invalid_input(data: dict[str, Any]) -> None:
    where: str | None = "unset"
    try:
        result = from_dict(data, Record)
    except InvalidInput as err:
        where = err.where
    else:
        assert isinstance(result, Record)
        assert from_dict(to_dict(result), Record) == result
        return
    assert where is not None
    assert where.startswith("$")


@pytest.mark.parametrize(
    ("cls", "data"),
    [(object, {}), (dt.datetime, "2020-01-01"), (dt.datetime, "2020-01-01T08:00:00")],
)
def test_unsupported_targets_are_invalid_input(cls: type, data: Any) -> None:
    err = _bad(data, cls)
    assert err.where == "$"


# a surrogate-bearing text, a few characters of it, or a plain one; nested lists, tuples and dicts up
# to past MAX_DEPTH (a chain of one-element lists reaches it)
_TEXTS = st.text(
    alphabet=st.sampled_from(["a", "吉", "\ud800", "\udfff", "\U0001f600"]), max_size=3
)
_DECODED = st.recursive(
    st.none() | st.integers() | st.booleans() | _TEXTS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.tuples(inner)
        | st.dictionaries(_TEXTS | st.integers(0, 3), inner, max_size=3)
    ),
    max_leaves=12,
)


def _deep(depth: int, leaf: object) -> object:
    out = leaf
    for k in range(depth):
        out = [out] if k % 2 else {"x": out}
    return out


@given(
    data=_DECODED | st.builds(_deep, st.integers(MAX_DEPTH - 2, MAX_DEPTH + 2), _DECODED),
)
def test_the_quick_walk_of_decoded_json_finds_what_the_path_naming_walk_finds(data: object) -> None:
    """``check_decoded`` first walks the data without building paths (``_fits``) and names the path
    only when something is wrong: the quick walk passes exactly the data the path-naming walk
    passes (lone surrogates in values and keys, nesting past ``MAX_DEPTH``)."""
    refused = True
    original = serialization._fits
    serialization._fits = lambda _data: False  # the path-naming walk alone
    try:
        check_decoded(data)
        refused = False
    except InvalidInput:
        pass
    finally:
        serialization._fits = original
    assert serialization._fits(data) is not refused
