"""Reading rosters: encodings, headers, bad rows with file/line/column, events, grouping and
re-grouping, JSONL, and the fast path's equivalence with the models' own validation."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import shutil
import tempfile
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liangshan_xueji.errors import InvalidInput
from liangshan_xueji.io import roster as roster_mod
from liangshan_xueji.io.roster import (
    ROSTER_COLUMNS,
    SCHOOL_COLUMNS,
    Column,
    Rejected,
    RosterInput,
    RosterNotGrouped,
    RosterReader,
    RosterWriter,
    RowParser,
    detect_encoding,
    fast_identity,
    read_schools,
    register_column,
    split_line,
    write_jsonl,
)
from liangshan_xueji.records import schema as schema_mod
from liangshan_xueji.records.findings import is_plain
from liangshan_xueji.records.models import IdentityNumber, Record, Sex
from liangshan_xueji.synth import synthesize


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("roster")
    synthesize(d, students=300, seed=42, breach_rate=0.02, story_rate=0.15)
    return d


def copy(base: Path, tmp: Path) -> Path:
    d = tmp / "r"
    shutil.copytree(base, d)
    return d


def parse(d: Path | RosterInput, **kw: object) -> tuple[list[Record], list[Rejected], RosterReader]:
    source = d if isinstance(d, RosterInput) else RosterInput.from_path(d)
    rejected: list[Rejected] = []
    reader = RosterReader(source, on_reject=rejected.append, **kw)  # type: ignore[arg-type]
    parser = RowParser(reader.specs)
    records: list[Record] = []
    with reader:
        for block in reader.blocks():
            got, bad = parser.parse_block(block)
            records += got
            rejected += bad
    return records, rejected, reader


def rows_of(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))


# --------------------------------------------------------------------------------------------------
# Round trips and oracles


def test_the_synthetic_roster_reads_without_a_rejected_row(base: Path) -> None:
    records, rejected, reader = parse(base)
    assert rejected == []
    assert len(records) == reader.rows_read == 300
    assert reader.events_read > 50
    assert sum(bool(r.history) for r in records) > 30
    assert all(r.student.guardians for r in records)


def test_the_fast_csv_path_equals_the_validated_jsonl_path(base: Path, tmp_path: Path) -> None:
    """The CSV reader assembles records without re-running validators; the JSONL reader builds them
    through cattrs and every validator. Both must give equal records."""
    records, _, _ = parse(base)
    write_jsonl(tmp_path / "roster.jsonl", records)
    shutil.copy(base / "schools.csv", tmp_path / "schools.csv")
    again, rejected, _ = parse(tmp_path)
    assert rejected == []
    assert again == records


def test_writer_and_reader_round_trip(base: Path, tmp_path: Path) -> None:
    records, _, _ = parse(base)
    with RosterWriter(tmp_path) as w:
        for r in records:
            w.write(r)
    shutil.copy(base / "schools.csv", tmp_path / "schools.csv")
    again, rejected, _ = parse(tmp_path)
    assert rejected == [] and again == records
    assert any(r.transfer for r in again) and any(r.suspension for r in again)


# --------------------------------------------------------------------------------------------------
# Encodings and headers


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_encodings_are_detected(base: Path, tmp_path: Path, encoding: str) -> None:
    d = copy(base, tmp_path)
    for name in ("roster.csv", "events.csv", "schools.csv"):
        text = (base / name).read_text(encoding="utf-8")
        (d / name).write_bytes(text.encode(encoding))
    assert detect_encoding(d / "roster.csv") == encoding
    want, _, _ = parse(base)
    got, rejected, reader = parse(d)
    assert rejected == [] and got == want
    assert set(reader.encodings.values()) == {encoding}
    explicit, rejected2, _ = parse(RosterInput.from_path(d, encoding=encoding))
    assert rejected2 == [] and explicit == want


def test_a_wrong_encoding_rejects_rows_but_does_not_stop(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    text = (base / "roster.csv").read_text(encoding="utf-8")
    (d / "roster.csv").write_bytes(text.encode("gb18030"))
    (d / "events.csv").unlink()
    records, rejected, reader = parse(RosterInput.from_path(d, encoding="utf-8"))
    # ASCII header and codes decode; rows with Chinese text are rejected, each with its column
    assert reader.rows_read == 300 and records == []
    roster = [r for r in rejected if r.file == "roster.csv"]
    assert len(roster) == 300
    assert all(r.column for r in roster)


def test_chinese_headers_any_column_order_and_unknown_columns(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(base / "roster.csv")
    zh = {c.name: c.zh for c in ROSTER_COLUMNS}
    order = list(range(len(rows[0])))
    random.Random(1).shuffle(order)
    header = [zh[rows[0][i]] for i in order] + ["备注"]
    write_rows(d / "roster.csv", [header] + [[r[i] for i in order] + ["x"] for r in rows[1:]])
    want, _, _ = parse(base)
    got, rejected, reader = parse(d)
    assert rejected == [] and got == want
    assert reader.unknown_columns == {"roster.csv": ["备注"]}


def test_a_missing_required_column_makes_the_file_unreadable(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(base / "roster.csv")
    i = rows[0].index("status")
    write_rows(d / "roster.csv", [r[:i] + r[i + 1 :] for r in rows])
    with pytest.raises(InvalidInput) as info:
        parse(d)
    assert "status" in str(info.value) and "roster.csv:1" in str(info.value)


# --------------------------------------------------------------------------------------------------
# Bad rows: file, line, column; the reading goes on


def _first_plain(rows: list[list[str]], col: str, stage: str = "小学") -> int:
    h = rows[0]
    for n, r in enumerate(rows[1:], start=1):
        if (
            r[h.index("stage")] == stage
            and not r[h.index("transfer_to_school")]
            and r[h.index("status")] == "在校"
        ):
            return n
    raise AssertionError


def _flip_check(v: str) -> str:
    return v[:17] + ("0" if v[17] != "0" else "1")


BAD_CELLS = [
    ("identity_number", _flip_check, "校验码"),  # the G number is changed alike
    ("student_number", lambda v: "X" + v[1:], "G、L 或 J"),
    ("name", lambda v: "  ", "姓名"),
    ("status", lambda v: "在读", "不是学籍状态"),
    ("enrolled_on", lambda v: "2023-02-30", "入学日期无效"),
    ("birth_date", lambda v: "2001-01-01", "出生日期与身份证号"),
    ("sex", lambda v: "女" if v == "男" else "男", "性别与身份证号"),
    ("grade", lambda v: "7", "不存在的年级"),
    ("stage", lambda v: "大学", "不是学段"),
    ("school_code", lambda v: "9999999999", "不在学校表中"),
    ("guardian1_name", lambda v: "", "称谓和姓名"),
    ("transfer_due", lambda v: "2024-01-01", "未填转入学校代码"),
    ("suspension_ends_on", lambda v: "2024-13-01", "休学日期无效"),  # reported at the start
    ("class_name", lambda v: "", "班级"),
    ("ethnicity", lambda v: "", "民族"),
]


@pytest.mark.parametrize(("column", "mutate", "message"), BAD_CELLS, ids=[c[0] for c in BAD_CELLS])
def test_a_bad_cell_is_rejected_with_file_line_and_column(
    base: Path, tmp_path: Path, column: str, mutate: object, message: str
) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(base / "roster.csv")
    n = _first_plain(rows, column)
    i = rows[0].index(column)
    rows[n][i] = mutate(rows[n][i])  # type: ignore[operator]
    if column == "identity_number":
        rows[n][rows[0].index("student_number")] = "G" + rows[n][i]
    write_rows(d / "roster.csv", rows)
    records, rejected, _ = parse(d)
    bad = [r for r in rejected if r.file == "roster.csv"]
    assert len(bad) == 1, [str(r) for r in rejected]
    r = bad[0]
    assert r.line == n + 1
    expected = {
        "transfer_due": "transfer_to_school",
        "suspension_ends_on": "suspension_started_on",
    }.get(column, column)
    assert (r.column, r.column_name) == (rows[0].index(expected) + 1, expected)
    assert message in r.zh, str(r)
    assert len(records) == 299
    assert rows[n][rows[0].index("identity_number")][4:14] not in str(r)  # masked


@pytest.mark.clause("2.1.4")
def test_an_open_transfer_may_have_no_due_date_only_across_prefectures(
    base: Path, tmp_path: Path
) -> None:
    """2.1.4: ``transfer_due`` is empty for a transfer across prefectures while the province's period
    is not set; inside the prefecture an empty one is rejected at that column."""
    rows = rows_of(base / "roster.csv")
    h = rows[0]
    n = next(i for i, r in enumerate(rows[1:], start=1) if r[h.index("transfer_to_school")])
    rows[n][h.index("transfer_due")] = ""
    rows[n][h.index("transfer_cross_prefecture")] = "否"
    inside = copy(base, tmp_path / "inside")
    write_rows(inside / "roster.csv", rows)
    _records, rejected, _ = parse(inside)
    (r,) = [r for r in rejected if r.file == "roster.csv"]
    assert (r.line, r.column_name) == (n + 1, "transfer_due") and "办理期限" in r.zh
    rows[n][h.index("transfer_cross_prefecture")] = "是"
    cross = copy(base, tmp_path / "cross")
    write_rows(cross / "roster.csv", rows)
    records, rejected, _ = parse(cross)
    assert not [r for r in rejected if r.file == "roster.csv"]
    number = rows[n][h.index("student_number")]
    (rec,) = [x for x in records if x.student.student_number.reveal() == number]
    assert rec.transfer is not None and rec.transfer.cross_prefecture and rec.transfer.due is None


def test_wrong_number_of_columns(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(base / "roster.csv")
    with_events = {e[1] for e in rows_of(base / "events.csv")[1:]}
    # two rows of students without events (a rejected row's events are rejected with it)
    short, long = [i for i in range(5, len(rows)) if rows[i][1] not in with_events][:2]
    rows[short] = rows[short][:-3]
    rows[long] = [*rows[long], "extra"]
    write_rows(d / "roster.csv", rows)
    records, rejected, _ = parse(d)
    assert [(r.line, "列数" in r.zh) for r in rejected] == [(short + 1, True), (long + 1, True)]
    assert len(records) == 298


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_undecodable_bytes_are_a_rejected_row(base: Path, tmp_path: Path, encoding: str) -> None:
    d = copy(base, tmp_path)
    text = (base / "roster.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    name_col = lines[0].split(",").index("name")
    cells = lines[7].split(",")
    head = ",".join(cells[:name_col]).encode(encoding) + b","
    tail = b"," + ",".join(cells[name_col + 1 :]).encode(encoding)
    bad_line = head + cells[name_col].encode(encoding) + b"\xff" + tail
    data = "\n".join(lines[:7]).encode(encoding) + b"\n" + bad_line + b"\n"
    data += "\n".join(lines[8:]).encode(encoding)
    (d / "roster.csv").write_bytes(data)
    for name in ("events.csv", "schools.csv"):
        (d / name).write_bytes((base / name).read_text(encoding="utf-8").encode(encoding))
    records, rejected, _ = parse(RosterInput.from_path(d, encoding=encoding))
    assert [(r.line, r.column, r.column_name) for r in rejected] == [(8, name_col + 1, "name")]
    assert "解码" in rejected[0].zh
    assert len(records) == 299


def test_line_numbers_survive_a_field_with_a_line_break(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = rows_of(base / "roster.csv")
    h = rows[0]
    rows[3][h.index("address")] = "西昌市\n某街 1 号"
    rows[6][h.index("status")] = "在读"
    write_rows(d / "roster.csv", rows)
    records, rejected, _ = parse(d)
    roster = [r.line for r in rejected if r.file == "roster.csv"]
    assert roster == [8]  # rows[6] starts on line 8: rows[3] took two lines
    assert all("名册行被拒绝" in r.zh for r in rejected if r.file == "events.csv")
    assert "\n" in next(r for r in records if "某街" in r.student.address).student.address


def test_a_blank_line_is_skipped(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    text = (base / "roster.csv").read_text(encoding="utf-8").split("\n")
    text.insert(4, "")
    (d / "roster.csv").write_text("\n".join(text), encoding="utf-8")
    records, rejected, reader = parse(d)
    assert rejected == [] and len(records) == 300 == reader.rows_read


# --------------------------------------------------------------------------------------------------
# Events


def _event_rows(d: Path) -> list[list[str]]:
    return rows_of(d / "events.csv")


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("kind", "teleport", "未知的学籍异动类型"),
        ("details", "{not json", "JSON"),
        ("on", "yesterday", "异动日期无效"),
        ("after_status", "在读", "不是学籍状态"),
        ("after_grade", "9", "不存在的年级"),
        ("details", '{"student": "x"}', "不能含 kind 或 student"),
    ],
)
def test_a_bad_event_row_rejects_it_and_its_record(
    base: Path, tmp_path: Path, column: str, value: str, message: str
) -> None:
    d = copy(base, tmp_path)
    rows = _event_rows(base)
    i = rows[0].index(column)
    rows[3][i] = value
    write_rows(d / "events.csv", rows)
    records, rejected, _ = parse(d)
    ev = [r for r in rejected if r.file == "events.csv"]
    ro = [r for r in rejected if r.file == "roster.csv"]
    assert [r.line for r in ev] == [4] and message in ev[0].zh
    assert len(ro) == 1 and "events.csv 第 4 行" in ro[0].zh
    assert len(records) == 299


def test_events_out_of_date_order_are_rejected(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = _event_rows(base)
    h = rows[0]
    sn = h.index("student_number")
    k = next(n for n in range(1, len(rows) - 1) if rows[n][sn] == rows[n + 1][sn])
    rows[k + 1][h.index("on")] = "2017-01-01"
    write_rows(d / "events.csv", rows)
    _, rejected, _ = parse(d)
    assert any(r.line == k + 2 and "日期排列" in r.zh for r in rejected)


def test_an_event_without_its_roster_row_is_rejected(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = _event_rows(base)
    extra = list(rows[1])
    extra[rows[0].index("student_number")] = (
        "G" + IdentityNumber.build("513401", dt.date(2010, 1, 1), 999).reveal()
    )
    rows.insert(2, extra)
    write_rows(d / "events.csv", rows)
    records, rejected, _ = parse(d)
    assert [(r.file, r.line) for r in rejected] == [("events.csv", 3)]
    assert "没有该学生" in rejected[0].zh and "G513" in rejected[0].zh and "*" in rejected[0].zh
    assert len(records) == 300


def test_events_of_a_school_missing_from_the_roster(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = _event_rows(base)
    extra = list(rows[1])
    extra[0] = "9999999999"
    rows.append(extra)
    write_rows(d / "events.csv", rows)
    _, rejected, reader = parse(d)
    assert [(r.file, r.line) for r in rejected] == [("events.csv", len(rows))]
    assert reader.events_rejected == 1


# --------------------------------------------------------------------------------------------------
# Grouping


def _order(r: Record) -> tuple[str, str, str]:
    """A total order of records (a person may be live at two schools: the cross-school seeder)."""
    return (r.student.key, r.school_code, r.class_name)


def _shuffled(base: Path, tmp: Path, seed: int = 3) -> Path:
    d = copy(base, tmp)
    rows = rows_of(base / "roster.csv")
    body = rows[1:]
    random.Random(seed).shuffle(body)
    write_rows(d / "roster.csv", [rows[0], *body])
    return d


def test_a_school_that_comes_back_is_detected(base: Path, tmp_path: Path) -> None:
    d = _shuffled(base, tmp_path)
    with pytest.raises(RosterNotGrouped) as info:
        parse(d)
    assert "roster.csv:" in str(info.value)


@pytest.mark.parametrize("chunk_rows", [50, 100_000])
def test_regrouping_in_bounded_memory_gives_the_same_records(
    base: Path, tmp_path: Path, chunk_rows: int
) -> None:
    d = _shuffled(base, tmp_path)
    rows = _event_rows(base)
    blocks: dict[str, list[list[str]]] = {}
    for r in rows[1:]:
        blocks.setdefault(r[0], []).append(r)  # a student's own events keep their order
    order = sorted(blocks, reverse=True)
    write_rows(d / "events.csv", [rows[0], *(r for code in order for r in blocks[code])])
    want, _, _ = parse(base)
    got, rejected, reader = parse(d, regroup=True, chunk_rows=chunk_rows)
    assert rejected == []
    assert reader.rows_read == 300
    assert sorted(got, key=_order) == sorted(want, key=_order)
    codes = [r.school_code for r in got]
    assert codes == sorted(codes)  # re-grouped: school-code order


def test_events_in_another_school_order_are_detected(base: Path, tmp_path: Path) -> None:
    d = copy(base, tmp_path)
    rows = _event_rows(base)
    body = rows[1:]
    first_school = body[0][0]
    moved = [r for r in body if r[0] == first_school]
    rest = [r for r in body if r[0] != first_school]
    write_rows(d / "events.csv", [rows[0], *rest, *moved])
    with pytest.raises(RosterNotGrouped):
        parse(d)
    want, _, _ = parse(base)
    got, rejected, _ = parse(d, regroup=True)
    assert rejected == []
    assert sorted(got, key=_order) == sorted(want, key=_order)


def test_an_events_file_without_its_optional_system_column(base: Path, tmp_path: Path) -> None:
    """``after_system`` is optional: without the column each event takes the 学制 of the school after
    it (or of the record's school), which is what the synthetic file writes in it."""
    d = copy(base, tmp_path)
    rows = _event_rows(base)
    at = rows[0].index("after_system")
    write_rows(d / "events.csv", [[v for i, v in enumerate(r) if i != at] for r in rows])
    want, _, _ = parse(base)
    got, rejected, _ = parse(d)
    assert rejected == []
    assert got == want and any(r.history for r in got)


def test_a_grade_a_school_does_not_offer_is_rejected_naming_that_school(
    base: Path, tmp_path: Path
) -> None:
    """The shared fields are validated once per 学制 and stages across schools; a rejection still
    names the row's own school (高中 at two 九年一贯制 schools of the same 学制 and stages)."""
    d = copy(base, tmp_path)
    schools = rows_of(base / "schools.csv")
    sh = schools[0]
    kinds: dict[tuple[str, str], list[str]] = {}
    for r in schools[1:]:
        kinds.setdefault((r[sh.index("stages")], r[sh.index("system")]), []).append(r[0])
    pair = next(
        codes[:2]
        for (stages, _), codes in kinds.items()
        if len(codes) >= 2 and "高中" not in stages
    )
    rows = rows_of(base / "roster.csv")
    h = rows[0]
    lines: dict[str, int] = {}
    for n, row in enumerate(rows[1:], start=2):
        code = row[h.index("school_code")]
        if code in pair and code not in lines:
            row[h.index("stage")], row[h.index("grade")] = "高中", "1"
            lines[code] = n
    write_rows(d / "roster.csv", rows)
    _, rejected, _ = parse(d)
    named = {r.line: r.zh for r in rejected if r.file == "roster.csv"}
    assert set(lines.values()) <= set(named)
    for code, line in lines.items():
        assert f"学校 {code} 不设" in named[line]


@pytest.mark.parametrize("regroup", [False, True])
def test_an_undecodable_event_row_rejects_its_students_record(
    base: Path, tmp_path: Path, regroup: bool
) -> None:
    """An event row with bytes that cannot be decoded is rejected, and so is its student's roster row
    (the history would be incomplete); every other record is read as before, whether the files are
    read as they come or re-grouped (the rejected row then goes through the sorted spill files)."""
    d = copy(base, tmp_path)
    lines = (base / "events.csv").read_bytes().split(b"\n")
    header = lines[0].decode().split(",")
    cells = lines[3].split(b",")
    student = cells[header.index("student_number")].decode()
    lines[3] += b"\xff"  # after the details' closing quote: still the last field
    (d / "events.csv").write_bytes(b"\n".join(lines))
    want, _, _ = parse(base)
    source = RosterInput.from_path(d, encoding="utf-8")  # (detection would guess GB18030)
    got, rejected, reader = parse(source, regroup=regroup, chunk_rows=7)
    events = [r for r in rejected if r.file == "events.csv"]
    roster = [r for r in rejected if r.file == "roster.csv"]
    assert [(r.line, "解码" in r.zh) for r in events] == [(4, True)]
    assert (
        len(roster) == 1 and "历史不完整" in roster[0].zh and "events.csv 第 4 行" in roster[0].zh
    )
    assert reader.events_rejected == 1
    kept = [r for r in want if r.student.student_number.value != student]
    assert len(kept) == len(want) - 1
    assert sorted(got, key=_order) == sorted(kept, key=_order)


# --------------------------------------------------------------------------------------------------
# Schools, inputs, JSONL


def test_bad_school_rows(base: Path, tmp_path: Path) -> None:
    rows = rows_of(base / "schools.csv")
    h = rows[0]
    rows[2][h.index("mode")] = "三类"
    rows[3][h.index("county")] = "成都市"
    rows.append(list(rows[1]))
    write_rows(tmp_path / "schools.csv", rows)
    schools, rejected = read_schools(tmp_path / "schools.csv")
    assert [(r.line, r.column_name) for r in rejected] == [
        (3, "mode"),
        (4, "county"),
        (len(rows), "code"),
    ]
    assert len(schools) == len(rows) - 4


def test_inputs_that_cannot_be_read(base: Path, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput):
        RosterInput.from_path(tmp_path / "nowhere")
    with pytest.raises(InvalidInput):
        RosterInput.from_path(tmp_path)  # no roster in it
    shutil.copy(base / "roster.csv", tmp_path / "roster.csv")
    with pytest.raises(InvalidInput) as info:
        RosterReader(RosterInput.from_path(tmp_path))
    assert "schools" in str(info.value)
    (tmp_path / "empty.csv").write_text("", encoding="utf-8")
    with pytest.raises(InvalidInput):
        RosterReader(RosterInput.from_path(tmp_path / "empty.csv", schools=base / "schools.csv"))
    with pytest.raises(InvalidInput):
        RosterInput.from_path(base, encoding="latin-9x")


def test_jsonl_bad_lines_are_rejected(base: Path, tmp_path: Path) -> None:
    records, _, _ = parse(base)
    write_jsonl(tmp_path / "roster.jsonl", records[:20])
    lines = (tmp_path / "roster.jsonl").read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2][:40]
    lines[4] = "[1, 2]"
    data = json.loads(lines[6])
    data["grade"]["number"] = 9
    lines[6] = json.dumps(data, ensure_ascii=False)
    (tmp_path / "roster.jsonl").write_text("\n".join(lines), encoding="utf-8")
    got, rejected, _ = parse(
        RosterInput.from_path(tmp_path / "roster.jsonl", schools=base / "schools.csv")
    )
    assert [r.line for r in rejected] == [3, 5, 7]
    assert rejected[0].column is not None
    assert "grade" in rejected[2].zh
    assert len(got) == 17


