"""``xueji`` under attack: each reproducer of the probe as a test, and the
mutated-roster fuzzer (a fixed seed under the ``ci`` profile; ``HYPOTHESIS_PROFILE=thorough`` for long
runs).

What must hold, whatever the input: no traceback, an exit code of the documented ones (0 nothing found,
1 findings, 2 bad input — never the internal error 70), every error a bilingual line on stderr, and no
row vanishes (rows read = audited + rejected = a plain count of the CSV's rows).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from liangshan_xueji.cli import app as cli
from liangshan_xueji.cli.audit import example_roster
from liangshan_xueji.cli.output import EXIT_INTERNAL, csv_cell, terminal_text
from liangshan_xueji.io.roster import RosterInput


def xueji(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def bilingual(err: str) -> bool:
    """One ``xueji:`` line with Chinese before the English, and no traceback."""
    return (
        "Traceback" not in err
        and "xueji" in err
        and any("\u4e00" <= ch <= "\u9fff" for ch in err)
        and " / " in err
    )


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    with example_roster() as example:
        for name in ("roster.csv", "events.csv", "schools.csv", "manifest.json"):
            shutil.copy(example / name, d / name)
    return d


def copy(base: Path, tmp_path: Path) -> Path:
    d = tmp_path / "r"
    shutil.copytree(base, d)
    return d


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def set_cell(path: Path, column: str, line: int, value: str) -> None:
    rows = rows_of(path)
    rows[line - 1][rows[0].index(column)] = value
    write_rows(path, rows)


# --------------------------------------------------------------------------------------------------
# Item 2: a mistyped path never destroys an input; outputs are checked before the audit


@pytest.mark.parametrize("option", ["--out", "--rejects"])
@pytest.mark.parametrize("name", ["roster.csv", "events.csv", "schools.csv", "manifest.json"])
def test_an_output_onto_an_input_is_refused_and_the_input_kept(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, option: str, name: str
) -> None:
    d = copy(base, tmp_path)
    before = (d / name).read_bytes()
    code, out, err = xueji(capsys, "audit", str(d), option, str(d / name))
    assert code == 2 and bilingual(err) and option in err
    assert (d / name).read_bytes() == before
    assert out == ""  # refused before the audit ran: no report


def test_an_output_that_is_a_hard_link_to_the_roster_is_refused(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    d = copy(base, tmp_path)
    link = tmp_path / "alias.csv"
    os.link(d / "roster.csv", link)
    before = link.read_bytes()
    code, _, err = xueji(capsys, "audit", str(d), "--out", str(link))
    assert code == 2 and bilingual(err)
    assert link.read_bytes() == before and os.path.samefile(link, d / "roster.csv")


def test_a_new_file_in_the_input_directory_that_would_be_read_is_refused(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    d = copy(base, tmp_path)
    (d / "events.csv").unlink()  # the report would become the events file of the next run
    code, _, err = xueji(capsys, "audit", str(d), "--out", str(d / "events.csv"))
    assert code == 2 and bilingual(err)
    assert not (d / "events.csv").exists()


def test_a_symlink_is_never_followed(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "report.txt"
    link.symlink_to(victim)
    for option in ("--out", "--rejects"):
        code, _, err = xueji(capsys, "audit", str(base), option, str(link))
        assert code == 2 and bilingual(err) and "符号链接" in err and "symbolic link" in err
    assert link.is_symlink() and victim.read_text(encoding="utf-8") == "keep me"


def test_a_pipe_or_device_is_not_replaced(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    code, _, err = xueji(capsys, "audit", str(base), "--out", str(fifo))
    assert code == 2 and bilingual(err)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.parametrize(
    "where",
    [
        "missing/report.txt",  # a missing directory
        "afile/report.txt",  # a "directory" that is a file
        ".",  # a directory itself
    ],
)
def test_an_unwritable_out_is_exit_two_before_the_audit(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, where: str
) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    code, out, err = xueji(capsys, "audit", str(base), "--out", str(tmp_path / where))
    assert code == 2 and bilingual(err) and "--out" in err
    assert out == "" and "xueji audit:" not in err  # no audit summary: nothing ran


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory")
def test_a_read_only_directory_is_refused(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:  # pragma: no cover - CI runs as root here
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        code, _, err = xueji(capsys, "audit", str(base), "--out", str(ro / "x.txt"))
    finally:
        ro.chmod(0o755)
    assert code == 2 and bilingual(err)


def test_out_and_rejects_cannot_be_one_file(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    same = str(tmp_path / "same.csv")
    code, _, err = xueji(capsys, "audit", str(base), "--out", same, "--rejects", same)
    assert code == 2 and bilingual(err)


def test_outputs_are_private_and_replace_atomically(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    d = copy(base, tmp_path)
    set_cell(d / "roster.csv", "status", 3, "在读")
    out, rejects = tmp_path / "report.json", tmp_path / "rejects.csv"
    rejects.write_text("old", encoding="utf-8")
    rejects.chmod(0o644)
    code, _, _ = xueji(
        capsys, "audit", str(d), "--format", "json", "--out", str(out), "--rejects", str(rejects)
    )
    assert code == 1
    for f in (out, rejects):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    assert rejects.read_text(encoding="utf-8-sig").startswith("file,line,")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r", "rejects.csv", "report.json"]


def test_a_full_disk_on_stdout_is_a_bilingual_error(base: Path) -> None:
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "liangshan_xueji.cli", "audit", str(base)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(cli.__file__).parents[1])},
            timeout=60,
        )
    assert done.returncode == 2 and bilingual(done.stderr)
    assert "No space left" in done.stderr


def test_a_write_error_of_the_out_file_is_exit_two_and_leaves_no_file(
    capsys: pytest.CaptureFixture[str],
    base: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    real = os.fsync

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "report.txt"
    code, _, err = xueji(capsys, "audit", str(base), "--out", str(target))
    monkeypatch.setattr(os, "fsync", real)
    assert code == 2 and bilingual(err) and "No space left" in err
    assert list(tmp_path.iterdir()) == []


def test_synth_out_onto_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    f = tmp_path / "afile"
    f.write_text("keep", encoding="utf-8")
    code, _, err = xueji(capsys, "synth", "--students", "300", "--out", str(f))
    assert code == 2 and bilingual(err)
    assert f.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads an unreadable directory")
def test_an_unreadable_roster_directory(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:  # pragma: no cover - CI runs as root here
    d = copy(base, tmp_path)
    d.chmod(0)
    try:
        code, _, err = xueji(capsys, "audit", str(d))
    finally:
        d.chmod(0o755)
    assert code == 2 and bilingual(err)


def test_an_unreadable_roster_file_is_exit_two(
    capsys: pytest.CaptureFixture[str],
    base: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As root nothing is unreadable: an ``open`` refused by the OS is simulated."""
    import builtins

    d = copy(base, tmp_path)
    real_open = builtins.open

    def refusing(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("roster.csv"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(builtins, "open", refusing)
    code, _, err = xueji(capsys, "audit", str(d))
    monkeypatch.setattr(builtins, "open", real_open)
    assert code == 2 and bilingual(err) and "Permission denied" in err


# --------------------------------------------------------------------------------------------------
# Item 4: formula injection and terminal control sequences


PAYLOADS = ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1"]


def test_csv_cell_neutralises_every_formula_start() -> None:
    for p in PAYLOADS:
        assert csv_cell(p) == "'" + p
    assert csv_cell("西昌市") == "西昌市" and csv_cell("") == "" and csv_cell(3) == "3"


def test_school_names_cannot_inject_formulas_into_the_findings_csv(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(d / "schools.csv")
    i = rows[0].index("name")
    for n, row in enumerate(rows[1:]):
        row[i] = PAYLOADS[n % len(PAYLOADS)]
    write_rows(d / "schools.csv", rows)
    rejects = tmp_path / "rejects.csv"
    set_cell(d / "roster.csv", "status", 2, "=cmd|' /C calc'!A0")
    code, out, _ = xueji(capsys, "audit", str(d), "--format", "csv", "--rejects", str(rejects))
    assert code == 1
    for text in (out, rejects.read_text(encoding="utf-8-sig")):
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        assert cells
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    names = {row["school_name"] for row in csv.DictReader(io.StringIO(out))}
    assert names and all(n.startswith("'") for n in names)


def test_terminal_text_strips_control_sequences() -> None:
    assert terminal_text("a\x1b[2J\nb\rc\u202ed\x85e\x00") == "a[2J b cd e "


def test_a_school_name_cannot_fake_a_line_of_the_table(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(d / "schools.csv")
    i = rows[0].index("name")
    for row in rows[1:]:
        row[i] = "x\x1b[2J\r\n发现 findings    0"
    write_rows(d / "schools.csv", rows)
    code, out, _ = xueji(capsys, "audit", str(d))
    assert code == 1
    assert "\x1b" not in out and "\r" not in out
    assert [ln for ln in out.splitlines() if ln.startswith("发现 findings")] == [
        next(ln for ln in out.splitlines() if ln.startswith("发现 findings"))
    ]
    assert not any(ln.startswith("发现 findings    0") for ln in out.splitlines())
    # A bidirectional control never reaches the table: the schema refuses such a name (a rejected row).
    for row in rows[1:]:
        row[i] = "x\u202e学校"
    write_rows(d / "schools.csv", rows)
    code, out, err = xueji(capsys, "audit", str(d), "--format", "json")
    assert "\u202e" not in out + err
    assert json.loads(out)["summary"]["schools_rejected"] > 0


# --------------------------------------------------------------------------------------------------
# Item 5: crashes become bilingual errors (exit 2) or rejected rows (exit 1), never a traceback


@pytest.mark.parametrize("value", ["²", "9" * 5000, "٣", "３"])
def test_unicode_and_huge_digits_in_the_grade(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, value: str
) -> None:
    d = copy(base, tmp_path)
    set_cell(d / "roster.csv", "grade", 2, value)
    code, out, err = xueji(capsys, "audit", str(d), "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    assert data["summary"]["rows_rejected"] == 1
    assert data["rejected"][0]["line"] == 2 and data["rejected"][0]["column_name"] == "grade"


@pytest.mark.parametrize("value", ["²", "9" * 5000])
def test_unicode_digits_in_the_class_size_limit_and_extensions(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, value: str
) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(d / "roster.csv")
    h = rows[0]
    line = next(n for n, r in enumerate(rows) if r[h.index("status")] == "休学")
    rows[line][h.index("suspension_extensions")] = value
    write_rows(d / "roster.csv", rows)
    schools = rows_of(d / "schools.csv")
    other = next(  # a school other than the suspended student's (its rows would go with it)
        n for n, r in enumerate(schools[1:], start=2) if r[0] != rows[line][h.index("school_code")]
    )
    set_cell(d / "schools.csv", "class_size_limit", other, value)
    code, out, err = xueji(capsys, "audit", str(d), "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    assert data["summary"]["schools_rejected"] == 1
    assert any(r["column_name"] == "suspension_extensions" for r in data["rejected"])


@pytest.mark.parametrize(
    "details",
    ["[" * 100_000 + "]" * 100_000, "[" * 5_000 + "]" * 5_000, '{"a": ' + "9" * 5000 + "}"],
)
def test_deep_or_huge_json_in_the_events_details(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, details: str
) -> None:
    d = copy(base, tmp_path)
    set_cell(d / "events.csv", "details", 2, details)
    code, out, err = xueji(capsys, "audit", str(d), "--format", "json")
    assert code in (1, 2) and "Traceback" not in err
    if code == 2:  # the CSV field limit: a bilingual error
        assert bilingual(err)
    else:
        assert json.loads(out)["summary"]["events_rejected"] >= 1


def _jsonl(base: Path, tmp_path: Path, lines: list[str]) -> Path:
    """A JSONL roster of 20 records of ``base``, then ``lines``."""
    from liangshan_xueji.io.roster import RosterReader, RowParser, write_jsonl

    records = []
    with RosterReader(RosterInput.from_path(base)) as reader:
        parser = RowParser(reader.specs)
        for block in reader.blocks():
            records += parser.parse_block(block)[0]
    d = tmp_path / "j"
    d.mkdir()
    shutil.copy(base / "schools.csv", d / "schools.csv")
    write_jsonl(d / "roster.jsonl", records[:20])
    text = (d / "roster.jsonl").read_text(encoding="utf-8").rstrip("\n")
    if "LONE" in lines:  # a valid record named by a lone surrogate (escaped: the file is UTF-8)
        data = json.loads(text.split("\n")[0])
        data["student"]["name"] = "\ud800"
        lines = [json.dumps(data) if ln == "LONE" else ln for ln in lines]
    (d / "roster.jsonl").write_text("\n".join([text, *lines]) + "\n", encoding="utf-8")
    return d


@pytest.mark.parametrize(
    "line",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"school_code": "5134010001", "x": ' + "[" * 3000 + "]" * 3000 + "}",
        '{"school_code": "5134010001", "n": ' + "9" * 5000 + "}",
        "LONE",
    ],
)
def test_hostile_jsonl_rows_are_rejected(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path, line: str
) -> None:
    d = _jsonl(base, tmp_path, [line])
    code, out, err = xueji(capsys, "audit", str(d), "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    assert data["summary"]["rows_read"] == 21 and data["summary"]["rows_rejected"] == 1
    out.encode("utf-8")  # nothing unwritable reached the output


@pytest.mark.parametrize("encoding", ["rot13", "utf-16", "utf-32", "klingon"])
def test_encodings_that_cannot_read_a_roster(
    capsys: pytest.CaptureFixture[str], base: Path, encoding: str
) -> None:
    code, _, err = xueji(capsys, "audit", str(base), "--encoding", encoding)
    assert code == 2 and bilingual(err) and "--encoding" in err


def test_a_provisional_deadline_past_2100_is_a_bilingual_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # No traceback: exit 3, the documented code of missing holiday data, and a message that says the
    # estimate cannot be made (it does not tell the user to ask for --provisional again).
    code, _, err = xueji(capsys, "deadline", "2100-12-20", "--provisional")
    assert code == 3 and bilingual(err) and "210" in err and "无法推算" in err


def test_form_record_with_deep_json_or_a_lone_surrogate(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from liangshan_xueji import examples
    from liangshan_xueji.records.serialization import to_json

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    data = json.loads(to_json(examples.example_record()))
    data["student"]["name"] = "\ud800"
    lone = tmp_path / "lone.json"
    lone.write_text(json.dumps(data), encoding="utf-8")  # ASCII: the surrogate as \ud800
    for record in (deep, lone):
        code, out, err = xueji(capsys, "form", "F3", "--record", str(record), "--format", "md")
        assert code == 2 and bilingual(err), err
        assert out == ""


def test_an_internal_error_has_its_own_exit_code(
    capsys: pytest.CaptureFixture[str], base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liangshan_xueji.cli import audit as _cli_audit

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("513401201105201223 吉克阿依")  # a message quoting personal data

    monkeypatch.setattr(_cli_audit, "audit_roster", broken)
    code, _, err = xueji(capsys, "audit", str(base))
    assert code == EXIT_INTERNAL == 70
    assert bilingual(err) and "ZeroDivisionError" in err
    assert "513401201105201223" not in err and "吉克阿依" not in err


# --------------------------------------------------------------------------------------------------
# Item 7: one bad UTF-8 byte rejects its row, not the file; transfer_to_class may be empty


def test_one_bad_utf8_byte_rejects_one_row(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    d = copy(base, tmp_path)
    lines = (d / "roster.csv").read_bytes().split(b"\n")
    with_events = {e[1] for e in rows_of(d / "events.csv")[1:]}
    # a student without events (a rejected row's events would be rejected with it)
    at = next(
        i for i in range(50, len(lines)) if lines[i].split(b",")[1].decode() not in with_events
    )
    lines[at] += b"\xff"
    (d / "roster.csv").write_bytes(b"\n".join(lines))
    code, out, _ = xueji(capsys, "audit", str(d), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert "roster.csv (utf-8)" in data["input"]
    assert data["summary"]["rows_rejected"] == 1 and data["rejected"][0]["line"] == at + 1


def test_an_empty_transfer_to_class_is_rejected_as_documented(
    capsys: pytest.CaptureFixture[str], base: Path, tmp_path: Path
) -> None:
    """docs/audit.md gave ``transfer_to_class`` a default; the reader rejects it empty. The reader is
    right (2.1.5 keeps the grade, not the class; 附表1 and TransferWorkflow need the receiving class):
    the doc now says it is required with a transfer."""
    d = copy(base, tmp_path)
    rows = rows_of(d / "roster.csv")
    h = rows[0]
    line = next(n for n, r in enumerate(rows[1:], start=1) if r[h.index("transfer_to_school")])
    rows[line][h.index("transfer_to_class")] = ""
    write_rows(d / "roster.csv", rows)
    code, out, _ = xueji(capsys, "audit", str(d), "--format", "json")
    data = json.loads(out)
    assert code == 1
    bad = [r for r in data["rejected"] if r["file"] == "roster.csv"]
    assert [(r["line"], r["column_name"]) for r in bad] == [(line + 1, "transfer_to_class")]
    doc = (Path(__file__).parents[1] / "docs" / "audit.md").read_text(encoding="utf-8")
    row = next(ln for ln in doc.splitlines() if ln.startswith("| `transfer_to_class`"))
    assert "required with a transfer" in row and "default:" not in row


# --------------------------------------------------------------------------------------------------
# The mutated-roster fuzzer (the probe's 6,600 mutated rosters, as a property)

HOSTILE = [
    "",
    " ",
    "²",
    "٣",
    "９",
    "9" * 5000,
    '=HYPERLINK("x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\x1b[2J",
    "a\nb",
    "\u202e",
    "\u200b",
    '"',
    "在读",
    "2024-02-30",
    "51340120110520122X",
]

MUTATION = st.tuples(
    st.sampled_from(["roster.csv", "roster.csv", "events.csv", "schools.csv"]),
    st.sampled_from(["cell", "drop", "insert", "header", "duplicate", "byte", "blank"]),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    st.one_of(st.sampled_from(HOSTILE), st.text(max_size=12)),
)


def _plain_count(path: Path) -> int:
    """The rows of a CSV file after its header, counted by the standard library (blank lines not)."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        return sum(1 for row in csv.reader(f) if row) - 1


def _mutate(d: Path, mutations: list[tuple[str, str, int, int, str]]) -> None:
    for name in sorted({m[0] for m in mutations}):
        _mutate_file(d / name, [m[1:] for m in mutations if m[0] == name])


def _mutate_file(path: Path, mutations: list[tuple[str, int, int, str]]) -> None:
    rows = rows_of(path)
    extra: list[tuple[int, bytes]] = []
    for kind, a, b, text in mutations:
        r = 1 + a % (len(rows) - 1)
        c = b % max(len(rows[r]), 1)
        if kind == "cell" and rows[r]:
            rows[r][c] = text
        elif kind == "drop" and rows[r]:
            del rows[r][c]
        elif kind == "insert":
            rows[r].insert(c, text)
        elif kind == "header":
            c, c2 = b % len(rows[0]), a % len(rows[0])
            rows[0][c], rows[0][c2] = rows[0][c2], rows[0][c]
        elif kind == "duplicate":
            rows.insert(r, list(rows[r]))
        elif kind == "byte":
            extra.append((r, bytes([0x80 + b % 0x80])))
        else:
            rows.insert(r, [])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    data = buf.getvalue().encode("utf-8", errors="surrogatepass")
    for _, byte in extra:
        cut = data.find(b"\n", len(data) // 2)
        data = data[: cut + 1] + byte + data[cut + 1 :]
    path.write_bytes(data)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(mutations=st.lists(MUTATION, min_size=1, max_size=6))
def test_mutated_rosters_never_crash_and_lose_no_row(
    capsys: pytest.CaptureFixture[str],
    base: Path,
    tmp_path_factory: pytest.TempPathFactory,
    mutations: list[tuple[str, str, int, int, str]],
) -> None:
    d = tmp_path_factory.mktemp("fuzz")
    shutil.rmtree(d)
    shutil.copytree(base, d)
    _mutate(d, mutations)
    rejects = d.parent / f"{d.name}-rejects.csv"
    code, out, err = xueji(capsys, "audit", str(d), "--format", "json", "--rejects", str(rejects))
    event(f"exit {code}")
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert bilingual(err)
        return
    summary = json.loads(out)["summary"]
    assert summary["rows_read"] == summary["records_audited"] + summary["rows_rejected"]
    assert summary["rows_read"] == _plain_count(d / "roster.csv")
    assert stat.S_IMODE(rejects.stat().st_mode) == 0o600


def test_the_docs_list_every_exit_code() -> None:
    from liangshan_xueji.cli import output as _cli_output

    codes = {v for k, v in vars(_cli_output).items() if k.startswith("EXIT_")}
    assert codes == {0, 1, 2, 3, 70, 130, 143}
    root = Path(__file__).parents[1]
    audit = (root / "docs" / "audit.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    epilog = cli.build_parser().epilog or ""
    for code in codes:
        assert f"| {code} |" in audit
        assert f"| {code} " in readme or f" {code} |" in readme
        assert f"{code} " in epilog


def test_form_out_is_checked_first_private_and_never_an_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from liangshan_xueji import examples
    from liangshan_xueji.records.serialization import to_json

    record = tmp_path / "record.json"
    record.write_text(to_json(examples.example_record()), encoding="utf-8")
    before = record.read_bytes()
    code, _, err = xueji(capsys, "form", "F3", "--record", str(record), "--out", str(record))
    assert code == 2 and bilingual(err) and record.read_bytes() == before
    link = tmp_path / "f3.html"
    link.symlink_to(tmp_path / "elsewhere.html")
    code, _, err = xueji(capsys, "form", "F3", "--example", "--out", str(link))
    assert code == 2 and bilingual(err) and not (tmp_path / "elsewhere.html").exists()
    target = tmp_path / "f3b.html"
    code, _, _ = xueji(capsys, "form", "F3", "--example", "--out", str(target))
    assert code == 0 and stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.fixture(scope="module")
def jsonl_base(base: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _jsonl(base, tmp_path_factory.mktemp("jsonl"), [])


JSON_VALUE = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(["\ud800", "a\udfffb", "\ud83d"]),  # lone surrogates: valid JSON, not text
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, 19),
            st.booleans(),
            st.one_of(st.sampled_from(["school_code", "class_name"]), st.integers(0, 100)),
            JSON_VALUE,
        ),
        min_size=1,
        max_size=4,
    ),
    ascii_only=st.booleans(),
)
def test_mutated_jsonl_rosters_never_crash_and_lose_no_row(
    capsys: pytest.CaptureFixture[str],
    jsonl_base: Path,
    tmp_path_factory: pytest.TempPathFactory,
    edits: list[tuple[int, bool, str | int, object]],
    ascii_only: bool,
) -> None:
    """The probe's 726 JSONL rosters with odd Unicode: a value of a record (or of its student) replaced
    by a hostile one, written escaped or raw."""
    d = tmp_path_factory.mktemp("jfuzz")
    shutil.rmtree(d)
    shutil.copytree(jsonl_base, d)
    lines = (d / "roster.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(ln) for ln in lines]
    for i, nested, k, value in edits:
        target = records[i]["student"] if nested and isinstance(k, int) else records[i]
        if not isinstance(target, dict) or not target:  # the student was replaced by an edit
            continue
        key = k if isinstance(k, str) else sorted(target)[k % len(target)]
        target[key] = value
    text = "\n".join(json.dumps(r, ensure_ascii=ascii_only) for r in records) + "\n"
    (d / "roster.jsonl").write_bytes(text.encode("utf-8", errors="surrogatepass"))
    code, out, err = xueji(capsys, "audit", str(d), "--format", "json")
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert bilingual(err)
        return
    out.encode("utf-8")  # nothing unwritable reached the output
    report = json.loads(out)
    summary = report["summary"]
    assert summary["rows_read"] == summary["records_audited"] + summary["rows_rejected"] == 20
    lone = {n for n, r in enumerate(records, start=1) if _has_lone_surrogate(r)}
    assert lone <= {r["line"] for r in report["rejected"] if r["file"] == "roster.jsonl"}


def _has_lone_surrogate(value: object) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
