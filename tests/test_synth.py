"""Synthetic rosters: deterministic, modelled on Liangshan, every seeder used, and the
bundled example roster is exactly what the synthesizer makes."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import importlib.resources
import json
from pathlib import Path

import pytest

from liangshan_xueji.errors import InvalidInput, UnknownClause
from liangshan_xueji.io.roster import RosterInput, RosterReader, RowParser
from liangshan_xueji.law.clauses import CLAUSE_IDS
from liangshan_xueji.records.models import LIANGSHAN_COUNTIES, Grade, IdentityNumber, SchoolSystem
from liangshan_xueji.records.status import school_year
from liangshan_xueji.synth import COUNTY_REGIONS, SEEDERS, STORIES, read_truth, seeder, synthesize

FILES = ("roster.csv", "events.csv", "schools.csv", "truth.csv", "manifest.json")


@pytest.fixture(scope="module")
def roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("synth")
    synthesize(d, students=1200, seed=9)
    return d


def _dicts(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    synthesize(a, students=250, seed=5)
    synthesize(b, students=250, seed=5)
    synthesize(c, students=250, seed=6)
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert (a / "roster.csv").read_bytes() != (c / "roster.csv").read_bytes()


def test_the_roster_looks_like_liangshan(roster: Path) -> None:
    schools = _dicts(roster / "schools.csv")
    assert {s["county"] for s in schools} == LIANGSHAN_COUNTIES
    assert {s["system"] for s in schools} == {"六三制", "五四制"}
    assert {"一类模式", "二类模式"} <= {s["mode"] for s in schools}
    assert any(s["provincial_model"] == "是" for s in schools)
    assert {"小学", "初中", "高中"} <= {st for s in schools for st in s["stages"].split("|")}
    rows = _dicts(roster / "roster.csv")
    assert len(rows) == 1200
    regions = set(COUNTY_REGIONS.values())
    changed = {
        e["student_number"] for e in _dicts(roster / "events.csv") if e["kind"] == "student.change"
    }
    kinds: collections.Counter[str] = collections.Counter()
    for r in rows:
        assert r["guardian1_name"]
        if r["origin"] == "外籍":  # 8.5: a foreign student, a J number and no 居民身份证号
            assert r["student_number"][0] == "J" and r["identity_number"] == ""
            kinds["foreign"] += 1
            continue
        ident = IdentityNumber(r["identity_number"])  # valid
        if ident.region == "830000":  # 8.5: a 台湾居民居住证 number, its G number
            assert r["student_number"] == "G" + r["identity_number"]
            kinds["taiwan"] += 1
            continue
        assert ident.region in regions  # Liangshan region codes
        if r["student_number"][1:] != r["identity_number"]:  # 4: a corrected ID number
            assert r["student_number"][0] == "G" and r["student_number"] in changed
            assert IdentityNumber(r["student_number"][1:]).birth_date == ident.birth_date
            kinds["corrected"] += 1
    assert kinds["foreign"] and kinds["taiwan"] and kinds["corrected"], kinds
    # 6.1: one school labelled 二类 runs a 一类 class; each of its students' rows gives the mode
    (mixed,) = [s for s in schools if s["modes"] == "一类模式|二类模式"]
    assert mixed["mode"] == "二类模式"
    modes = {(r["class_name"], r["mode"]) for r in rows if r["school_code"] == mixed["code"]}
    assert ("1班", "一类模式") in modes and ("2班", "二类模式") in modes
    assert all(mode for _class, mode in modes)
    statuses = collections.Counter(r["status"] for r in rows)
    assert statuses["在校"] / len(rows) > 0.9
    assert len(statuses) >= 5
    ethnic = collections.Counter(r["ethnicity"] for r in rows)
    assert ethnic["彝族"] > 0.3 * len(rows) and ethnic["汉族"] > 0


def test_birth_dates_fit_the_grades(roster: Path) -> None:
    systems = {s["code"]: SchoolSystem(s["system"]) for s in _dicts(roster / "schools.csv")}
    as_of = dt.date.fromisoformat(json.loads((roster / "manifest.json").read_text())["as_of"])
    from liangshan_xueji.io.roster import parse_grade

    gaps: collections.Counter[int] = collections.Counter()
    for r in _dicts(roster / "roster.csv"):
        g = parse_grade(r["stage"], r["grade"], systems[r["school_code"]])
        assert isinstance(g, Grade)
        gaps[school_year(as_of) - int(r["birth_date"][:4]) - g.year] += 1
    # 6 years old in year 1 (born before the school year starts: 5 or 6 by the calendar year);
    # seeded breaches and 休学 move a few by one
    assert set(gaps) <= {4, 5, 6, 7}
    assert gaps[5] + gaps[6] >= 0.97 * sum(gaps.values())


def test_classes_stay_within_the_size_standard(roster: Path) -> None:
    sizes = collections.Counter(
        (r["school_code"], r["stage"], r["grade"], r["class_name"])
        for r in _dicts(roster / "roster.csv")
    )
    assert max(sizes.values()) <= 45


def test_every_seeder_is_used_and_the_truth_is_well_formed(roster: Path) -> None:
    truth = read_truth(roster / "truth.csv")
    # every seeder's clause, plus 1.2: the cross-school duplicate seeder (3.3) also registers again
    assert {t.clause for t in truth} == set(SEEDERS) | {"1.2"}
    assert all(t.clause in CLAUSE_IDS for t in truth)
    numbers = {r["student_number"] for r in _dicts(roster / "roster.csv")}
    assert all(t.student_number in numbers for t in truth if t.student_number)
    manifest = json.loads((roster / "manifest.json").read_text(encoding="utf-8"))
    assert (
        manifest["students"] == 1200 and manifest["seed"] == 9 and manifest["truth"] == len(truth)
    )
    assert STORIES and sum(len(v) for v in SEEDERS.values()) >= len(SEEDERS)


def test_no_breach_rate_seeds_nothing(tmp_path: Path) -> None:
    synthesize(tmp_path, students=200, seed=1, breach_rate=0)
    assert read_truth(tmp_path / "truth.csv") == []


def test_the_roster_reads_back_without_a_rejected_row(roster: Path) -> None:
    rejected: list[object] = []
    with RosterReader(RosterInput.from_path(roster), on_reject=rejected.append) as reader:
        parser = RowParser(reader.specs)
        n = 0
        for block in reader.blocks():
            records, bad = parser.parse_block(block)
            n += len(records)
            rejected += bad
    assert rejected == [] and n == 1200


@pytest.mark.parametrize(
    "kw",
    [
        {"students": 10},
        {"students": 300, "as_of": dt.date(2024, 8, 1)},
        {"students": 300, "as_of": dt.date(2024, 2, 20)},
        {"students": 300, "as_of": dt.date(2017, 5, 1)},
        {"students": 300, "breach_rate": 0.5},
        {"students": 300, "seed": "x"},
    ],
)
def test_bad_arguments(tmp_path: Path, kw: dict[str, object]) -> None:
    with pytest.raises(InvalidInput):
        synthesize(tmp_path, **kw)  # type: ignore[arg-type]


def test_a_seeder_names_a_real_clause() -> None:
    with pytest.raises(UnknownClause):
        seeder("9.9")


def test_the_bundled_example_is_what_the_synthesizer_makes(tmp_path: Path) -> None:
    """Regenerate with: xueji synth --students 300 --seed 2016 --out src/liangshan_xueji/data/example_roster"""
    synthesize(tmp_path, students=300, seed=2016)
    bundled = (
        importlib.resources.files("liangshan_xueji").joinpath("data").joinpath("example_roster")
    )
    for name in FILES:
        made = (tmp_path / name).read_text(encoding="utf-8")
        if name == "manifest.json":
            made_d, bundled_d = (
                json.loads(made),
                json.loads(bundled.joinpath(name).read_text(encoding="utf-8")),
            )
            made_d.pop("version"), bundled_d.pop("version")
            assert made_d == bundled_d
        else:
            assert bundled.joinpath(name).read_text(encoding="utf-8") == made, name