def test_register_column_checks_its_field() -> None:
    with pytest.raises(InvalidInput):
        register_column(Column(name="x_extra", zh="附加", parse=str, field="no_such_field"))
    with pytest.raises(InvalidInput):
        register_column(Column(name="name", zh="姓名2", parse=str, field="class_name"))
    with pytest.raises(InvalidInput):
        register_column(Column(name="x_extra", zh="附加"))


# --------------------------------------------------------------------------------------------------
# The fast path agrees with the models


_valid_ids = st.builds(
    lambda region, birth, seq: IdentityNumber.build(region, birth, seq).reveal(),
    st.sampled_from(["513401", "513431", "110101", "510104", "513436"]),
    st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
    st.integers(0, 999),
)


@st.composite
def _id_like(draw: st.DrawFn) -> str:
    s = draw(_valid_ids)
    how = draw(st.sampled_from(["keep", "char", "cut", "add", "lower", "swap"]))
    if how == "char":
        i = draw(st.integers(0, 17))
        c = draw(st.sampled_from("0123456789Xx１a "))
        s = s[:i] + c + s[i + 1 :]
    elif how == "cut":
        s = s[: draw(st.integers(0, 17))]
    elif how == "add":
        s += draw(st.sampled_from("0X9"))
    elif how == "lower":
        s = s.lower()
    elif how == "swap":
        i = draw(st.integers(0, 16))
        s = s[:i] + s[i + 1] + s[i] + s[i + 2 :]
    return s


