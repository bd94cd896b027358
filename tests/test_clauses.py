"""The clause catalog: its IDs match the design brief and its texts are quoted from the regulation."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from liangshan_xueji.errors import UnknownClause, XuejiError
from liangshan_xueji.law.clauses import (
    CLAUSE_IDS,
    clause,
    clauses,
    implementations,
    implements,
)

#: Where the official texts are looked for: the file an environment variable names, else the
#: ``shared/`` folder beside the repository (the project's own layout). Without either the checks skip,
#: saying so; with the variable set, a missing or unreadable file fails them (CI sets it: .ci/run).
SHARED = Path(__file__).resolve().parents[2] / "shared"
REGULATION_ENV = "XUEJI_REGULATION_TEXT"
DESIGN_ENV = "XUEJI_DESIGN_BRIEF"
REGULATION_FILE = "000_6239a731b741ecb4.txt"


def _source(env: str, beside: Path, what: str) -> Path:
    """The file ``env`` names (it must be readable: a failure, not a skip), else ``beside``."""
    named = os.environ.get(env, "").strip()
    if named:
        path = Path(named)
        try:
            path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            pytest.fail(f"{env}={named}: the {what} cannot be read ({type(exc).__name__})")
        return path
    if beside.is_file():
        return beside
    pytest.skip(
        f"{what} not found: set {env} to its file, or put the shared/ folder beside the repository "
        f"({beside})"
    )


#: The marker the catalog puts between two quoted pieces that are not adjacent in the document.
ELISION = "……"


def _normalise(text: str) -> str:
    """Remove all whitespace and the transcription's stray 学习 (中小学生学习(学)籍 → 中小学生学籍)."""
    flat = "".join(text.split())
    return flat.replace("中小学生学习学籍", "中小学生学籍").replace(
        "中小学生学习籍", "中小学生学籍"
    )


def _design_ids() -> list[str]:
    """The clause IDs of the "## Clause IDs" table of DESIGN.md, range rows expanded."""
    design = _source(DESIGN_ENV, SHARED / "DESIGN.md", "design brief (DESIGN.md)")
    lines = design.read_text(encoding="utf-8").splitlines()
    start = lines.index("## Clause IDs")
    ids: list[str] = []
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if not line.startswith("|"):
            continue
        cell = line.strip("|").split("|")[0].strip()
        if cell in ("ID", "") or set(cell) <= set("-: "):
            continue
        ranged = re.fullmatch(r"(\S+)\.(\d+)\s*(?:…|\.\.\.)\s*\1\.(\d+)", cell)
        if ranged:
            prefix, first, last = ranged.group(1), int(ranged.group(2)), int(ranged.group(3))
            ids.extend(f"{prefix}.{n}" for n in range(first, last + 1))
        else:
            ids.append(cell)
    return ids


@pytest.fixture(scope="module")
def regulation() -> str:
    path = _source(REGULATION_ENV, SHARED / "seed" / REGULATION_FILE, "regulation text")
    return _normalise(path.read_text(encoding="utf-8"))


def test_ids_match_design_brief() -> None:
    ids = _design_ids()
    assert len(ids) == 73
    assert tuple(c.id for c in clauses()) == tuple(ids)
    assert tuple(ids) == CLAUSE_IDS


@pytest.mark.parametrize("clause_id", CLAUSE_IDS)
def test_text_is_quoted_from_regulation(clause_id: str, regulation: str) -> None:
    text = clause(clause_id).text
    pieces = [_normalise(p) for p in text.split(ELISION)]
    assert all(pieces), f"{clause_id}: empty quoted piece in {text!r}"
    pos = 0
    for piece in pieces:
        found = regulation.find(piece, pos)
        assert found >= 0, f"{clause_id}: not in the regulation (in order): {piece!r}"
        pos = found + len(piece)


def test_graduation_year_clause() -> None:
    c = clause("2.1.6.3")
    assert c.parent == "2.1.6"
    assert "毕业年级" in c.text
    assert c.computable
    assert [k.id for k in clause("2.1.6").children] == [f"2.1.6.{n}" for n in range(1, 6)]
    assert [a.id for a in c.ancestors] == ["2.1.6", "2.1"]


