"""``xueji audit`` and ``xueji synth``: the example, formats, masking, processes, exit codes,
encodings, re-grouping, rejected rows and the progress bar."""

from __future__ import annotations

import collections
import csv
import io
import json
import random
import shutil
from pathlib import Path

import pytest

from liangshan_xueji.cli import app as cli
from liangshan_xueji.cli.audit import (
    FINDING_COLUMNS,
    _Progress,
    add_audit_parser,
    add_synth_parser,
    example_roster,
)
from liangshan_xueji.synth import read_truth, synthesize


def test_the_commands_are_wired() -> None:
    assert {add_audit_parser, add_synth_parser} <= set(cli._SUBCOMMANDS)


def xueji(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    synthesize(d, students=300, seed=77, breach_rate=0.02, story_rate=0.1)
    return d


def _truth(d: Path) -> collections.Counter[tuple[str, str, str]]:
    return collections.Counter(
        (t.clause, t.school_code, t.student_number) for t in read_truth(d / "truth.csv")
    )


def _keys(rows: list[dict[str, str]]) -> collections.Counter[tuple[str, str, str]]:
    return collections.Counter((r["clause"], r["school_code"], r["student"]) for r in rows)


# --------------------------------------------------------------------------------------------------
# The example


def test_audit_example_runs_the_main_job(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = xueji(capsys, "audit", "--example")
    assert code == 1
    assert "按条款 by clause" in out and "按县市 by county" in out and "按学校 by school" in out
    assert "2024-06-14" in out and "示例名册" in out
    with example_roster() as d:
        n = len(read_truth(d / "truth.csv"))
    assert f"发现 findings    {n}" in out
    assert "G513***" in out  # masked


def test_example_as_json_finds_the_truth(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = xueji(capsys, "audit", "--example", "--format", "json", "--reveal")
    assert code == 1
    data = json.loads(out)
    with example_roster() as d:
        assert _keys(data["findings"]) == _truth(d)
    assert data["summary"]["records_audited"] == 300
    assert data["as_of"] == "2024-06-14"
    assert set(data["findings"][0]) == set(FINDING_COLUMNS)
    assert "发现 findings" in err


def test_students_are_masked_unless_revealed(
    capsys: pytest.CaptureFixture[str], small: Path
) -> None:
    _, masked, _ = xueji(capsys, "audit", str(small), "--format", "csv")
    _, revealed, _ = xueji(capsys, "audit", str(small), "--format", "csv", "--reveal")
    numbers = [t.student_number for t in read_truth(small / "truth.csv") if t.student_number]
    assert numbers and not any(n in masked for n in numbers)
    assert all(n in revealed for n in numbers)
    rows = list(csv.DictReader(io.StringIO(revealed)))
    assert list(rows[0]) == list(FINDING_COLUMNS)
    assert _keys(rows) == _truth(small)


def test_jobs_give_the_same_output(capsys: pytest.CaptureFixture[str], small: Path) -> None:
    _, one, _ = xueji(capsys, "audit", str(small), "--format", "csv", "--reveal")
    _, two, _ = xueji(capsys, "audit", str(small), "--format", "csv", "--reveal", "--jobs", "2")
    assert one == two


def test_out_writes_a_file(capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path) -> None:
    target = tmp_path / "findings.json"
    code, out, _ = xueji(capsys, "audit", str(small), "--format", "json", "--out", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["summary"]["findings"] > 0
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]  # no temporary file left


def test_a_clean_roster_exits_zero(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    synthesize(tmp_path, students=250, seed=4, breach_rate=0, story_rate=0.1)
    # --national: the synthetic roster is made on the national calendar (synth.py).
    code, out, _ = xueji(capsys, "audit", str(tmp_path), "--national")
    assert code == 0
    assert "发现 findings    0" in out


# --------------------------------------------------------------------------------------------------
# Bad usage and input: exit 2


@pytest.mark.parametrize(
    "argv",
    [
        ["audit"],
        ["audit", "PATH", "--example"],
        ["audit", "--example", "--as-of", "2024-13-01"],
        ["audit", "--example", "--as-of", "2015-01-01"],
        ["audit", "--example", "--jobs", "0"],
        ["audit", "/no/such/roster"],
        ["audit", "--example", "--encoding", "klingon"],
        ["audit", "--example", "--format", "xml"],
        ["synth", "--students", "5", "--out", "/tmp/never-written-xueji"],
        ["audit", "--example", "--encoding", "utf-16"],  # was a UnicodeError traceback
        ["audit", "--example", "--encoding", "rot13"],  # was a LookupError traceback
        ["audit", "--example", "--out", "/no/such/dir/report.txt"],  # checked first
        ["audit", "--example", "--rejects", "/no/such/dir/rejects.csv"],
    ],
)
def test_bad_usage_exits_two(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    try:
        code, _, err = xueji(capsys, *argv)
    except SystemExit as exc:  # argparse's own errors
        code, err = int(exc.code or 0), capsys.readouterr().err
    assert code == 2
    assert err


def test_the_as_of_date_defaults_to_today_without_a_manifest(
    capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path
) -> None:
    d = tmp_path / "r"
    shutil.copytree(small, d)
    (d / "manifest.json").unlink()
    _, out, _ = xueji(capsys, "audit", str(d))
    assert "今天" in out and "today" in out


# --------------------------------------------------------------------------------------------------
# Encodings, grouping, rejected rows


def test_a_gb18030_roster(capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path) -> None:
    for name in ("roster.csv", "events.csv", "schools.csv", "manifest.json"):
        data = (small / name).read_text(encoding="utf-8")
        (tmp_path / name).write_bytes(data.encode("gb18030" if name.endswith(".csv") else "utf-8"))
    _, out, _ = xueji(capsys, "audit", str(tmp_path), "--format", "csv", "--reveal")
    assert _keys(list(csv.DictReader(io.StringIO(out)))) == _truth(small)
    _, table, _ = xueji(capsys, "audit", str(tmp_path))
    assert "roster.csv (gb18030)" in table


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_ungrouped_roster_is_regrouped(
    capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path, jobs: str
) -> None:
    for name in ("events.csv", "schools.csv", "manifest.json"):
        shutil.copy(small / name, tmp_path / name)
    lines = (small / "roster.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[1:]
    random.Random(2).shuffle(body)
    (tmp_path / "roster.csv").write_text("".join([lines[0], *body]), encoding="utf-8")
    code, out, err = xueji(
        capsys, "audit", str(tmp_path), "--format", "csv", "--reveal", "--jobs", jobs
    )
    assert code == 1
    assert "重新分组" in err and "re-grouping" in err
    assert _keys(list(csv.DictReader(io.StringIO(out)))) == _truth(small)


def test_rejected_rows_are_reported_and_the_audit_goes_on(
    capsys: pytest.CaptureFixture[str], small: Path, tmp_path: Path
) -> None:
    d = tmp_path / "r"
    shutil.copytree(small, d)
    lines = (small / "roster.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace("在校", "在读", 1)
    lines[9] = "a,b,c\n"
    (d / "roster.csv").write_text("".join(lines), encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    code, out, _ = xueji(capsys, "audit", str(d), "--rejects", str(rejects))
    assert code == 1
    assert "被拒绝的行 rejected rows" in out
    assert "roster.csv:6:" in out and "roster.csv:10:" in out
    assert "拒绝 rejected 2" in out and "审核 audited 298" in out
    with open(rejects, encoding="utf-8-sig", newline="") as f:  # BOM: Excel on Chinese Windows
        rows = list(csv.DictReader(f))
    assert [(r["file"], r["line"]) for r in rows if r["file"] == "roster.csv"] == [
        ("roster.csv", "6"),
        ("roster.csv", "10"),
    ]


# --------------------------------------------------------------------------------------------------
# Progress


def test_progress_bar_only_when_enabled_and_the_run_is_long(
    capsys: pytest.CaptureFixture[str],
) -> None:
    p = _Progress(True, lambda: (50, 100, 1000))
    p.update()  # under a second: nothing
    assert capsys.readouterr().err == ""
    p.start -= 5
    p.update()
    p.finish()
    err = capsys.readouterr().err
    assert "50.0%" in err and "1,000" in err
    q = _Progress(False, lambda: (50, 100, 1000))
    q.start -= 5
    q.update()
    q.finish()
    assert capsys.readouterr().err == ""


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], small: Path
) -> None:
    _, _, err = xueji(capsys, "audit", str(small))
    assert "\r" not in err


# --------------------------------------------------------------------------------------------------
# xueji synth


def test_synth_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = xueji(
        capsys, "synth", "--students", "220", "--seed", "3", "--out", str(tmp_path)
    )
    assert code == 0
    assert "220" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["roster.csv", "events.csv", "schools.csv", "truth.csv", "manifest.json"]
    )
    code, out, _ = xueji(capsys, "audit", str(tmp_path), "--format", "json", "--reveal")
    assert _keys(json.loads(out)["findings"]) == _truth(tmp_path)


@pytest.mark.clause("3.3", "1.2")
def test_no_cross_school_skips_only_the_prefecture_wide_duplicates(
    capsys: pytest.CaptureFixture[str], small: Path
) -> None:
    _, full, _ = xueji(capsys, "audit", str(small), "--format", "json", "--reveal")
    _, local, _ = xueji(
        capsys, "audit", str(small), "--format", "json", "--reveal", "--no-cross-school"
    )
    every = _keys(json.loads(full)["findings"])
    without = _keys(json.loads(local)["findings"])
    assert every == _truth(small)
    gone = every - without
    assert gone and {clause for clause, _, _ in gone} == {"3.3", "1.2"}
    assert not without - every


# --------------------------------------------------------------------------------------------------
# Findings a school can act on


def _example_students() -> dict[str, tuple[str, str]]:
    """The example roster's student number → (name, class)."""
    with example_roster() as d, open(d / "roster.csv", encoding="utf-8", newline="") as f:
        return {r["student_number"]: (r["name"], r["class_name"]) for r in csv.DictReader(f)}


@pytest.mark.clause("8.1", "8.2")
def test_each_finding_names_the_school_and_the_masked_student_with_grade_and_class(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A finding says where to look: the school's name beside its code, the student's masked name,
    grade and class; the table ends saying what exit 1 means and what to do next."""
    students = _example_students()
    code, out, _err = xueji(capsys, "audit", "--example")
    assert code == 1
    detail = [ln for ln in out.splitlines() if ln.startswith("  [")]
    assert detail and all(" · 5134" in ln for ln in detail)
    assert any("西昌市第1九年一贯制学校" in ln for ln in detail)
    names = [name for name, _cls in students.values()]
    assert not any(name in out for name in names if len(name) > 1)  # masked
    assert any("**" in ln and "年级" in ln and "班" in ln for ln in detail)
    assert "退出码 1" in out and "Exit 1" in out and "--reveal" in out.splitlines()[-1]
    code, csv_text, _err = xueji(capsys, "audit", "--example", "--format", "csv", "--reveal")
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    # the prefecture-wide duplicates (3.3, 1.2) cite the other record by file and line instead
    with_student = [r for r in rows if r["student"] and r["clause"] not in ("3.3", "1.2")]
    assert with_student and all(r["student_name"] and r["grade"] for r in with_student)
    for r in with_student:
        if r["student"] in students:  # not a cross-school finding about the other school's row
            assert (r["student_name"], r["class_name"]) == students[r["student"]]


@pytest.mark.parametrize(
    ("flag", "encoding", "bom"),
    [((), "utf-8-sig", True), (("--csv-encoding", "gb18030"), "gb18030", False)],
)
def test_csv_files_open_in_excel_on_chinese_windows(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    flag: tuple[str, ...],
    encoding: str,
    bom: bool,
) -> None:
    """A CSV written with --out (and --rejects) is UTF-8 with a BOM by default, or GB18030 on request."""
    out = tmp_path / "findings.csv"
    code, _out, _err = xueji(
        capsys, "audit", "--example", "--format", "csv", "--out", str(out), *flag
    )
    assert code == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    header = raw.decode(encoding).splitlines()[0]
    assert header.split(",")[:3] == ["clause", "clause_title", "severity"]
    assert "学校" not in header and "违规" in raw.decode(encoding)