@given(_id_like())
def test_fast_identity_accepts_exactly_what_the_model_accepts(s: str) -> None:
    fast = fast_identity(s)
    try:
        model = IdentityNumber(s)
    except InvalidInput:
        model = None
    if model is None or model.value != s:
        assert fast is None
    else:
        assert fast is not None
        assert fast == (model.birth_date, model.sequence)
        assert (Sex.MALE if fast[1] % 2 else Sex.FEMALE) is model.sex


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_mutated_row_is_read_alike_by_the_fast_and_the_validated_paths(
    base: Path, data: st.DataObject
) -> None:
    """Whatever one cell holds, the fast assembly and the validated constructors agree: both reject the
    row, or both give equal records."""
    rows = rows_of(base / "roster.csv")
    h = rows[0]
    n = data.draw(st.integers(1, len(rows) - 1))
    col = data.draw(st.integers(0, len(h) - 1))
    value = data.draw(
        st.one_of(
            st.sampled_from(
                [
                    "",
                    " ",
                    "0",
                    "7",
                    "男",
                    "女",
                    "初中",
                    "在校",
                    "2020-02-29",
                    "2021-02-29",
                    "X",
                    "G",
                ]
            ),
            st.text(alphabet="0123456789XGLJ-", max_size=20),
            st.just(rows[n][col] + " "),
            st.just(rows[n][col].lower()),
        )
    )
    row = list(rows[n])
    row[col] = value
    reader = RosterReader(RosterInput.from_path(base))
    reader.close()
    from liangshan_xueji.io.roster import Block

    block = Block(row[h.index("school_code")].strip(), [(n + 1, row)], [], [])
    fast = RowParser(reader.specs)
    slow = RowParser(reader.specs)
    slow._fast = False  # the validated constructors for every row
    slow._plain_path = False  # and no row left unbuilt as plain
    got_fast, bad_fast = fast.parse_block(Block(*block[:1], [(n + 1, list(row))], [], []))
    got_slow, bad_slow = slow.parse_block(Block(*block[:1], [(n + 1, list(row))], [], []))
    assert list(got_fast) == list(got_slow)
    assert (
        got_fast.special
        == got_slow.special
        == [i for i, r in enumerate(got_slow) if not is_plain(r)]
    )
    assert [(r.line, r.column) for r in bad_fast] == [(r.line, r.column) for r in bad_slow]
    for r in got_fast:  # the models' validators accept what the fast path assembled
        assert attrs.evolve(r) == r
        assert attrs.evolve(r.student) == r.student
        assert attrs.evolve(r.student.student_number) == r.student.student_number
        if r.student.identity_number is not None:
            assert attrs.evolve(r.student.identity_number) == r.student.identity_number
        for g in r.student.guardians:
            assert attrs.evolve(g) == g


