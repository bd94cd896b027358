"""``xueji check``: a registrar's question on the command line, answered with the explained decision."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from liangshan_xueji.cli import main
from liangshan_xueji.examples import example_record, example_schools
from liangshan_xueji.records.serialization import to_dict, to_json

SAMPLE = ("--example", "--on", "2021-03-01")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.clause("2.1", "2.1.4")
def test_a_transfer_with_its_materials_is_allowed_with_the_deadline(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run(
        capsys, "transfer", *SAMPLE, "--to-school", "5134010002", "--to-class", "1班",
        "--material", "basic_info_sheet", "--material", "F1",
    )  # fmt: skip
    assert code == 0
    assert "允许 / allowed" in out and "[2.1.4]" in out and "2021-03-15" in out


@pytest.mark.clause("2.1.6.1")
def test_an_unknown_receiving_class_is_cannot_decide(capsys: pytest.CaptureFixture[str]) -> None:
    """A class the receiving school does not list: "cannot decide: give the class size", in the text
    and in the JSON (``undecided``, ``missing_facts``), not a refusal by the rule."""
    argv = ("transfer", *SAMPLE, "--to-school", "5134010002", "--to-class", "99班",
            "--material", "basic_info_sheet", "--material", "F1")  # fmt: skip
    code, out, _err = run(capsys, *argv)
    assert code == 1
    assert out.splitlines()[1].startswith("无法判断") and "缺少事实 needs [2.1.6.1]" in out
    assert "不允许 / refused" not in out
    code, out, _err = run(capsys, *argv, "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["allowed"] is False and data["undecided"] is True
    assert [f["key"] for f in data["missing_facts"]] == ["class_size"]
    code, out, _err = run(capsys, *argv[:-4], "--format", "json")  # no materials: refused too
    data = json.loads(out)
    assert data["undecided"] is False and [f["key"] for f in data["missing_facts"]] == [
        "class_size"
    ]


@pytest.mark.clause("2.2.1")
def test_a_suspension_without_evidence_is_refused_with_every_missing_material(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run(capsys, "suspend", *SAMPLE, "--school-agrees")
    assert code == 1
    assert "不允许 / refused" in out and "[2.2.1]" in out and "缺少材料 missing" in out


@pytest.mark.clause("2.3")
def test_a_compulsory_retention_is_refused_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "retain", *SAMPLE, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["act"] == "retain" and data["allowed"] is False
    assert "2.3" in {r["clause"] for r in data["reasons"]}


def test_a_record_file_and_its_schools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record = tmp_path / "record.json"
    record.write_text(to_json(example_record()), encoding="utf-8")
    schools = tmp_path / "schools.json"
    schools.write_text(
        json.dumps([to_dict(s) for s in example_schools()], ensure_ascii=False), encoding="utf-8"
    )
    code, out, _err = run(
        capsys, "promote", "--record", str(record), "--schools", str(schools), "--on", "2021-08-10"
    )
    assert code == 0 and "允许 / allowed" in out
    full = example_record().student.student_number.reveal()
    assert full not in out  # masked (7.1, 8.2)


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("promote", *SAMPLE, "--to-school", "X"), "--to-school"),
        (("transfer", *SAMPLE), "--to-class"),
        (("fly", *SAMPLE), "fly"),
        (("suspend", *SAMPLE, "--advised-rest-months", "３"), "--advised-rest-months"),
    ],
)
def test_bad_arguments_exit_2_naming_the_flag(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], says: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["check", *argv])
    assert exit_.value.code == 2
    assert says in capsys.readouterr().err


def test_a_record_file_that_cannot_be_read_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "record.json"
    bad.write_text("{", encoding="utf-8")
    schools = tmp_path / "schools.json"
    schools.write_text("[]", encoding="utf-8")
    code, _out, err = run(capsys, "promote", "--record", str(bad), "--schools", str(schools))
    assert code == 2 and "record.json" in err


def test_help_text_never_cuts_a_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command's help, on a narrow terminal, wraps at spaces only: each space-separated word of
    every description and option help (a run of Chinese is one word) stands whole on one line."""
    import argparse

    from liangshan_xueji.cli.app import build_parser

    monkeypatch.setenv("COLUMNS", "48")
    parser = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for p in [parser, *sub.choices.values()]:
        lines = p.format_help().splitlines()
        texts = [p.description or "", p.epilog or ""]
        texts += [a.help for a in p._actions if isinstance(a.help, str) and "%" not in a.help]
        for text in texts:
            for word in text.split():
                assert any(word in line for line in lines), (p.prog, word)
