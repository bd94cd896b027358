"""No personal data in any output without ``--reveal`` (clauses 7.1, 8.2).

Every output of the audit (table, JSON, CSV, ``--rejects``, stdout and stderr) and the stderr of the
forms, on a known roster and on the same roster with a mislabelled header and with shifted cells (which
put ID numbers, names and addresses into columns whose bad cells are echoed), is searched for the full ID
numbers, student numbers, names, addresses and phone numbers of the roster: none may appear. With
``--reveal`` the same search finds them (the search works).

A form's document itself (附表1–3 printed for the student) carries the student's data: that is what it
is for. Its explanation on stderr is masked, and a form written with ``--out`` is created 0600.
"""

from __future__ import annotations

import csv
import json
import shutil
import stat
from pathlib import Path

import pytest

from liangshan_xueji.cli import app as cli
from liangshan_xueji.cli.audit import example_roster

PERSONAL = (
    "student_number",
    "identity_number",
    "name",
    "address",
    "guardian1_name",
    "guardian2_name",
    "guardian1_phone",
    "guardian2_phone",
)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("privacy")
    with example_roster() as src:
        for name in ("roster.csv", "events.csv", "schools.csv", "manifest.json"):
            shutil.copy(src / name, d / name)
    return d


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _secrets(roster: Path) -> set[str]:
    rows = _rows(roster)
    h = rows[0]
    return {r[h.index(c)] for r in rows[1:] for c in PERSONAL if len(r[h.index(c)]) >= 2}


def _variant(example: Path, tmp_path: Path, kind: str) -> Path:
    d = tmp_path / kind
    shutil.copytree(example, d)
    rows = _rows(d / "roster.csv")
    h = rows[0]
    if kind == "mislabelled":  # every personal column's label moved one place to the left
        a, b = h.index("student_number"), h.index("status")
        rows[0] = h[:a] + h[a + 1 : b] + [h[a]] + h[b:]
    elif kind == "shifted":  # an extra cell early in each row: the rest slide right
        for i, r in enumerate(rows[1:]):
            r.insert(1 + i % 9, "")
            r.pop()
    elif kind == "swapped":  # school_code and student_number exchanged
        a, b = h.index("school_code"), h.index("student_number")
        h[a], h[b] = h[b], h[a]
    with open(d / "roster.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return d


def _audit_outputs(
    capsys: pytest.CaptureFixture[str], roster: Path, tmp_path: Path, *extra: str
) -> dict[str, str]:
    """Every output of ``xueji audit`` on ``roster``: each format to stdout and to --out, --rejects."""
    texts: dict[str, str] = {}
    for fmt in ("table", "json", "csv"):
        code, out, err = _run(capsys, "audit", str(roster), "--format", fmt, *extra)
        assert code in (0, 1), err
        texts[f"{fmt} stdout"], texts[f"{fmt} stderr"] = out, err
        target, rejects = tmp_path / f"out.{fmt}", tmp_path / f"rejects.{fmt}.csv"
        code, out, err = _run(
            capsys,
            "audit",
            str(roster),
            "--format",
            fmt,
            "--out",
            str(target),
            "--rejects",
            str(rejects),
            *extra,
        )
        assert code in (0, 1), err
        texts[f"{fmt} --out"] = target.read_text(encoding="utf-8-sig")
        texts[f"{fmt} --rejects"] = rejects.read_text(encoding="utf-8-sig")
        texts[f"{fmt} --out stdout+stderr"] = out + err
        for f in (target, rejects):
            assert stat.S_IMODE(f.stat().st_mode) == 0o600
    return texts


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _leaks(texts: dict[str, str], secrets: set[str]) -> dict[str, list[str]]:
    found = {name: sorted(s for s in secrets if s in text) for name, text in texts.items()}
    return {name: hits[:5] for name, hits in found.items() if hits}


@pytest.mark.clause("7.1", "8.2")
@pytest.mark.parametrize("kind", ["as is", "mislabelled", "shifted", "swapped"])
def test_no_output_of_the_audit_holds_personal_data_without_reveal(
    capsys: pytest.CaptureFixture[str], example: Path, tmp_path: Path, kind: str
) -> None:
    roster = example if kind == "as is" else _variant(example, tmp_path, kind)
    secrets = _secrets(example / "roster.csv")
    texts = _audit_outputs(capsys, roster, tmp_path)
    if kind != "as is":  # the variants really are rejected row by row, each cell echoed
        assert json.loads(texts["json stdout"])["summary"]["rows_rejected"] > 100
    assert _leaks(texts, secrets) == {}


@pytest.mark.clause("7.1", "8.2")
def test_reveal_shows_them_so_the_search_works(
    capsys: pytest.CaptureFixture[str], example: Path, tmp_path: Path
) -> None:
    secrets = _secrets(example / "roster.csv")
    texts = _audit_outputs(capsys, example, tmp_path, "--reveal")
    leaks = _leaks(texts, secrets)
    assert {"table stdout", "json stdout", "csv stdout", "csv --out"} <= set(leaks)


@pytest.mark.clause("7.1", "8.2")
@pytest.mark.parametrize("form", ["F1", "F2", "F3"])
@pytest.mark.parametrize("fmt", ["html", "md", "txt"])
def test_forms_explain_without_personal_data_and_write_private_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str, fmt: str
) -> None:
    from liangshan_xueji import examples

    record = examples.example_record()
    person = record.student
    secrets = {
        str(person.identity_number.value),
        str(person.student_number.value),
        person.name,
        person.address,
        *(g.name for g in person.guardians),
        *(g.phone for g in person.guardians if g.phone),
    }
    target = tmp_path / f"{form}.{fmt}"
    code, out, err = _run(capsys, "form", form, "--example", "--format", fmt, "--out", str(target))
    assert code in (0, 1)
    assert _leaks({"stdout": out, "stderr": err}, secrets) == {}
    if target.exists():
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        document = target.read_text(encoding="utf-8")
        assert person.name in document  # the form is the student's: the search works on it


@pytest.mark.clause("7.1", "8.2")
def test_mask_cell_masks_numbers_words_and_length() -> None:
    from liangshan_xueji.records._privacy import echo_cell, mask_cell

    assert mask_cell("513401201105201223") == "5134**********1223"
    assert mask_cell("G51340120170201002X") == "G513***********002X"
    assert mask_cell("吉克阿依") == "吉***"
    assert mask_cell("西昌市竹核乡17村1组").startswith("西*****")
    assert mask_cell("13900000001") == "1390***0001"
    assert mask_cell("2024-13-01") == "2024-13-01"  # a bad date stays readable
    assert mask_cell("x" * 100) == "x" + "*" * 23 + "…"
    assert echo_cell("吉克阿依") == "'吉***'"