def test_the_audit_page_documents_every_column() -> None:
    from liangshan_xueji.io.roster import EVENT_COLUMNS, SCHOOL_COLUMNS

    page = (Path(__file__).resolve().parent.parent / "docs" / "audit.md").read_text(
        encoding="utf-8"
    )
    for col in (*ROSTER_COLUMNS, *EVENT_COLUMNS, *SCHOOL_COLUMNS):
        stem = col.name.rsplit("_", 1)[0] if col.name.startswith("guardian") else col.name
        assert f"`{stem}" in page, col.name


def _csv_module_rows(path: Path) -> list[tuple[int, list[str]]] | str:
    """What ``csv.reader`` makes of the file: (first line, fields) per record, or the error's name."""
    out: list[tuple[int, list[str]]] = []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        last = 0
        try:
            for row in reader:
                out.append((last + 1, row))
                last = reader.line_num
        except csv.Error:
            return "csv.Error"
    return out


@given(
    lines=st.lists(
        st.text(alphabet=st.sampled_from('ab,"\r\n \x00学'), max_size=12), min_size=1, max_size=8
    )
)
def test_the_line_splitter_reads_every_file_as_the_csv_module_does(lines: list[str]) -> None:
    """Unquoted lines are split on commas by the reader; quoted ones go to ``csv``: the same rows and
    line numbers as ``csv.reader`` for any text (quotes, fields across lines, ``\\r``, NUL, blanks)."""
    from liangshan_xueji.io.roster import _CsvFile

    text = "".join(lines)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.csv"
        path.write_bytes(text.encode("utf-8"))
        want = _csv_module_rows(path)
        f = _CsvFile(path, "t.csv", "utf-8")
        try:
            got: list[tuple[int, list[str]]] | str = [(line, row) for line, row, _ in f.rows()]
        except InvalidInput:
            got = "csv.Error"
        finally:
            f.close()
    assert got == want


