"""Hostile input at the Python API: each reproducer of the probe, one test each.

Each call used to raise something other than a :class:`~liangshan_xueji.errors.XuejiError` — a
``ValueError``, ``TypeError``, ``OverflowError``, ``RecursionError``, ``NameError``, an
``AttributeError`` in ``repr``, a ``UnicodeEncodeError`` on output — or, for ``hash()`` of a context,
failed outright. Now each raises :class:`InvalidInput` (or :class:`UnknownClause`), Chinese first and
English second, naming where the problem is. ``tests/test_public_api_errors.py`` holds every public
callable to the same rule with arbitrary arguments.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

import liangshan_xueji as lx
from liangshan_xueji.examples import example_context, example_record
from liangshan_xueji.io.roster import RosterInput, RosterWriter
from liangshan_xueji.records.serialization import MAX_DEPTH

_CJK = re.compile(r"[\u3400-\u9fff]")

RECORD = example_record()
CONTEXT = example_context()
REASON = lx.Reason("2.1.6.3", "理由", "a reason")


def refused(call: Callable[[], object], where: str | None = None) -> lx.InvalidInput:
    """``call`` raises :class:`InvalidInput`, bilingual, at ``where`` (when given)."""
    with pytest.raises(lx.InvalidInput) as info:
        call()
    err = info.value
    zh, en = str(err).split(" / ", 1)
    assert _CJK.search(zh) and re.search(r"[A-Za-z]{3}", en), str(err)
    if where is not None:
        assert err.where == where, err.where
    return err


# --- item 6: the nineteen callables -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "where"),
    [
        (None, 1, "day"),  # TypeError
        (dt.datetime(2020, 1, 31), 1, "day"),
        (dt.date(2020, 1, 31), "3", "months"),  # ValueError from relativedelta's int()
        (dt.date(2020, 1, 31), 1.5, "months"),
        (dt.date(2020, 1, 31), True, "months"),
        (dt.date(2020, 1, 31), 10**30, "months"),  # OverflowError
        (dt.date.max, 1, "months"),  # past year 9999
        (dt.date.min, -1, "months"),
    ],
)
def test_add_months_refuses_bad_arguments(day: Any, months: Any, where: str) -> None:
    refused(lambda: lx.models.add_months(day, months), where)


def test_add_months_still_adds() -> None:
    assert lx.models.add_months(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
    assert lx.models.add_months(dt.date(9999, 11, 30), 1) == dt.date(9999, 12, 30)


def test_school_year_of_none() -> None:
    refused(lambda: lx.models.school_year(None), "on")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("month", "day"), [(13, 1), (0, 1), (2, 30), (1, 32), (2**63, 1), ("9", 30)]
)
def test_month_day_out_of_range(month: Any, day: Any) -> None:
    refused(lambda: lx.law.MonthDay(month, day))


def test_month_day_in_year() -> None:
    refused(lambda: lx.law.MonthDay(2, 29).in_year(2021), "year")
    refused(lambda: lx.law.MonthDay(9, 30).in_year(10**6), "year")
    assert lx.law.MonthDay(2, 29).in_year(2024) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("kwargs", "where"),
    [
        ({"allowed": True, "reasons": 5}, "Decision.reasons"),
        ({"allowed": True, "reasons": [REASON, "x"]}, "Decision.reasons[1]"),
        ({"allowed": True, "missing_materials": None}, "Decision.missing_materials"),
        ({"allowed": "yes"}, "Decision.allowed"),
        ({"allowed": True, "deadline": "2021-03-15"}, "Decision.deadline"),
    ],
)
def test_decision_wrong_types(kwargs: dict[str, Any], where: str) -> None:
    refused(lambda: lx.Decision(**kwargs), where)


def test_decision_helpers() -> None:
    refused(lambda: lx.Decision.refuse(REASON, missing=None), "Decision.missing_materials")  # type: ignore[arg-type]
    refused(lambda: lx.Decision.combine(lx.Decision.allow(), {}), "decisions[1]")  # type: ignore[arg-type]
    deadline = lx.deadline(dt.date(2021, 3, 1), 10)
    refused(lambda: deadline.is_overdue(None), "on")  # type: ignore[arg-type]


def test_reason_and_material_wrong_types() -> None:
    refused(lambda: lx.Reason("2.1.6.3", 5, "x"), "Reason.zh")  # type: ignore[arg-type]
    refused(lambda: lx.Reason("2.1.6.3", "理由", " "), "Reason.en")
    refused(lambda: lx.Material(5, "2.2.1", "证明", "proof"), "Material.key")  # type: ignore[arg-type]
    refused(lambda: lx.Reason([], "理由", "x"), "clause")  # type: ignore[arg-type]


def test_deadline_wrong_types() -> None:
    refused(lambda: lx.Deadline(clause="2.1.4", start=None, due=dt.date(2021, 3, 1)))  # type: ignore[arg-type]
    refused(
        lambda: lx.Deadline(clause="2.1.4", start=dt.date(2021, 3, 1), due={}),  # type: ignore[arg-type]
        "Deadline.due",
    )


@pytest.mark.parametrize("clause_id", [[], None, 2.1, {"2.1": 1}])
def test_clause_of_a_non_string(clause_id: Any) -> None:
    refused(lambda: lx.clause(clause_id), "clause_id")
    if clause_id is not None:  # implementations(None) lists every clause
        refused(lambda: lx.law.implementations(clause_id), "clause_id")


def test_unknown_clause_string_is_still_unknown_clause() -> None:
    with pytest.raises(lx.UnknownClause):
        lx.clause("9.9")


def test_from_dict_of_an_instance() -> None:
    # a NameError from inside cattrs before
    refused(lambda: lx.models.from_dict({}, RECORD), "cls")  # type: ignore[arg-type]
    refused(
        lambda: lx.models.from_dict({1: 2, "x": 3}, lx.Grade)
    )  # int and str keys: a TypeError before


def test_audit_of_a_non_iterable_is_refused_at_the_call() -> None:
    refused(lambda: lx.audit(5, CONTEXT), "records")  # type: ignore[arg-type]
    refused(lambda: lx.audit([RECORD], CONTEXT, chunk_records=0), "chunk_records")
    refused(lambda: lx.audit([RECORD], CONTEXT, stats={}), "stats")  # type: ignore[arg-type]
    refused(lambda: lx.audit([RECORD], CONTEXT, cross_school=None), "cross_school")  # type: ignore[arg-type]
    refused(lambda: list(lx.audit([5], CONTEXT)))  # type: ignore[list-item]


def test_audit_refuses_a_fork_bomb() -> None:
    """``jobs=10**6`` started a million worker processes (found by the property test)."""
    refused(lambda: lx.audit([RECORD], CONTEXT, jobs=10**6), "jobs")
    refused(lambda: lx.audit([RECORD], CONTEXT, jobs=65), "jobs")


def test_archive_state_of_a_non_record() -> None:
    refused(lambda: lx.procedures.archive_state(5), "record")  # type: ignore[arg-type]
    refused(lambda: lx.procedures.archive_state(None), "record")  # type: ignore[arg-type]


def test_archive_state_fields() -> None:
    refused(
        lambda: lx.procedures.ArchiveState(
            created_on=dt.date(2020, 9, 1),
            contents=["x"],
            provincial_items=(),
            electronic=True,
            paper={},  # type: ignore[arg-type]
            holder="5134010001",
        )
    )


@pytest.mark.parametrize(
    ("args", "kwargs", "where"),
    [
        ((5,), {}, "path"),
        ((None,), {}, "path"),
        (("a\x00b",), {}, "path"),
        ((".",), {"events": []}, "events"),
        ((".",), {"schools": 5}, "schools"),
        ((".",), {"encoding": frozenset()}, "encoding"),
    ],
)
def test_roster_input_from_path_arguments(
    args: tuple[Any, ...], kwargs: dict[str, Any], where: str
) -> None:
    refused(lambda: RosterInput.from_path(*args, **kwargs), where)


def test_roster_writer_where_events_csv_cannot_be_written(tmp_path: Path) -> None:
    """A directory named ``events.csv`` raised ``IsADirectoryError`` and left ``roster.csv`` open."""
    (tmp_path / "events.csv").mkdir()
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", ResourceWarning)
        refused(lambda: RosterWriter(tmp_path), "directory")
        gc.collect()
    assert [w.message for w in seen if issubclass(w.category, ResourceWarning)] == []


@pytest.mark.parametrize("indent", [10**20, -1, 17, True, "  "])
def test_to_json_indent(indent: Any) -> None:
    refused(lambda: lx.to_json(RECORD, indent=indent), "indent")


def test_to_json_indent_in_range() -> None:
    assert lx.to_json(lx.law.MonthDay(9, 30), indent=2) == '{\n  "month": 9,\n  "day": 30\n}'
    refused(lambda: lx.to_json(RECORD, sort_keys=None), "sort_keys")  # type: ignore[arg-type]


def test_finding_wrong_types_fail_at_construction_not_in_repr() -> None:
    good = {
        "clause": "2.1.4",
        "severity": lx.models.Severity.OVERDUE,
        "school_code": "5134010001",
        "zh": "逾期",
        "en": "overdue",
        "found_on": dt.date(2021, 3, 1),
    }
    repr(lx.Finding(**good))
    for field, bad in [
        ("severity", "逾期"),
        ("student", "G513401201105201223"),
        ("school_code", 5),
        ("due", "2021-03-01"),
        ("found_on", None),
        ("zh", ""),
    ]:
        kwargs = {**good, field: bad}
        refused(lambda kwargs=kwargs: lx.Finding(**kwargs), f"Finding.{field}")


def test_source_wrong_types_fail_at_construction_not_in_str() -> None:
    refused(
        lambda: lx.law.Source(issuer="局", title="规定", number="1号", issued="2016-08-11"),  # type: ignore[arg-type]
        "Source.issued",
    )
    refused(
        lambda: lx.law.Source(issuer=[], title="规定", number="1号", issued=dt.date(2016, 8, 11))
    )  # type: ignore[arg-type]


def test_context_and_parameters_hash() -> None:
    """A context and a parameter set are frozen values: they hash, equal ones alike."""
    assert hash(lx.law.DEFAULT_PARAMETERS) == hash(
        lx.law.ParameterSet.from_parameters(
            tuple(lx.law.DEFAULT_PARAMETERS), lx.law.DEFAULT_PARAMETERS.label
        )
    )
    assert hash(CONTEXT) == hash(example_context())
    assert len({CONTEXT, example_context(), CONTEXT.at(dt.date(2022, 3, 1))}) == 2
    county = lx.law.DEFAULT_PARAMETERS.override(
        "class_size_limit_primary", 40, reference="某县文件"
    )
    assert county != lx.law.DEFAULT_PARAMETERS
    assert len({lx.law.DEFAULT_PARAMETERS, county}) == 2
    reordered = lx.Context(on=CONTEXT.on, schools=tuple(reversed(CONTEXT.schools.values())))
    assert reordered == CONTEXT and hash(reordered) == hash(CONTEXT)


def test_parameter_set_arguments() -> None:
    refused(lambda: lx.law.ParameterSet({}, label=5), "ParameterSet.label")  # type: ignore[arg-type]
    refused(lambda: lx.law.ParameterSet([]), "ParameterSet.versions")  # type: ignore[arg-type]
    refused(lambda: lx.law.ParameterSet.from_parameters(None, "x"), "params")  # type: ignore[arg-type]
    refused(lambda: lx.law.DEFAULT_PARAMETERS.get({}, dt.date(2021, 3, 1)), "name")  # type: ignore[arg-type]
    refused(lambda: CONTEXT.school({}), "school")  # type: ignore[arg-type]


def test_override_refuses_a_bool_for_a_number() -> None:
    """``True`` for a class size was taken as 1: a silently wrong answer."""
    refused(
        lambda: lx.law.DEFAULT_PARAMETERS.override("class_size_limit_primary", True, reference="x"),
        "class_size_limit_primary",
    )


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_override_refuses_a_value_that_is_not_a_finite_number(value: float) -> None:
    """A nan retention cap made every comparison false: a silently wrong answer (clause 2.3)."""
    refused(
        lambda: lx.law.DEFAULT_PARAMETERS.override("senior_retention_cap", value, reference="x"),
        "Parameter.value",
    )


def test_policy_violation_and_calendar_error_arguments() -> None:
    refused(lambda: lx.PolicyViolation(None), "decision")  # type: ignore[arg-type]
    refused(lambda: lx.CalendarDataMissing(None), "year")  # type: ignore[arg-type]
    refused(lambda: lx.CalendarDataMissing(2030, first=frozenset()), "first")  # type: ignore[arg-type]


# --- item 5 at the API: hostile JSON ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000,  # RecursionError
        '{"a":' * 5000 + "1" + "}" * 5000,
        "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1),  # deep, but not too deep for json itself
    ],
)
def test_from_json_refuses_deep_nesting(text: str) -> None:
    err = refused(lambda: lx.from_json(text, lx.Record))
    assert "嵌套" in err.zh


def test_from_json_refuses_a_five_thousand_digit_number() -> None:
    err = refused(lambda: lx.from_json('{"n": ' + "9" * 5000 + "}", lx.Record), "text")
    assert "位数" in err.zh


@pytest.mark.parametrize("surrogate", ["\\ud800", "\ud800", "\\udfff"])
def test_from_json_refuses_a_lone_surrogate(surrogate: str) -> None:
    """Accepted before, then a UnicodeEncodeError when the record was written out."""
    text = lx.to_json(RECORD).replace("吉", surrogate, 1)
    err = refused(lambda: lx.from_json(text, lx.Record), "$.student.name")
    assert "代理" in err.zh
    data = lx.models.to_dict(RECORD)
    data["student"]["address"] = "西昌\udc80"
    refused(lambda: lx.models.from_dict(data, lx.Record), "$.student.address")


def test_an_error_naming_a_lone_surrogate_still_prints() -> None:
    """Found by the property test: ``get("\\ud800", …)`` raised an error whose message could not be
    encoded (``where=`` echoed the name)."""
    # The name is now refused as text (no visible character) before it is looked up, and it is not
    # echoed at all; the message must still print.
    with pytest.raises(lx.InvalidInput) as info:
        lx.law.DEFAULT_PARAMETERS.get("\ud800", dt.date(2021, 3, 1))
    str(info.value).encode("utf-8")
    assert "\ud800" not in str(info.value)
    assert str(lx.InvalidInput("坏\udc80", "bad\udc80", where="\ud800")).encode("utf-8")


def test_to_json_refuses_a_lone_surrogate_it_could_not_write() -> None:
    record = attrs.evolve(RECORD, class_name="2\ud800班")
    refused(lambda: lx.to_json(record), "$.class_name")


def test_from_json_still_round_trips() -> None:
    assert lx.from_json(lx.to_json(RECORD), lx.Record) == RECORD
    assert lx.from_json(lx.to_json(RECORD).encode(), lx.Record) == RECORD
    refused(lambda: lx.from_json(None, lx.Record), "text")  # type: ignore[arg-type]


def _escapes_fixed_this_session() -> list[tuple[str, Callable[[], object]]]:
    """The last known escapes of the API property, each by its smallest reproducer."""
    import liangshan_xueji.calendar.workdays as workdays
    import liangshan_xueji.forms as forms
    import liangshan_xueji.io.roster as roster
    import liangshan_xueji.procedures as procedures
    from liangshan_xueji.examples import example_schools

    school = example_schools()[0]
    ctx = example_context()
    f1 = forms.prefill_f1(RECORD, ctx)
    return [
        ("Outcome", lambda: procedures.Outcome(decision={}, record=None)),  # type: ignore[arg-type]
        ("School.offers", lambda: school.offers(None)),  # type: ignore[arg-type]
        ("School.size_limit", lambda: school.size_limit(lx.Stage.PRIMARY, {}, dt.date(2021, 3, 1))),  # type: ignore[arg-type]
        ("StudentNumber.from_identity", lambda: lx.StudentNumber.from_identity(None)),  # type: ignore[arg-type]
        ("Signature", lambda: forms.Signature(signer=5)),  # type: ignore[arg-type]
        ("GuardianRow.from_guardian", lambda: forms.GuardianRow.from_guardian(None)),  # type: ignore[arg-type]
        ("StudentInfo.from_student", lambda: forms.StudentInfo.from_student(None)),  # type: ignore[arg-type]
        ("validate_f1", lambda: forms.validate_f1(f1, None, None)),  # type: ignore[arg-type]
        ("prefill_f1", lambda: forms.prefill_f1(RECORD, ctx, parties=5)),  # type: ignore[arg-type]
        ("pledge_coverage", lambda: forms.pledge_coverage(None, counties=[], schools=[])),  # type: ignore[arg-type]
        ("pledge_coverage counties", lambda: forms.pledge_coverage([], counties=[[]], schools=[])),  # type: ignore[list-item]
        ("pledge_coverage schools", lambda: forms.pledge_coverage([], counties=[], schools=5)),  # type: ignore[arg-type]
        (
            "login_decision",
            lambda: procedures.login_decision(
                [], "r", start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 8), parameters=None
            ),
        ),  # type: ignore[arg-type]
        (
            "login_shortfalls",
            lambda: procedures.login_shortfalls(
                [], start=dt.date(2021, 3, 1), end=dt.date(2021, 3, 8), registrars=True
            ),
        ),  # type: ignore[arg-type]
        ("rectification_order", lambda: procedures.rectification_order(None, "5134010001")),  # type: ignore[arg-type]
        ("WorkCalendar", lambda: workdays.WorkCalendar(None)),  # type: ignore[arg-type]
        ("with_notice_file", lambda: workdays.WorkCalendar.default().with_notice_file(None)),  # type: ignore[arg-type]
        ("HolidayName", lambda: workdays.HolidayName([], "x")),  # type: ignore[arg-type]
        ("DayNote", lambda: str(workdays.DayNote(None, None, None))),  # type: ignore[arg-type]
        # the roster reader's namespace (liangshan_xueji.io.roster)
        ("Block", lambda: roster.Block(None, [], [], [])),  # type: ignore[arg-type]
        ("Column", lambda: roster.Column(name=5, zh="x")),  # type: ignore[arg-type]
        ("Rejected", lambda: roster.Rejected(file="f", line=1, zh={}, en="x")),  # type: ignore[arg-type]
        ("RosterInput", lambda: roster.RosterInput(roster=[])),  # type: ignore[arg-type]
        ("RosterInput.from_path", lambda: roster.RosterInput.from_path("9" * 5000)),
        ("RosterReader", lambda: roster.RosterReader(None)),  # type: ignore[arg-type]
        ("RosterWriter", lambda: roster.RosterWriter(__file__)),  # a file where the directory goes
        ("RowParser", lambda: roster.RowParser(None)),  # type: ignore[arg-type]
        ("detect_encoding", lambda: roster.detect_encoding("a\0b")),
        ("read_schools", lambda: roster.read_schools(__file__, encoding=dt.date(2021, 1, 1))),  # type: ignore[arg-type]
        ("register_column", lambda: roster.register_column(None)),  # type: ignore[arg-type]
        ("write_schools", lambda: roster.write_schools("", [])),
    ]


@pytest.mark.parametrize(("name", "call"), _escapes_fixed_this_session())
def test_the_last_known_escapes_are_bilingual_errors(name: str, call: Callable[[], object]) -> None:
    refused(call)