def test_unknown_clause_raises_bilingual_error() -> None:
    with pytest.raises(UnknownClause) as info:
        clause("9.9")
    assert isinstance(info.value, XuejiError)
    message = str(info.value)
    assert re.search(r"[\u4e00-\u9fff]", message), message
    assert re.search(r"[A-Za-z]{3,}", message), message
    assert "9.9" in message


def test_parents_exist_and_precede_children() -> None:
    order = {cid: i for i, cid in enumerate(CLAUSE_IDS)}
    for c in clauses():
        if c.parent is None:
            continue
        assert c.parent in order, f"{c.id}: parent {c.parent} is not a clause"
        assert order[c.parent] < order[c.id], f"{c.id} comes before its parent {c.parent}"
        assert c.id.startswith(c.parent + "."), f"{c.id}: parent {c.parent} is not its prefix"


def test_parts_are_not_clauses() -> None:
    for cid in ("1.1", "2.1", "3.1", "4", "5", "6.1", "7.1", "8.1", "P", "F1"):
        assert clause(cid).parent is None
    assert clause("5.1.3").parent == "5.1"
    assert clause("5.3.2").parent == "5.3"
    assert clause("8.3.7").parent == "8.3"
    assert clause("2.4.2").parent == "2.4"


def test_titles_present_in_both_languages() -> None:
    for c in clauses():
        assert c.title_zh.strip(), c.id
        assert c.title_en.strip(), c.id
        assert len(c.title_zh) <= 16, c.id


def test_people_only_clauses_say_what_the_library_does() -> None:
    people_only = [c for c in clauses() if not c.computable]
    assert {c.id for c in people_only} >= {"P", "7.1"}
    for c in people_only:
        assert c.note_zh.strip(), c.id
        assert c.note_en.strip(), c.id


def test_no_transcription_artifact_in_texts() -> None:
    for c in clauses():
        assert "学习籍" not in c.text, c.id
        assert "学习学籍" not in c.text, c.id


def test_forms_quote_their_titles() -> None:
    assert clause("F1").text.startswith("义务教育阶段学生转学申请登记表")
    assert clause("F2").text.startswith("义务教育阶段学生休（复）学申请表")
    assert clause("F3").text.startswith("学生实际在校就读证明表")
    assert "数据管理安全承诺书" in clause("F4").text


def test_implements_unknown_clause_fails_at_decoration() -> None:
    with pytest.raises(UnknownClause):

        @implements("9.9")
        def rule() -> None:  # pragma: no cover - never defined
            pass


def test_implements_marks_and_implementations_reads_the_package() -> None:
    """``implements`` only marks a function; ``implementations`` finds the library's marked functions
    by reading every module of the package — no registry, so a throwaway function defined here is not
    listed, and the answer does not depend on what was imported before."""
    from liangshan_xueji.policy import death

    @implements("2.5")
    def report_death() -> None:
        pass

    assert report_death.__clauses__ == ("2.5",)  # type: ignore[attr-defined]
    assert report_death not in implementations("2.5")["2.5"]
    assert death.evaluate_death in implementations("2.5")["2.5"]
    assert death.evaluate_death in implementations()["2.5"]


def test_a_named_text_that_cannot_be_read_fails_instead_of_skipping(tmp_path: Path) -> None:
    """with XUEJI_REGULATION_TEXT set (as .ci/run sets it), the clause-text checks never
    skip: a missing file is an error, not 73 silent skips."""
    import subprocess
    import sys

    env = {**os.environ, REGULATION_ENV: str(tmp_path / "missing.txt")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         f"{__file__}::test_text_is_quoted_from_regulation"],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode != 0, result.stdout[-2000:]
    assert "skipped" not in result.stdout.splitlines()[-1], result.stdout[-2000:]
    assert REGULATION_ENV in result.stdout