def _reference_blocks(path: Path) -> list[tuple[str, list[tuple[int, list[str]]]]] | str:
    """The roster's blocks the plain way: ``csv.reader`` rows grouped by their stripped school code,
    a row of the wrong width kept with the school before it, empty rows skipped; a school coming
    back after another: ``"RosterNotGrouped"``."""
    out: list[tuple[str, list[tuple[int, list[str]]]]] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        width, i_school = len(header), header.index("school_code")
        last = reader.line_num
        for row in reader:
            line, last = last + 1, reader.line_num
            if not row:
                continue
            if len(row) == width and (not out or row[i_school].strip() != out[-1][0]):
                code = row[i_school].strip()
                if code in seen:
                    return "RosterNotGrouped"
                if code:
                    seen.add(code)
                out.append((code, []))
            elif not out:
                out.append(("", []))
            out[-1][1].append((line, row))
    return out


_CELLS = st.text(alphabet=st.sampled_from('ab ,"\r\n学'), max_size=4)


@given(
    schools=st.lists(st.sampled_from(["S1", " S2", "S3 "]), min_size=1, max_size=6, unique=True),
    rows=st.lists(
        st.tuples(st.integers(0, 5), st.lists(_CELLS, min_size=1, max_size=3), st.integers(-1, 1)),
        max_size=12,
    ),
    blank=st.booleans(),
    chunk=st.sampled_from([1, 50, 400, 1 << 16]),
)
def test_the_readers_blocks_are_the_csv_modules_rows_grouped(
    schools: list[str], rows: list[tuple[int, list[str], int]], blank: bool, chunk: int
) -> None:
    """The reader's own loop (raw lines kept as text, quoted ones read by ``csv``) gives the blocks,
    lines and fields that ``csv.reader`` rows grouped by school give: any quoting, fields across
    lines, empty lines, rows of the wrong width."""
    header = [c.name for c in ROSTER_COLUMNS]
    width = len(header)
    picked = sorted(rows, key=lambda r: r[0] % len(schools))  # grouped by school
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        for k, cells, width_change in picked:
            fields = [schools[k % len(schools)], *cells]
            fields += ["x"] * (width - len(fields) + width_change)
            w.writerow(fields)
            if blank:
                buf.write("\n")
        (d / "roster.csv").write_text(buf.getvalue(), encoding="utf-8", newline="")
        (d / "schools.csv").write_text(",".join(c.name for c in SCHOOL_COLUMNS) + "\n")
        want = _reference_blocks(d / "roster.csv")
        got: list[tuple[str, list[tuple[int, list[str]]]]] | str
        kept, roster_mod._CHUNK = (
            roster_mod._CHUNK,
            chunk,
        )  # lines read this many characters at a time
        with RosterReader(RosterInput.from_path(d)) as reader:
            try:
                got = [
                    (
                        b.school_code,
                        [(line, split_line(r) if isinstance(r, str) else r) for line, r in b.rows],
                    )
                    for b in reader.blocks()
                ]
            except RosterNotGrouped:
                got = "RosterNotGrouped"
            finally:
                roster_mod._CHUNK = kept
    assert got == want


