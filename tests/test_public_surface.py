"""The public surface: a small top level, documented namespaces, the names that left the
top level still working for one release with a DeprecationWarning, lazy loading, and the result types
that have no truth value."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import attrs
import pytest

import liangshan_xueji as xj

ROOT = Path(__file__).resolve().parent.parent

#: The flat ``__all__`` of 0.1 (146 names): each must still resolve.
OLD_ALL = """
DEFAULT_PARAMETERS KEY_FIELDS LIANGSHAN_COUNTIES SOURCE AdmissionMethod Admit ArchiveItem
ArchiveState AttendanceCheck AttendanceProofForm AuditStats CalendarDataMissing CatchmentQuota
ChangeStudentData ClassInfo Clause ConfirmNewStudentData Context CreateArchive DataExported
DataSecurityPledgeForm Deadline Death Decision Delete Demote DepartureReason DestroyArchive Event
ExtendSuspension FieldChange FileArchiveItems Finding Grade Graduate Guardian HandOverArchive
HandoverReason HistoryEntry IdentityNumber IdentitySource ImportPhoto InvalidGrade
InvalidIdentityNumber InvalidInput InvalidStudentNumber LookupResult MarkDropout
MarkSuspectedDropout Material MonthDay MoveArchive Origin OtherDeparture Parameter
ParameterNotInForce ParameterSet PolicyViolation PrefectureFiling Promote Reason Record Register
RegistrarProfile Registration Rejected RemoveDuplicate Resume Retain RetentionCount
ReturnToSchool Reviewed RollbackGraduation RosterEntry RosterInput RosterNotGrouped RosterReader
School SchoolSystem SeniorRoster Severity Sex Source Stage Status StatusEvent Student
StudentField StudentNumber StudentNumberKind Suspend SuspensionPeriod SuspensionResumptionForm
TeachingMode TransferAct TransferApplicationForm TransferParty TransferRequest TransferWorkflow
UnknownClause WorkCalendar XuejiError __version__ add_months apply archive_checklist
archive_state audit audit_roster change_student_data clause clauses close_school_archives
deadline empty_record_decision evaluate evaluate_in_scope export_decision export_rows
file_starting_grades from_dict from_json implementations implements log_export login_decision
login_shortfalls merge_school_archives pledge_coverage prefill_f1 prefill_f2 prefill_f3
prefill_f4 rectification_order register registrar_qualified render_form resolve_duplicate
review_school school_year scope_decision submit_senior_roster synthesize to_dict to_json
validate_form
""".split()  # noqa: SIM905 - a list of words


def test_the_top_level_is_small_and_every_name_resolves_without_warning() -> None:
    assert len(xj.__all__) <= 36
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name in xj.__all__:
            assert getattr(xj, name) is not None, name


def test_every_name_of_0_1_still_resolves() -> None:
    assert len(OLD_ALL) == 146
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for name in OLD_ALL:
            assert getattr(xj, name) is not None, name


@pytest.mark.parametrize("name", sorted(xj._MOVED))
def test_a_moved_name_warns_and_names_its_new_place(name: str) -> None:
    where, attr = xj._MOVED[name]
    namespace = importlib.import_module(f"liangshan_xueji.{where}")
    with pytest.warns(DeprecationWarning, match=rf"liangshan_xueji\.{where}\.{attr}\b"):
        value = getattr(xj, name)
    assert value is getattr(namespace, attr)
    assert name not in xj.__all__


def test_a_moved_name_warns_on_from_import_too() -> None:
    with pytest.warns(DeprecationWarning, match=r"liangshan_xueji\.events\.Suspend"):
        from liangshan_xueji import Suspend  # noqa: F401


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        _ = xj.NoSuchName  # type: ignore[attr-defined]


def test_each_namespace_lists_only_names_it_holds() -> None:
    for ns in (xj.events, xj.procedures, xj.models, xj.law, xj.forms):
        for name in ns.__all__:
            assert hasattr(ns, name), (ns.__name__, name)


def _run(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_import_loads_neither_the_reader_nor_synth_nor_the_forms_nor_jinja2() -> None:
    loaded = json.loads(
        _run(
            """
            import json, sys
            import liangshan_xueji
            print(json.dumps(sorted(sys.modules)))
            """
        )
    )
    for heavy in (
        "jinja2",
        "liangshan_xueji.io.roster",
        "liangshan_xueji.synth",
        "liangshan_xueji.forms",
        "liangshan_xueji.audit",
        "cattrs",
    ):
        assert heavy not in loaded, heavy


def test_evaluate_needs_neither_the_reader_nor_jinja2() -> None:
    loaded = json.loads(
        _run(
            """
            import datetime as dt, json, sys
            import liangshan_xueji as xj
            from liangshan_xueji.examples import example_context, example_record
            xj.evaluate(example_record(), xj.events.Promote(student=example_record().student.student_number),
                        example_context(on=dt.date(2021, 8, 11)))
            print(json.dumps(sorted(sys.modules)))
            """
        )
    )
    assert "jinja2" not in loaded
    assert "liangshan_xueji.io.roster" not in loaded


def test_audit_is_the_function_whatever_was_imported_first() -> None:
    out = _run(
        """
        import sys
        import liangshan_xueji.audit.runner
        from liangshan_xueji.audit import audit_roster
        import liangshan_xueji as xj
        print(callable(xj.audit), xj.audit is sys.modules["liangshan_xueji.audit.runner"].audit)
        """
    )
    assert out.split() == ["True", "True"]


# ---------------------------------------------------------------------------------------------------
# No truth value: a refusal must never pass an ``if`` silently


def test_a_decision_has_no_truth_value() -> None:
    refused = xj.Decision.refuse(xj.Reason("2.1.6.3", "毕业年级", "graduation year"))
    for decision in (refused, xj.Decision.allow()):
        with pytest.raises(xj.AmbiguousDecision, match=r"decision\.allowed") as info:
            bool(decision)
        assert isinstance(info.value, xj.XuejiError)
        assert isinstance(info.value, TypeError)

    def taken(decision: xj.Decision) -> str:
        return "taken" if decision else "skipped"  # "taken" for a refusal

    with pytest.raises(xj.AmbiguousDecision):
        taken(refused)
    assert refused.allowed is False


def test_register_resolve_duplicate_and_change_student_data_return_one_result_type() -> None:
    from liangshan_xueji.examples import example_context, example_record, example_student
    from liangshan_xueji.procedures import (
        Outcome,
        Registration,
        change_student_data,
        register,
        resolve_duplicate,
    )

    ctx = example_context(on=dt.date(2021, 3, 1))
    record = example_record()
    results = [
        register(
            example_student(),
            "5134010001",
            xj.Grade(xj.Stage.PRIMARY, 1, xj.SchoolSystem.SIX_THREE),
            "1班",
            ctx,
            lookup=lambda _s: False,
        ),
        resolve_duplicate(
            record,
            attrs.evolve(record, school_code="5134010002"),
            ctx,
            attendance_proof=True,
            attended_authority_approves=True,
            removing_authority_approves=False,
        ),
        change_student_data(record, {"name": "新名字"}, ctx),
    ]
    assert Registration is Outcome
    for result in results:
        assert isinstance(result, Outcome)
        decision, new = result  # a named tuple unpacks as before
        assert result.allowed is decision.allowed
        assert (new is None) is (not decision.allowed)
        with pytest.raises(xj.AmbiguousDecision, match=r"result\.allowed"):
            bool(result)


def test_from_json_and_from_dict_take_cattrs_order_and_the_old_order_warns() -> None:
    from liangshan_xueji.examples import example_record
    from liangshan_xueji.models import from_dict, to_dict

    record = example_record()
    text = xj.to_json(record)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert xj.from_json(text, xj.Record) == record
        assert from_dict(to_dict(record), xj.Record) == record
        assert xj.from_json(cls=xj.Record, text=text) == record
    with pytest.warns(DeprecationWarning, match=r"from_json\(data, cls\)"):
        assert xj.from_json(xj.Record, text) == record  # type: ignore[arg-type]
    with pytest.warns(DeprecationWarning, match=r"from_dict\(data, cls\)"):
        assert from_dict(xj.Record, to_dict(record)) == record