def _valid_id(first17: str) -> str:
    w = [2 ** (17 - i) % 11 for i in range(17)]
    return first17 + "10X98765432"[sum(int(c) * k for c, k in zip(first17, w, strict=True)) % 11]


_MUTATIONS = (
    ("identity_number", lambda sn, v: ""),
    ("identity_number", lambda sn, v: sn[1:18] + ("0" if sn[-1] != "0" else "1")),
    ("student_number", lambda sn, v: sn[:-1] + ("0" if sn[-1] != "0" else "1")),
    ("student_number", lambda sn, v: "G" + _valid_id(sn[1:7] + "20231301" + sn[15:18])),
    ("student_number+", lambda sn, v: "G" + _valid_id(sn[1:7] + "20230229" + sn[15:18])),
    ("student_number+", lambda sn, v: sn[:-1] + ("0" if sn[-1] != "0" else "1")),
    ("student_number", lambda sn, v: "G" + _valid_id("99" + sn[3:18])),
    ("student_number", lambda sn, v: "L" + sn[1:]),
    ("student_number", lambda sn, v: "J" + sn[1:18] + "X"),  # a J number's tail: any 18 characters
    ("student_number", lambda sn, v: "L" + sn[1:10]),
    # "L:" / "J:": the row's student number becomes an L / J number first (its ID number column then
    # carries the ID number, checked on its own)
    ("L:identity_number", lambda sn, v: ""),
    ("L:identity_number", lambda sn, v: sn[1:18] + ("0" if sn[-1] != "0" else "1")),
    ("L:identity_number", lambda sn, v: _valid_id(sn[1:7] + "20100101" + sn[15:18])),
    ("J:identity_number", lambda sn, v: _valid_id("99" + sn[3:18])),
    ("L:sex", lambda sn, v: {"男": "女", "女": "男"}.get(v, "男")),
    ("J:birth_date", lambda sn, v: "2001-01-01"),
    ("L:birth_date", lambda sn, v: ""),
    ("L:student_number", lambda sn, v: "L" + _valid_id(sn[1:7] + "20100101" + sn[15:18])),
    ("sex", lambda sn, v: ""),
    ("sex", lambda sn, v: {"男": "女", "女": "男"}.get(v, "男")),
    ("sex", lambda sn, v: "m"),
    ("birth_date", lambda sn, v: ""),
    ("birth_date", lambda sn, v: "2001-01-01"),
    ("birth_date", lambda sn, v: v.replace("-", "/")),
    ("name", lambda sn, v: " "),
    ("name", lambda sn, v: v + ",二"),
    ("address", lambda sn, v: ""),
    ("ethnicity", lambda sn, v: ""),
    ("ethnicity", lambda sn, v: "\u3000 "),  # white space only (an ideographic space)
    ("class_name", lambda sn, v: " "),
    ("stage", lambda sn, v: "大学"),
    ("guardian2_relation", lambda sn, v: ""),
    ("guardian1_relation", lambda sn, v: " "),
    ("status", lambda sn, v: "休学"),
    ("grade", lambda sn, v: "9"),
    ("enrolled_on", lambda sn, v: "2023-02-30"),
    ("transfer_to_class", lambda sn, v: "1班"),
    # the student's own mode (a column between the shared ones: in their run, left empty)
    ("mode", lambda sn, v: "一类模式"),
    ("mode", lambda sn, v: " "),
    ("mode", lambda sn, v: "三类"),
)


def _mutate(rows: list[list[str]], row: list[str], m: int) -> None:
    """Apply ``_MUTATIONS[m]`` to ``row`` (``rows[0]`` is the header)."""
    h = rows[0]
    column, change = _MUTATIONS[m]
    sn = row[h.index("student_number")]
    if column[:2] in ("L:", "J:"):  # an L or J number with the row's ID number
        row[h.index("student_number")] = column[0] + sn[1:]
        row[h.index("identity_number")] = sn[1:]
        column = column[2:]
    if column.endswith("+"):  # the birth date and ID columns left empty: only the ID says it
        column = column[:-1]
        row[h.index("birth_date")] = row[h.index("identity_number")] = ""
    row[h.index(column)] = change(sn, row[h.index(column)])


def _both_paths(d: Path, rows: list[list[str]], order: str, crlf: bool, seed: int) -> int:
    """Write ``rows`` (columns in ``order``) and read them on both paths: assert the same result;
    return how many rows the plain path left unbuilt."""
    columns = list(range(len(rows[0])))
    if order == "reversed":  # the ID, sex and birth date before the student number
        columns.reverse()
    elif order == "shuffled":  # the second guardian's columns apart
        random.Random(seed).shuffle(columns)
    with open(d / "roster.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\r\n" if crlf else "\n").writerows(
            [[row[i] for i in columns] for row in rows]
        )
    unbuilt = 0

    def read(mode: str) -> list[tuple[object, ...]]:
        nonlocal unbuilt
        out: list[tuple[object, ...]] = []
        with RosterReader(RosterInput.from_path(d)) as reader:
            parser = RowParser(reader.specs)
            if mode == "fields":
                parser._plain = None
            for block in reader.blocks():
                got, bad = parser.parse_block(block)
                unbuilt += got._records.count(None)
                out.append(
                    (
                        got.statuses, got.grades, got.numbers, got.identities,
                        got.enrolled_ordinals, got.lines, got.special, list(got),
                        [(r.line, r.column, r.zh) for r in bad],
                    )
                )  # fmt: skip
        return out

    assert read("lines") == read("fields")
    return unbuilt


@given(
    seed=st.integers(0, 10_000),
    picks=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, len(_MUTATIONS) - 1)), max_size=12
    ),
    crlf=st.booleans(),
    order=st.sampled_from(["as written", "reversed", "shuffled"]),
)
def test_the_plain_path_equals_reading_every_row_field_by_field(
    tmp_path_factory: pytest.TempPathFactory,
    seed: int,
    picks: list[tuple[int, int]],
    crlf: bool,
    order: str,
) -> None:
    """The parser's two paths give the same school: plain rows recognised on their line (one
    ``fullmatch``, their records left unbuilt) and every row validated field by field with its record
    built: the same columns, records, plain rows and rejected rows, whatever cells are broken (check
    characters, impossible birth dates, foreign province codes, sex and birth date against the ID
    number, L and J numbers with or without a matching ID number, blank names and 民族, shared fields
    the general path rejects, quoted fields, workflows, statuses, line ends) and in whatever column
    order.
    """
    d = tmp_path_factory.mktemp("once")
    synthesize(d, students=200, seed=seed, breach_rate=0.05, story_rate=0.1)
    rows = rows_of(d / "roster.csv")
    for row_pick, m in picks:
        _mutate(rows, rows[1 + row_pick % (len(rows) - 1)], m)
    assert _both_paths(d, rows, order, crlf, seed) > 0  # the plain path was taken


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("small")
    synthesize(d, students=200, seed=7, breach_rate=0.05, story_rate=0.1)
    return d


@pytest.mark.parametrize("order", ["as written", "reversed"])
@pytest.mark.parametrize("m", range(len(_MUTATIONS)))
def test_each_broken_cell_is_read_alike_on_both_paths(
    small: Path, tmp_path: Path, m: int, order: str
) -> None:
    """Every kind of broken cell, on every second row of a roster (so that rows of both sexes, of
    every 学段 and status get it): the plain path and the field-by-field path agree."""
    d = copy(small, tmp_path)
    rows = rows_of(d / "roster.csv")
    for row in rows[1::2]:
        _mutate(rows, row, m)
    _both_paths(d, rows, order, crlf=False, seed=m)


def test_the_event_factory_equals_evolving_the_prototype_for_every_event_kind() -> None:
    """The general path builds each event from a cached prototype by a constructor with the other
    fields bound (``_event_factory``): for every registered status event it gives exactly the event
    ``attrs.evolve(prototype, student=...)`` gives, and leaves the prototype as it was."""
    from liangshan_xueji.policy.admission import AdmissionMethod
    from liangshan_xueji.policy.archives import ArchiveItem, HandoverReason
    from liangshan_xueji.policy.keydata import FieldChange, StudentField
    from liangshan_xueji.records.models import Event, Grade, SchoolSystem, StudentNumber
    from liangshan_xueji.records.status import StatusEvent
    from lifecycle_strategies import event_of

    required: dict[str, dict[str, object]] = {  # the kinds event_of cannot make: their fields
        "archive.create": {"contents": frozenset(ArchiveItem)},
        "archive.move": {"from_school": "5134010001", "to_school": "5134010002"},
        "archive.handover": {"reason": HandoverReason.MERGER, "from_school": "5134010001"},
        "archive.migrant_handover": {"from_school": "5134010001", "authority": "成华区教育局"},
        "archive.reclaim": {"authority": "成华区教育局", "to_school": "5134010002"},
        "registration": {
            "school_code": "5134010001",
            "grade": Grade.from_year(1, SchoolSystem.SIX_THREE),
            "class_name": "1班",
        },
        "attendance.check": {"attending": False},
        "admission": {
            "school_code": "5134010001",
            "class_name": "1班",
            "method": AdmissionMethod.UNIFIED,
        },
        "student.change": {
            "changes": (FieldChange(field=StudentField.NAME, old="张曦", new="张熙"),)
        },
        "data.export": {"recipient": "西昌市教育局"},
        "duplicate.removal": {"attended_school": "5134010001"},
    }
    one, other = StudentNumber("G513401201708230031"), StudentNumber("G513401201706080076")
    kinds = {k: c for k, c in Event.kinds().items() if issubclass(c, StatusEvent)}
    assert len(kinds) >= 20
    for kind, cls in kinds.items():
        proto = cls(student=one, **required[kind]) if kind in required else event_of(cls, one)
        made = roster_mod._event_factory(proto)(other)
        assert type(made) is cls
        assert made == attrs.evolve(proto, student=other), kind
        assert made.student is other and proto.student is one


def _parse_date_by_pattern(text: str) -> dt.date | None:
    """The reading of a date by its pattern alone (the reference for ``parse_date``'s fast path)."""
    m = schema_mod._DATE_RE.fullmatch(text)
    if m is None:
        return None
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    try:
        value = dt.date(int(y), int(mo), int(d))
    except ValueError:
        return None
    return value if 1900 <= value.year <= 2199 else None


@given(
    st.one_of(
        st.dates().map(dt.date.isoformat),
        st.text(alphabet="0123456789-/.W+ ５", min_size=8, max_size=10),
        st.builds(
            lambda y, m, d: f"{y}-{m}-{d}",
            st.text("0123456789+ ", min_size=4, max_size=4),
            st.text("0123456789W", min_size=2, max_size=2),
            st.text("0123456789", min_size=2, max_size=2),
        ),
    )
)
def test_parse_date_reads_as_its_pattern_does(text: str) -> None:
    """``parse_date`` reads the usual YYYY-MM-DD in C (``date.fromisoformat``) and anything else by
    its pattern; the answer is the pattern's for any text (signs, week dates, wide digits, years
    out of 1900–2199, days that do not exist)."""
    roster_mod._DATE_CACHE.pop(text, None)
    assert roster_mod.parse_date(text) == _parse_date_by_pattern(text)
