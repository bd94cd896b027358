"""MkDocs hook: the rule reference, generated from the code at build time. 由代码生成的规则参考。

Nothing here is written twice: every page below is made from what the package holds when the site is
built, so a rule, a test or a parameter added to the code appears in the docs with no edit here.

* ``rules/part-*.md``: one page per part of the regulation; each clause quoted from the catalog
  (``liangshan_xueji.law.clauses``) with its titles, parent, kind, the rules registered for it with
  ``@implements`` (linked to the API reference and to the source line), the parameters it sets
  (``DEFAULT_PARAMETERS``), the tests marked ``@pytest.mark.clause`` with its ID and the library's
  reading (the catalog's note), with, under the note, the source of every reading test
  (``@pytest.mark.reading`` with its ID, in ``tests/readings/``) that runs the note as an example;
* ``traceability.md``: the matrix clause × rules × tests, with its gaps;
* ``interpretations.md``, ``parameters.md``;
* ``api/``: one mkdocstrings page per module found in the package (the list is not in mkdocs.yml);
* ``source/``: the files the pages link to, with numbered, linkable lines.

``XUEJI_DOCS_TRACE=strict`` (the default) stops the build when a computable clause has no implementing
rule or no test; ``report`` builds anyway and shows the gaps on the matrix page as 未实现.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import enum
import html
import importlib
import inspect
import io
import logging
import os
import pkgutil
import re
import sys
import textwrap
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.xueji")

PACKAGE = "liangshan_xueji"
TRACE_ENV = "XUEJI_DOCS_TRACE"
TRACE_MODES = ("strict", "report")

#: The nav entries that the hook expands into generated sections.
RULES_INDEX = "rules/index.md"
API_INDEX = "api/index.md"
WORKDAYS_PAGE = "workdays.md"


@dataclass(frozen=True)
class Part:
    """A part of the regulation: its key (first segment of the clause IDs), page and titles."""

    key: str
    page: str
    zh: str
    en: str


#: The regulation's own part headings (一、学籍建立 …) and the forms; the preamble opens part 1's page.
PARTS: tuple[Part, ...] = (
    Part("1", "rules/part-1.md", "序言与一、学籍建立", "Preamble and part 1: registration"),
    Part("2", "rules/part-2.md", "二、学生学籍异动", "Part 2: status changes"),
    Part("3", "rules/part-3.md", "三、毕业升级", "Part 3: graduation and promotion"),
    Part("4", "rules/part-4.md", "四、关键数据", "Part 4: key data"),
    Part("5", "rules/part-5.md", "五、学籍档案管理", "Part 5: the archive"),
    Part("6", "rules/part-6.md", "六、一类模式学生学籍管理", "Part 6: model one (Yi-medium)"),
    Part("7", "rules/part-7.md", "七、学籍管理员管理", "Part 7: registrars"),
    Part("8", "rules/part-8.md", "八、其他", "Part 8: other provisions"),
    Part("F", "rules/forms.md", "附表 1–4", "Forms 1–4"),
)


def part_of(clause_id: str) -> Part:
    """The part a clause belongs to: ``P`` opens part 1, ``F1``–``F4`` are the forms."""
    key = "1" if clause_id == "P" else "F" if clause_id.startswith("F") else clause_id.split(".")[0]
    for part in PARTS:
        if part.key == key:
            return part
    raise PluginError(f"clause {clause_id!r} belongs to no part of the rule reference")


def anchor(clause_id: str) -> str:
    """The HTML id of a clause's section: ``2.1.6.3`` → ``clause-2-1-6-3``."""
    return "clause-" + clause_id.replace(".", "-")


# ---------------------------------------------------------------------------------------------------
# Markdown helpers

_MD_ESCAPE = re.compile(r"([\\`*_\[\]{}])")


def md(text: str) -> str:
    """Text shown as it is: HTML-escaped and Markdown-escaped, on one line."""
    flat = re.sub(r"\s+", " ", text)
    return _MD_ESCAPE.sub(r"\\\1", html.escape(flat, quote=False))


def cell(text: str) -> str:
    """:func:`md` for a table cell (``|`` escaped too)."""
    return md(text).replace("|", r"\|")


def rel(from_page: str, to_page: str) -> str:
    """A relative link between two docs paths (``rules/part-2.md`` → ``api/x.md``)."""
    return os.path.relpath(to_page, os.path.dirname(from_page) or ".").replace(os.sep, "/")


def first_line(doc: str | None) -> str:
    """The summary of a docstring: its first paragraph, on one line."""
    lines: list[str] = []
    for line in (doc or "").strip().splitlines():
        if not line.strip():
            break
        lines.append(line.strip())
    return " ".join(lines)


_CODE = re.compile(r":[a-z]+:`~?([^`]+)`|``(.+?)``|`([^`]+)`")


def inline(text: str) -> str:
    """Docstring text (reST inline markup) as Markdown: roles and literals become code spans."""
    out: list[str] = []
    pos = 0
    for m in _CODE.finditer(text):
        out.append(md(text[pos : m.start()]))
        role_target, literal, single = m.groups()
        code = role_target or literal or single or ""
        if role_target and m.group(0).split("`", 1)[1].startswith("~"):
            code = code.rsplit(".", 1)[-1]
        out.append(f"`{code}`" if "`" not in code else md(code))
        pos = m.end()
    out.append(md(text[pos:]))
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# What the package holds at build time


@dataclass
class ApiModule:
    """A module that gets an API page, with the members that page documents."""

    name: str
    members: tuple[str, ...] | None  # None: mkdocstrings' default (public members)

    @property
    def page(self) -> str:
        return f"api/{self.name}.md"

    def documents(self, qualname: str) -> bool:
        """Whether the API page renders ``qualname`` (so its anchor exists)."""
        head, *rest = qualname.split(".")
        if "<locals>" in rest:
            return False
        private = re.compile(r"^_[^_]")
        if self.members is None:
            if private.match(head):
                return False
        elif head not in self.members:
            return False
        return not any(private.match(part) for part in rest)


@dataclass
class Site:
    """Everything the generated pages are made from, read once per build."""

    root: Path
    mode: str
    package: types.ModuleType
    clauses: tuple[Any, ...]
    rules: dict[str, tuple[Any, ...]]
    rule_docs: dict[str, str]
    tests: dict[str, tuple[Any, ...]]
    parameters: tuple[Any, ...]
    materials: tuple[Any, ...]
    gaps: list[Any]
    modules: list[ApiModule]
    readings: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # clause → reading tests
    sources: dict[str, str] = field(default_factory=dict)  # docs path of a source page → file

    def clause(self, clause_id: str) -> Any:
        return next(c for c in self.clauses if c.id == clause_id)

    def module(self, name: str) -> ApiModule | None:
        return next((m for m in self.modules if m.name == name), None)


_SITE: Site | None = None


def _import_fresh(root: Path) -> types.ModuleType:
    """Import the package from ``root/src`` (the tree being documented), afresh on every build.

    ``mkdocs serve`` rebuilds in the same process: dropping the cached modules makes a rule added
    since the last build appear.
    """
    src = root / "src"
    if (src / PACKAGE).is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    importlib.invalidate_caches()
    try:
        return importlib.import_module(PACKAGE)
    except Exception as exc:  # the package does not import: nothing can be documented
        raise PluginError(f"{PACKAGE} does not import: {exc!r}") from exc


def _api_modules(package: types.ModuleType, rules: dict[str, tuple[Any, ...]]) -> list[ApiModule]:
    """Every public module of the package (no ``_`` segment), plus any module holding a rule."""
    rule_modules = {ref.module for refs in rules.values() for ref in refs}
    names = {PACKAGE}
    for info in pkgutil.walk_packages(package.__path__, PACKAGE + "."):
        if not info.name.endswith(".__main__"):  # importing it would run the command
            names.add(info.name)
    out: list[ApiModule] = []
    for name in sorted(names):
        parts = name.split(".")[1:]
        public = not any(p.startswith("_") for p in parts)
        if name == PACKAGE or not (public or name in rule_modules):
            continue  # the package itself only re-exports: api/index.md lists its __all__
        module = importlib.import_module(name)
        declared = getattr(module, "__all__", None)
        rule_heads = sorted(
            {
                ref.qualname.split(".")[0]
                for refs in rules.values()
                for ref in refs
                if ref.module == name
            }
        )
        if declared is None and not rule_heads:
            members = None
        else:
            members = tuple(dict.fromkeys([*(declared or ()), *rule_heads]))
        out.append(ApiModule(name=name, members=members))
    return out


def trace_mode(environ: Mapping[str, str]) -> str:
    """``XUEJI_DOCS_TRACE``: ``strict`` (the default) or ``report``; anything else stops the build."""
    mode = environ.get(TRACE_ENV, "strict").strip().lower() or "strict"
    if mode not in TRACE_MODES:
        raise PluginError(f"{TRACE_ENV}={mode!r}: expected one of {', '.join(TRACE_MODES)}")
    return mode


def check_gaps(mode: str, gaps: Sequence[Any]) -> None:
    """In strict mode, stop the build when the traceability matrix has gaps, listing every one."""
    if not gaps:
        return
    if mode == "strict":
        listing = "\n".join(f"  - {g}" for g in gaps)
        raise PluginError(
            f"traceability: {len(gaps)} gaps (set {TRACE_ENV}=report to build anyway and list "
            f"them on the matrix page):\n{listing}"
        )
    log.info("traceability: %d gaps, shown on traceability.md (%s=report)", len(gaps), TRACE_ENV)


def _read_site(config: MkDocsConfig) -> Site:
    mode = trace_mode(os.environ)
    root = Path(config.config_file_path).resolve().parent
    package = _import_fresh(root)
    clauses_mod = importlib.import_module(f"{PACKAGE}.law.clauses")
    trace = importlib.import_module(f"{PACKAGE}.law._traceability")
    params_mod = importlib.import_module(f"{PACKAGE}.law.parameters")

    tests_dir = root / "tests"
    try:
        rules = trace.rules_by_clause()
        tests = trace.test_refs_by_clause(tests_dir)
        readings = trace.reading_refs_by_clause(tests_dir)
        gaps = trace.gaps(tests_dir)
    except Exception as exc:  # a module that does not import, a test file that does not parse
        raise PluginError(f"traceability could not be read: {exc}") from exc
    rule_docs: dict[str, str] = {}
    for funcs in clauses_mod.implementations().values():
        for func in funcs:
            target = inspect.unwrap(func)
            dotted = f"{target.__module__}.{target.__qualname__}"
            rule_docs[dotted] = first_line(inspect.getdoc(target))
    modules = _api_modules(package, rules)
    return Site(
        root=root,
        mode=mode,
        package=package,
        clauses=tuple(clauses_mod.clauses()),
        rules=rules,
        rule_docs=rule_docs,
        tests=tests,
        parameters=tuple(params_mod.DEFAULT_PARAMETERS),
        materials=read_materials(),
        gaps=gaps,
        modules=modules,
        readings=readings,
    )


def site() -> Site:
    if _SITE is None:  # pragma: no cover - on_config always runs first
        raise PluginError("the xueji docs hook ran out of order (on_config first)")
    return _SITE


# ---------------------------------------------------------------------------------------------------
# Links to the API reference and to the source view


def source_page(file: str) -> str:
    """The docs path of the source view of a repository file (``src/x.py`` → ``source/src/x.py.md``)."""
    return f"source/{file}.md"


def source_link(from_page: str, file: str, line: int) -> str:
    """``[`file:line`](…#Lline)``, or plain text when the file is not in the tree."""
    label = f"`{file}:{line}`"
    path = site().root / file
    if file.startswith(("/", "<")) or not path.is_file():
        return label
    site().sources[source_page(file)] = file
    return f"[{label}]({rel(from_page, source_page(file))}#L{line})"


def rule_link(from_page: str, ref: Any) -> str:
    """The rule's qualified name linked to its API anchor, then its source line."""
    module = site().module(ref.module)
    name = f"`{ref.dotted}`"
    if module is not None and module.documents(ref.qualname):
        name = f"[{name}]({rel(from_page, module.page)}#{ref.dotted})"
    return f"{name} · {source_link(from_page, ref.file, ref.line)}"


def clause_link(from_page: str, clause_id: str, *, title: bool = True) -> str:
    c = site().clause(clause_id)
    label = f"{c.id} {md(c.title_zh)}" if title else c.id
    return f"[{label}]({rel(from_page, part_of(clause_id).page)}#{anchor(clause_id)})"


# ---------------------------------------------------------------------------------------------------
# Pages: one per part of the regulation


def reference(p: Any) -> str:
    """A parameter's reference; the regulation itself is named by its number only."""
    source = site().clauses[0].source
    return str(source.number) if p.reference == str(source) else str(p.reference)


def _kind(c: Any) -> str:
    if c.computable:
        return "可计算：约束数据，本库检查 / computable: binds data, the library checks it"
    return "约束人员：本库不能判定 / people-bound: binds people, not data"


def _clause_section(page: str, c: Any) -> list[str]:
    s = site()
    level = "#" * min(6, 2 + len(c.ancestors))
    out = [
        f"{level} {c.id} {md(c.title_zh)} · {md(c.title_en)} {{ #{anchor(c.id)} }}",
        "",
        '<blockquote class="xueji-quote" markdown>',
        "",
        md(c.text),
        "",
        "</blockquote>",
        "",
        f"- **上级 Parent**: {clause_link(page, c.parent) if c.parent else '—'}",
    ]
    if c.children:
        kids = "、".join(clause_link(page, k.id) for k in c.children)
        out.append(f"- **下级 Children**: {kids}")
    out.append(f"- **类型 Kind**: {_kind(c)}")
    if c.source != s.clauses[0].source:
        out.append(f"- **出处 Source**: {md(str(c.source))}")
    out.append("")

    refs = s.rules.get(c.id, ())
    out.append("**实现它的规则 Implemented by**")
    out.append("")
    if refs:
        for ref in refs:
            doc = s.rule_docs.get(ref.dotted, "")
            out.append(f"- {rule_link(page, ref)}" + (f" — {inline(doc)}" if doc else ""))
    elif c.computable:
        out.append("- **未实现 / not implemented yet**")
    else:
        out.append("- —（约束人员的条款 / people-bound）")
    out.append("")

    params = [p for p in s.parameters if p.clause == c.id]
    if params:
        out += [
            "**它设定的参数 Parameters it sets**",
            "",
            "| 参数 Parameter | 值 Value | 单位 Unit | 自 Since | 含义 Meaning | 依据 Reference |",
            "|---|---|---|---|---|---|",
        ]
        for p in params:
            out.append(
                f"| `{p.name}` | {cell(p.value_text)} | {cell(p.unit)} | {p.since} "
                f"| {cell(p.zh)} / {cell(p.en)} | {cell(reference(p))} |"
            )
        out.append("")

    materials = [m for m in s.materials if m.clause == c.id]
    if materials:
        out += [
            "**所需材料 Materials it requires**",
            "",
            "| 代码 Key | 材料 Material |",
            "|---|---|",
        ]
        for m in materials:
            out.append(f"| {material_key(m.key, c.id)} | {cell(m.zh)} / {cell(m.en)} |")
        out.append("")

    tests = s.tests.get(c.id, ())
    out.append("**证明它的测试 Tests that exercise it**")
    out.append("")
    if tests:
        for t in tests:
            link = source_link(page, t.file, t.line)
            out.append(f"- `{t.node_id}` · {link}")
    elif c.computable:
        out.append("- **尚无测试 / no test yet**")
    else:
        out.append("- —")
    out.append("")

    if c.note_zh or c.note_en:
        out += ['!!! note "本库的理解 The library\'s reading"', ""]
        if c.note_zh:
            out += [f"    {md(c.note_zh)}", ""]
        if c.note_en:
            out += [f"    {md(c.note_en)}", ""]
        out += _reading_examples(page, c)
    return out


def reading_source(ref: Any) -> str:
    """The source of one reading test (its ``def`` line to its last line), dedented."""
    path = site().root / ref.file
    lines = path.read_text(encoding="utf-8").splitlines()[ref.line - 1 : ref.end_line or ref.line]
    return textwrap.dedent("\n".join(lines))


def _reading_examples(page: str, c: Any) -> list[str]:
    """Under a note: each reading test that runs it, its source beside the note's words."""
    refs = site().readings.get(c.id, ())
    if not refs:
        if c.computable:
            return ["    *尚无可运行的示例 / no runnable example yet*", ""]
        return []
    out = ["    **可运行的示例 Runnable example** (pytest 运行 / run by pytest):", ""]
    for ref in refs:
        out += [
            f"    `{ref.node_id}` · {source_link(page, ref.file, ref.line)}",
            "",
            "    ```python",
            *(f"    {line}" if line else "" for line in reading_source(ref).splitlines()),
            "    ```",
            "",
        ]
    return out


def read_materials() -> tuple[Any, ...]:
    """Every :class:`~liangshan_xueji.decisions.Material` a rule module holds at module level (alone or
    in a tuple), once each, in the modules' order: what each clause requires, from the code."""
    decisions = importlib.import_module(f"{PACKAGE}.decisions")
    policy = importlib.import_module(f"{PACKAGE}.policy")
    found: dict[tuple[str, str], Any] = {}
    for module in policy.MODULES:
        for value in vars(module).values():
            items = value if isinstance(value, tuple) else (value,)
            for item in items:
                if isinstance(item, decisions.Material):
                    found.setdefault((item.clause, item.key), item)
    return tuple(found.values())


def material_key(key: str, clause_id: str) -> str:
    """A material's key, with the enumeration member an event takes it as (``TransferMaterial.F1``)."""
    materials = importlib.import_module(f"{PACKAGE}.records.materials")
    members = [
        f"`{kind.__name__}.{m.name}`"
        for kind in dict.fromkeys(materials.MATERIALS_OF.values())
        for m in kind
        if m.value == key
    ]
    return f"`{key}`" + (f" ({' / '.join(members)})" if members else "")


def part_page(part: Part) -> str:
    s = site()
    members = [c for c in s.clauses if part_of(c.id) is part]
    out = [
        f"# {part.zh} · {part.en}",
        "",
        f"本页由代码生成：引文与标题来自条款目录，规则来自 `@implements` 登记，测试按 "
        f"`@pytest.mark.clause` 收集。出处：{md(str(s.clauses[0].source))}。 / Generated from the "
        "code: text and titles from the clause catalog, rules from the `@implements` registry, "
        "tests collected by their `@pytest.mark.clause` markers.",
        "",
    ]
    for c in members:
        out += _clause_section(part.page, c)
    return "\n".join(out) + "\n"


def rules_index() -> str:
    s = site()
    rules_of = s.rules
    out = [
        "# 条文 · The regulation",
        "",
        f"{md(str(s.clauses[0].source))}，共 {len(s.clauses)} 个条款（含序言与附表1–4）。"
        f" / {len(s.clauses)} clauses, the preamble and the four forms included.",
        "",
        "每个条款一节：原文引文、标题、上级条款、类型、实现它的规则（链接到 API 参考和源代码行）、"
        "它设定的参数、证明它的测试，以及本库对含糊之处的理解。引文删去了转录稿误插的“学习”二字"
        "（见[首页](../index.md#transcription)）。 / One section per clause: the quoted text, its "
        "titles, parent and kind, the rules that implement it (linked to the API reference and the "
        "source line), the parameters it sets, the tests that prove it, and the library's reading "
        "where the text is vague.",
        "",
        "| 部分 Part | 条款 Clauses | 可计算 Computable | 已实现 Implemented | 已测试 Tested |",
        "|---|---|---|---|---|",
    ]
    for part in PARTS:
        members = [c for c in s.clauses if part_of(c.id) is part]
        comp = [c for c in members if c.computable]
        impl = [c for c in comp if rules_of.get(c.id)]
        tested = [c for c in comp if s.tests.get(c.id)]
        out.append(
            f"| [{part.zh} · {part.en}]({rel(RULES_INDEX, part.page)}) | {len(members)} "
            f"| {len(comp)} | {len(impl)} | {len(tested)} |"
        )
    out += ["", "## 条款目录 Catalog", ""]
    for c in s.clauses:
        indent = "    " * len(c.ancestors)
        people = "" if c.computable else " *（约束人员 people-bound）*"
        out.append(f"{indent}- {clause_link(RULES_INDEX, c.id)} · {md(c.title_en)}{people}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------
# The traceability matrix, interpretations, parameters


#: Front matter of the generated pages that are mostly one wide table: no table of contents.
WIDE = ("---", "hide:", "  - toc", "---", "")

_GAP_LABEL = {
    "no-rule": "未实现 / not implemented yet",
    "no-test": "缺测试 / no test yet",
    "no-note": "缺说明 / no note",
}


def traceability_page() -> str:
    s = site()
    page = "traceability.md"
    comp = [c for c in s.clauses if c.computable]
    done = [c for c in comp if s.rules.get(c.id) and s.tests.get(c.id)]
    people = [c for c in s.clauses if not c.computable]
    out = [
        *WIDE,
        "# 对照矩阵 · Traceability matrix",
        "",
        "每个条款 × 实现它的规则 × 证明它的测试，由代码生成。可计算的条款必须既有规则又有测试，"
        f"否则在 `{TRACE_ENV}=strict`（默认）下文档构建失败；约束人员的条款必须有说明。 / Every "
        "clause × the rules that implement it × the tests that prove it, generated. A computable "
        f"clause needs both a rule and a test, or the build fails under `{TRACE_ENV}=strict` (the "
        "default); a people-bound clause needs its note.",
        "",
        f"- 条款 clauses: **{len(s.clauses)}**；可计算 computable: **{len(comp)}**；"
        f"约束人员 people-bound: **{len(people)}**",
        f"- 已实现并测试 implemented and tested: **{len(done)} / {len(comp)}**",
        f"- 本次构建 this build: `{TRACE_ENV}={s.mode}`",
        "",
    ]
    if s.gaps:
        out += [
            f'!!! danger "未实现 / not implemented yet — {len(s.gaps)} 处缺口 gaps"',
            "",
            "    以下条款尚缺规则、测试或说明；在严格模式下构建会失败。 / These clauses still lack "
            "a rule, a test or a note; a strict build fails on them.",
            "",
        ]
        by_clause: dict[str, list[str]] = {}
        for g in s.gaps:
            by_clause.setdefault(g.clause, []).append(_GAP_LABEL[g.kind])
        for cid, labels in by_clause.items():
            out.append(f"    - {clause_link(page, cid)}: **{'；'.join(labels)}**")
        out.append("")
    else:
        out += [
            '!!! success "没有缺口 / no gaps"',
            "",
            "    每个可计算的条款都有实现它的规则和测试，每个约束人员的条款都有说明。 / Every "
            "computable clause has a rule and a test; every people-bound clause has its note.",
            "",
        ]
    unknown = [cid for cid in s.tests if cid not in {c.id for c in s.clauses}]
    if unknown:
        out += [
            '!!! warning "测试引用了未知条款 / tests cite unknown clauses"',
            "",
            *(
                f"    - `{cid}`: " + ", ".join(f"`{t.node_id}`" for t in s.tests[cid])
                for cid in unknown
            ),
            "",
        ]
    out += [
        "| 条款 Clause | 类型 Kind | 规则 Rules | 测试 Tests | 状态 Status |",
        "|---|---|---|---|---|",
    ]
    for c in s.clauses:
        refs = s.rules.get(c.id, ())
        tests = s.tests.get(c.id, ())
        kind = "可计算 computable" if c.computable else "约束人员 people-bound"
        names = "<br>".join(
            f"[`{r.qualname}`]({rel(page, m.page)}#{r.dotted})"
            if (m := s.module(r.module)) is not None and m.documents(r.qualname)
            else f"`{r.qualname}`"
            for r in refs
        )
        kinds = {g.kind for g in s.gaps if g.clause == c.id}
        if not kinds:
            status = "完整 complete" if c.computable else "有说明 note given"
        else:
            status = "**缺口 gap**: " + "；".join(_GAP_LABEL[k] for k in sorted(kinds))
        out.append(
            f"| {clause_link(page, c.id)} | {kind} | {names or '—'} | {len(tests) or '—'} "
            f"| {status} |"
        )
    return "\n".join(out) + "\n"


MACHINE_PAGE = "machine.md"


def machine_page() -> str:
    """The status machine (``records.machine.TRANSITIONS``) as a Mermaid state diagram and a table."""
    machine = importlib.import_module(f"{PACKAGE}.records.machine")
    page = MACHINE_PAGE
    out = [
        "# 状态机 · The status machine",
        "",
        "学籍状态只经学籍异动改变。下图与下表由状态转换表 `records.machine.TRANSITIONS` 生成：每类事件"
        "可在哪些状态下办理、办理后为何状态、依据哪一条款；不在表中状态的办理一律拒绝，并说明理由。"
        " / A record's status changes only through an event. The diagram and the table are generated "
        "from the transition table: the statuses each kind of event may happen in, the status it "
        "leaves, and the clause; an event in any other status is refused with the row's reason.",
        "",
        "```mermaid",
        machine.mermaid().rstrip("\n"),
        "```",
        "",
        "| 事件 event | 可办理的状态 from | 办理后 to | 条款 clause | 拒绝理由 refusal |",
        "|---|---|---|---|---|",
    ]
    order = list(machine.Status)
    for row in machine.TRANSITIONS:
        sources = "、".join(st.zh for st in sorted(row.sources, key=order.index))
        if row.sources == machine.LIVE:
            sources = "任一非终止状态 any live status"
        target = "不变 unchanged" if row.target is None else f"{row.target.zh} {row.target.en}"
        refusal = cell(f"{row.zh} / {row.en}".format(zh="…", en="…")) if row.zh else "—"
        out.append(
            f"| `{row.kind}` | {sources} | {target} | {clause_link(page, row.clause)} | {refusal} |"
        )
    out += [
        "",
        "终止状态（死亡 2.5、重复学籍已删除 3.3）不再接受任何学籍操作。 / The terminal statuses "
        "(deceased 2.5, duplicate removed 3.3) accept no further act.",
        "",
    ]
    return "\n".join(out)


def interpretations_page() -> str:
    s = site()
    page = "interpretations.md"
    out = [
        "# 解释 · Interpretations",
        "",
        "条文含糊之处，本库选择登记员会预期的理解；能因地而异的，做成了参数（见[参数](parameters.md)）。"
        "本页列出条款目录中的全部说明，由代码生成。约束人员的条款的说明写明本库能为它做什么。 / Where "
        "the text is vague the library takes the reading a registrar would expect, and makes it a "
        "parameter where it can differ. This page lists every note of the clause catalog, "
        "generated; for a people-bound clause the note says what the library does for it.",
        "",
        "## 每条说明都作为测试运行 · Every reading runs as a test { #readings-run }",
        "",
        "说明约定行为的，都有一个可运行的示例：`tests/readings/test_part*.py` 中标有 "
        '`@pytest.mark.reading("条款号")` 的测试，文档字符串引用说明原文，函数体用最小的调用证明它；'
        "它随全部测试一起运行，说明与代码一旦不符即失败。各部分页面在每条说明下列出其示例的源码；"
        "`tests/test_readings_coverage.py` 检查每条有说明的可计算条款都有示例。 / Every note that "
        "states behaviour has a runnable example: a test in `tests/readings/test_part*.py` marked "
        '`@pytest.mark.reading("X.Y")`, whose docstring quotes the note and whose body proves it with '
        "the smallest call. It runs with the test suite, so a note and the code cannot drift apart "
        "unnoticed. Each part page shows the example's source under the note; "
        "`tests/test_readings_coverage.py` checks that every computable clause with a note has one.",
        "",
    ]
    for part in PARTS:
        noted = [c for c in s.clauses if part_of(c.id) is part and (c.note_zh or c.note_en)]
        if not noted:
            continue
        out += [f"## {part.zh} · {part.en}", ""]
        for c in noted:
            kind = "" if c.computable else "（约束人员 people-bound）"
            out += [
                f"### {c.id} {md(c.title_zh)} · {md(c.title_en)}{kind} {{ #{anchor(c.id)} }}",
                "",
                f"- {md(c.note_zh)}" if c.note_zh else "- —",
                f"- {md(c.note_en)}" if c.note_en else "- —",
                "",
                f"条文 Clause text: {clause_link(page, c.id, title=False)}",
                "",
            ]
            examples = s.readings.get(c.id, ())
            if examples:
                links = "、".join(
                    f"`{r.name}` ({source_link(page, r.file, r.line)})" for r in examples
                )
                out += [f"示例 Runs as: {links}", ""]
    return "\n".join(out) + "\n"


def parameters_page() -> str:
    s = site()
    page = "parameters.md"
    out = [
        *WIDE,
        "# 参数 · Parameters",
        "",
        "规则所用的每个数值和日期，连同其条款、单位、生效日期和依据，由 "
        "`liangshan_xueji.law.parameters.DEFAULT_PARAMETERS` 生成。县（市）可用 "
        "`ParameterSet.override` 覆盖某个参数（例如班额标准），得到新的参数集；日后的修订是同名参数的"
        "新版本，自其 `since` 日期起生效。 / Every number and date the rules use, with its clause, "
        "unit, start date and reference, generated from `DEFAULT_PARAMETERS`. A county overrides "
        "one with `ParameterSet.override`; a later amendment is a new version with a later `since`.",
        "",
        "值为“未设定 / not set”的参数没有默认值：规定把它交给别的机关（如跨市州、跨省转学“按照省教育厅"
        "相关规定执行”，2.1.4），调用方以 `ParameterSet.override` 设定并注明依据之前，本库不设相应期限、"
        "不报相应逾期。 / A parameter shown as “not set” has no default: the regulation leaves it to "
        "another authority (a transfer across prefectures follows the province's rules, 2.1.4), so "
        "until a caller sets it with `ParameterSet.override`, citing its reference, the library sets "
        "no due date from it and reports nothing late.",
        "",
        "| 参数 Parameter | 值 Value | 单位 Unit | 条款 Clause | 自 Since | 含义 Meaning | 依据 Reference |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in s.parameters:
        out.append(
            f"| `{p.name}` | {cell(p.value_text)} | {cell(p.unit)} | "
            f"{clause_link(page, p.clause, title=False)} | {p.since} | {cell(p.zh)} / "
            f"{cell(p.en)} | {cell(reference(p))} |"
        )
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------------
# API reference and source view


def _layers(root: Path) -> list[list[str]]:
    """The import-linter layers of pyproject.toml, top first; each a list of its independent parts."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return [[part.strip() for part in layer.split("|")] for layer in contract["layers"]]


def architecture_page() -> str:
    """The layers of the package, from the import-linter contract that CI checks, with each module's
    first docstring line; and the rule modules the default regulation is built from."""
    root = Path(__file__).resolve().parents[2]
    names = sorted(
        info.name
        for info in pkgutil.walk_packages(importlib.import_module(PACKAGE).__path__, PACKAGE + ".")
        if not info.name.endswith(".__main__")
    )
    lines = [
        "# 架构 Architecture",
        "",
        "本页由 `pyproject.toml` 中的 import-linter 分层约定生成；CI 运行 `lint-imports` 检查它。"
        "每一层只导入其下各层；同一层中以 | 分隔的部分互不导入。 / Generated from the import-linter "
        "`layers` contract in `pyproject.toml`, which CI checks with `lint-imports`: each layer imports "
        "only the layers below it; the parts of one layer separated by | do not import each other.",
        "",
        "| 层 layer | 模块 modules |",
        "|---|---|",
    ]
    for layer in _layers(root):
        mods = []
        for top in layer:
            for name in [n for n in [top, *names] if n == top or n.startswith(top + ".")]:
                if name.rsplit(".", 1)[-1].startswith("_") and name != top:
                    continue
                doc = first_line(importlib.import_module(name).__doc__)
                mods.append(f"`{name}` — {inline(doc)}" if doc else f"`{name}`")
        parts = " \\| ".join(f"`{t}`" for t in layer)
        lines.append(f"| {parts} | {'<br>'.join(dict.fromkeys(mods))} |")
    policy = importlib.import_module(f"{PACKAGE}.policy")
    lines += [
        "",
        "## 规则总集 The regulation object",
        "",
        "`evaluate`、`apply` 和审核使用的 `Regulation` 由下列规则模块按此顺序显式构建"
        "（`liangshan_xueji.policy.MODULES`），不依赖导入顺序。 / The `Regulation` that `evaluate`, "
        "`apply` and the audit use is built explicitly from these rule modules, in this order "
        "(`liangshan_xueji.policy.MODULES`); no behaviour depends on import order.",
        "",
    ]
    regulation = policy.default_regulation()
    for module in policy.MODULES:
        rules = sorted(
            t.__name__ for t, fn in regulation.rules.items() if fn.__module__ == module.__name__
        )
        checks = [
            c.__name__
            for c in (*regulation.record_checks, *regulation.school_checks)
            if c.__module__ == module.__name__
        ]
        what = "; ".join(
            x
            for x in (
                f"rules: {', '.join(rules)}" if rules else "",
                f"checks: {', '.join(checks)}" if checks else "",
            )
            if x
        )
        lines.append(
            f"- `{module.__name__}` — {inline(first_line(module.__doc__))}"
            + (f" ({what})" if what else "")
        )
    return "\n".join(lines) + "\n"


#: The API reference's grouping of the top level by task. Every name of ``liangshan_xueji.__all__`` must
#: be in one group (the build stops otherwise), so a name added to the top level gets its place here.
API_TASKS: tuple[tuple[str, str, str], ...] = (
    (
        "判断与执行一项操作",
        "Judge and apply an act",
        "evaluate apply Decision Reason Material Deadline",
    ),
    (
        "学籍",
        "The record",
        "Record Student StudentNumber IdentityNumber School Grade Stage SchoolSystem Status",
    ),
    ("转学", "A transfer", "TransferRequest TransferAct TransferParty"),
    ("上下文与工作日", "The context and the working days", "Context WorkCalendar deadline"),
    ("审核", "The audit", "audit Finding"),
    ("条款", "The clauses", "clause clauses Clause"),
    ("存储", "Storing a record (JSON)", "to_json from_json"),
    (
        "错误",
        "Errors",
        "XuejiError InvalidInput PolicyViolation AmbiguousDecision UnknownClause "
        "CalendarDataMissing ParameterNotInForce",
    ),
)

#: The documented namespaces beyond the top level, in the order a new user meets them.
API_NAMESPACES: tuple[str, ...] = (
    f"{PACKAGE}.events",
    f"{PACKAGE}.procedures",
    f"{PACKAGE}.models",
    f"{PACKAGE}.law",
    f"{PACKAGE}.forms",
    f"{PACKAGE}.audit",
    f"{PACKAGE}.io.roster",
    f"{PACKAGE}.synth",
    f"{PACKAGE}.examples",
)


def signature(name: str, obj: Any) -> str:
    """How ``obj`` is called, as Python: ``name(params)``, one parameter a line when long; an
    enumeration as its members."""
    if inspect.isclass(obj) and issubclass(obj, enum.Enum):
        members = ", ".join(f"{m.name}={m.value!r}" for m in obj)
        return f"class {name}(enum.Enum): {members}"
    overloads = typing.get_overloads(obj) if hasattr(typing, "get_overloads") else []
    try:
        sig = inspect.signature(
            overloads[0] if overloads else obj
        )  # the first overload: the usual form
    except (TypeError, ValueError):
        return name
    prefix = "class " if inspect.isclass(obj) else ""
    params: list[str] = []
    star = False
    for p in sig.parameters.values():
        if p.kind is p.KEYWORD_ONLY and not star:
            params.append("*")
        star = star or p.kind in (p.KEYWORD_ONLY, p.VAR_POSITIONAL)
        params.append(_unquote(str(p)))
    ret = ""
    if sig.return_annotation is not inspect.Signature.empty and not prefix:
        ret = f" -> {_unquote(str(sig.return_annotation))}"
    one_line = f"{prefix}{name}({', '.join(params)}){ret}"
    if len(one_line) <= 96:
        return one_line
    return f"{prefix}{name}(\n" + "".join(f"    {p},\n" for p in params) + f"){ret}"


def _unquote(text: str) -> str:
    """A parameter as written in the source: string annotations unquoted, enum defaults by name."""
    text = re.sub(r"(:\s*)'([^']*)'", r"\1\2", text)
    text = re.sub(r"^'([^']*)'$", r"\1", text)
    return re.sub(r"<(\w+\.\w+): [^>]*>", r"\1", text)


def _home(name: str, obj: Any) -> ApiModule | None:
    """The API page that documents ``obj``: the module that defines it, else one that lists it."""
    s = site()
    defined = getattr(obj, "__module__", None)
    if (inspect.isclass(obj) or inspect.isroutine(obj)) and isinstance(defined, str):
        m = s.module(defined)
        if m is not None and m.documents(name):
            return m
    return next(
        (
            m
            for m in s.modules
            if m.members is not None
            and name in m.members
            and getattr(sys.modules.get(m.name), name, object()) is obj
        ),
        None,
    )


def api_index() -> str:
    s = site()
    public = [n for n in getattr(s.package, "__all__", ()) if n != "__version__"]
    grouped = [n for _zh, _en, names in API_TASKS for n in names.split()]
    if sorted(grouped) != sorted(public):
        raise PluginError(
            "API_TASKS in docs/_hooks/generate.py does not group liangshan_xueji.__all__ exactly: "
            f"missing {sorted(set(public) - set(grouped))}, extra {sorted(set(grouped) - set(public))}"
        )
    out = [
        "# API 参考 · API reference",
        "",
        f"顶层 `{PACKAGE}` 只有嵌入者首先需要的 **{len(public)} 个名字**（`__all__`），按任务分组如下；"
        "其余在下列命名空间中。`import liangshan_xueji` 只读入包的 `__init__`，各部分在首次使用时加载"
        "（见[基准](../benchmarks.md)）。0.1 版顶层的其他名字在一个版本内仍可用，并给出 "
        "`DeprecationWarning`，指明新位置。 / The top level holds the "
        f"**{len(public)} names** an embedder needs first, grouped by task below; the rest is in the "
        "namespaces further down. `import liangshan_xueji` reads the package's `__init__` only; each "
        "part loads on first use (see the benchmarks). The other top-level names of 0.1 still work for "
        "one release, with a `DeprecationWarning` naming the new place.",
        "",
        f"版本 version: `{getattr(s.package, '__version__', '?')}`",
        "",
    ]
    for zh, en, names in API_TASKS:
        out += [f"## {zh} · {en}", ""]
        for name in names.split():
            obj = getattr(s.package, name)
            home = _home(name, obj)
            link = (
                f" · [{home.name}]({rel(API_INDEX, home.page)}#{home.name}.{name})"
                if home is not None
                else ""
            )
            summary = first_line(inspect.getdoc(obj))
            out += [
                f"### `{name}`{link} {{ #{name} }}",
                "",
                "```python",
                signature(name, obj),
                "```",
                "",
                inline(summary),
                "",
            ]
    out += [
        "## 命名空间 · Namespaces",
        "",
        "顶层之外的公共名字，按用途分在这些模块中（`liangshan_xueji.events.Suspend` 等，首次使用时加载）。"
        " / The public names beyond the top level, by purpose (loaded on first use).",
        "",
    ]
    for name in API_NAMESPACES:
        m = s.module(name)
        module = importlib.import_module(name)
        doc = first_line(inspect.getdoc(module))
        label = f"[`{name}`]({rel(API_INDEX, m.page)})" if m is not None else f"`{name}`"
        members = ", ".join(f"`{n}`" for n in getattr(module, "__all__", ()))
        out += [f"### {label}", "", inline(doc), "", members, ""]
    out += [
        "## 实现模块 · Implementation modules",
        "",
        "条款页链接到实现规则的函数，它们定义在以下模块中。这些模块的名字不是公共接口，可能在版本间变化；"
        "请从顶层或上面的命名空间导入。 / The clause pages link to the functions that implement "
        "each rule, defined in these modules. Their names are not the public interface and may change "
        "between releases: import from the top level or the namespaces above.",
        "",
    ]
    for m in s.modules:
        if m.name in API_NAMESPACES:
            continue
        doc = first_line(inspect.getdoc(sys.modules.get(m.name)))
        out.append(f"- [`{m.name}`]({rel(API_INDEX, m.page)}) — {inline(doc)}")
    return "\n".join(out) + "\n"


def api_page(module: ApiModule) -> str:
    lines = [f"::: {module.name}", "    options:", "      show_root_heading: true"]
    if module.members is not None:
        lines.append("      members:")
        lines += [f"        - {name}" for name in module.members]
    return "\n".join(lines) + "\n"


def source_view(file: str) -> str:
    """A file with numbered lines, each an anchor (``#L42``); plain HTML, no highlighting (fast)."""
    lines = (site().root / file).read_text(encoding="utf-8").splitlines()
    body = "".join(
        f'<span class="xueji-line" id="L{n}"><a class="xueji-ln" href="#L{n}">{n}</a>'
        f"{html.escape(line)}</span>\n"
        for n, line in enumerate(lines, start=1)
    )
    return "\n".join(
        [
            "---",
            "search:",
            "  exclude: true",
            "hide:",
            "  - navigation",
            "  - toc",
            "---",
            "",
            f"# `{file}`",
            "",
            f'<pre class="xueji-source"><code>{body}</code></pre>',
            "",
        ]
    )


WORKDAYS_PLACEHOLDER = """# 工作日 · Working days

!!! warning "尚未编写 / not written yet"

    本页由工作日日历（`liangshan_xueji.calendar.workdays`）的作者编写，尚未加入文档。 / This page is written
    with the working-day calendar (`liangshan_xueji.calendar.workdays`) and is not in the docs yet.
"""


# ---------------------------------------------------------------------------------------------------
# Hand-written pages: what exists at build time, and the CLI's own --help


_DIRECTIVE = re.compile(r"<!--\s*xueji:(status|help|run|readme|notices|monthgrid)\b(.*?)-->", re.S)


def _cli_commands() -> dict[str, argparse.ArgumentParser]:
    cli = importlib.import_module(f"{PACKAGE}.cli.app")
    parser = cli.build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _run_cli(argv: list[str]) -> tuple[int, str]:
    """Run ``xueji ARGV`` in-process; its exit code and what it printed (stdout, then stderr)."""
    cli = importlib.import_module(f"{PACKAGE}.cli.app")
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # --help, argparse errors
                code = exc.code if isinstance(exc.code, int) else 0
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved
    return code, (out.getvalue() + err.getvalue()).rstrip()


def _fence(text: str) -> str:
    return "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)


def _not_yet(command: str) -> str:
    raise PluginError(f"a docs page runs `xueji {command}`, which the CLI does not have")


def _help_block(command: str) -> str:
    if command and command not in _cli_commands():
        return _not_yet(command)
    _code, text = _run_cli([command, "--help"] if command else ["--help"])
    fence = _fence(text)
    title = f"xueji {command} --help".replace("  ", " ")
    return f'{fence}text title="{title}"\n{text}\n{fence}\n'


def _run_block(args: list[str]) -> str:
    if not args or args[0] not in _cli_commands():
        return _not_yet(" ".join(args))
    code, text = _run_cli(args)
    shown = f"$ xueji {' '.join(args)}\n{text}"
    if code:
        shown += f"\n# 退出码 exit code {code}"
    fence = _fence(shown)
    return f"{fence}text\n{shown}\n{fence}\n"


def _readme_block() -> str:
    readme = site().root / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else ""
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    if not blocks:
        return "（README 中还没有 Python 示例 / the README has no Python example yet）\n"
    return "\n".join(f"{_fence(b)}python\n{b.rstrip()}\n{_fence(b)}\n" for b in blocks)


def _status(args: dict[str, str]) -> str:
    """``<!-- xueji:status cli=deadline api=deadline,WorkCalendar -->``: a check, not a notice. Every
    command and public name the page relies on must exist (``api`` names: top level or
    ``namespace.Name``), or the build stops; the published page shows nothing of it."""
    s = site()
    commands = _cli_commands()
    missing = [
        f"xueji {c}" for c in filter(None, args.get("cli", "").split(",")) if c not in commands
    ]
    for name in filter(None, args.get("api", "").split(",")):
        *where, attr = name.split(".")
        try:
            holder = importlib.import_module(".".join([PACKAGE, *where])) if where else s.package
        except ImportError:
            holder = None
        public = getattr(holder, "__all__", ()) if holder is not None else ()
        if attr not in public:
            missing.append(f"{PACKAGE}.{name}")
    if missing:
        raise PluginError(f"a docs page relies on what does not exist: {', '.join(missing)}")
    return ""


# ---------------------------------------------------------------------------------------------------
# The Liangshan prefecture's notices: the year-by-year table and a month grid, from the data


def _notices_table() -> str:
    """``<!-- xueji:notices -->``: one row per year from 2016, a notice with its source or missing."""
    wd = importlib.import_module(f"{PACKAGE}.calendar.workdays")
    cal = wd.WorkCalendar.liangshan()
    missing = wd.liangshan_missing()
    own = {"火把节", "彝族年", "彝历新年", "民族团结进步节", "州庆"}
    rows = [
        "| year | notice 文号 | dated | national basis | the prefecture's own days off | "
        "调休 working days | source |",
        "|---|---|---|---|---|---|---|",
    ]
    for year in range(wd.LIANGSHAN_FIRST_YEAR, max([*cal.years, *missing]) + 1):
        if year in missing:
            rows.append(f"| {year} | **missing** | | | {cell(missing[year])} | | |")
            continue
        info = cal.notice_info(year)
        notes = cal.explain(_dt.date(year - 1, 12, 31), _dt.date(year, 12, 31))
        spans: dict[str, list[_dt.date]] = {}
        for n in notes:
            if n.kind == "holiday" and n.name is not None and any(o in n.name.zh for o in own):
                spans.setdefault(n.name.zh, []).append(n.date)
        own_text = "; ".join(
            f"{name} {min(days):%m-%d}" + (f"–{max(days):%m-%d}" if max(days) > min(days) else "")
            for name, days in spans.items()
        )
        worked = ", ".join(f"{n.date:%m-%d}" for n in notes if n.kind == "adjusted_workday")
        dated = f"{info.issued}" if info.issued else f"reported {info.reported}"
        rows.append(
            f"| {year} | {cell(info.number)} | {dated} | {cell(info.basis)} | {cell(own_text)} | "
            f"{worked} | [{cell(info.source.split(',')[0])}]({info.url}) |"
        )
    return "\n".join(rows)


_GRID_COLOURS = {
    "work": ("#ffffff", "工作日 working day (both)"),
    "off": ("#d0d0d0", "休息 day off (both)"),
    "ls_off": ("#e4572e", "凉山州放假、全国上班 off in Liangshan, working nationally"),
    "ls_work": ("#2e86de", "凉山州上班、全国休息 working in Liangshan, off nationally"),
}


def _month_grid(year: int) -> str:
    """``<!-- xueji:monthgrid YEAR -->``: an SVG of the year, a grid per month, where the
    prefecture's working days and the nation's differ."""
    wd = importlib.import_module(f"{PACKAGE}.calendar.workdays")
    ls, nat = wd.WorkCalendar.liangshan(), wd.WorkCalendar.national()
    cell_px, gap = 16, 2
    month_w, month_h = 7 * (cell_px + gap) + 14, 7 * (cell_px + gap) + 24
    cols = 4
    width, height = cols * month_w, 3 * month_h + 70
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" font-family="sans-serif" font-size="10">',
        f"<title>{year}: 凉山州与全国工作日之差 / Liangshan and national working days</title>",
    ]
    for m in range(1, 13):
        ox, oy = ((m - 1) % cols) * month_w, ((m - 1) // cols) * month_h
        out.append(f'<text x="{ox}" y="{oy + 12}" font-weight="bold">{year}-{m:02d}</text>')
        for k, label in enumerate("一二三四五六日"):
            out.append(f'<text x="{ox + k * (cell_px + gap) + 4}" y="{oy + 24}">{label}</text>')
        day = _dt.date(year, m, 1)
        week = 0
        while day.month == m:
            a, b = ls.is_workday(day), nat.is_workday(day)
            kind = "work" if a and b else "off" if not a and not b else "ls_off" if b else "ls_work"
            x = ox + day.weekday() * (cell_px + gap)
            y = oy + 28 + week * (cell_px + gap)
            fill = _GRID_COLOURS[kind][0]
            out.append(
                f'<rect x="{x}" y="{y}" width="{cell_px}" height="{cell_px}" fill="{fill}" '
                f'stroke="#888" stroke-width="0.5"><title>{day} {_GRID_COLOURS[kind][1]}</title></rect>'
            )
            out.append(f'<text x="{x + 2}" y="{y + 11}" font-size="8">{day.day}</text>')
            if day.weekday() == 6:
                week += 1
            day += _dt.timedelta(days=1)
    for k, (fill, label) in enumerate(_GRID_COLOURS.values()):
        y = 3 * month_h + 8 + k * 15
        out.append(
            f'<rect x="0" y="{y}" width="12" height="12" fill="{fill}" stroke="#888" '
            f'stroke-width="0.5"/><text x="18" y="{y + 10}">{label}</text>'
        )
    out.append("</svg>")
    return "<figure>\n" + "".join(out) + "\n</figure>"


def _directive(match: re.Match[str]) -> str:
    """Expand ``<!-- xueji:status|help|run|readme|notices|monthgrid ... -->`` in a hand-written page."""
    kind, rest = match.group(1), match.group(2).strip()
    if kind == "notices":
        return _notices_table()
    if kind == "monthgrid":
        return _month_grid(int(rest))
    if kind == "help":
        return _help_block(rest)
    if kind == "run":
        return _run_block(rest.split())
    if kind == "readme":
        return _readme_block()
    pairs = dict(item.split("=", 1) for item in rest.split() if "=" in item)
    return _status(pairs)


# ---------------------------------------------------------------------------------------------------
# MkDocs events


def _expand_nav(nav: list[Any]) -> list[Any]:
    """Replace the ``rules/index.md`` and ``api/index.md`` entries by generated sections."""
    s = site()
    out: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), *_ = item.items()
            if value == RULES_INDEX:
                parts = [{f"{p.zh} · {p.en}": p.page} for p in PARTS]
                out.append({title: [RULES_INDEX, *parts]})
                continue
            if value == API_INDEX:
                public = [{m.name: m.page} for m in s.modules if m.name in API_NAMESPACES]
                internal = [{m.name: m.page} for m in s.modules if m.name not in API_NAMESPACES]
                sections = [
                    {"命名空间 Namespaces": public},
                    {"实现模块 Implementation": internal},
                ]
                out.append({title: [API_INDEX, *sections]})
                continue
            if isinstance(value, list):
                out.append({title: _expand_nav(value)})
                continue
        out.append(item)
    return out


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _SITE
    _SITE = _read_site(config)
    check_gaps(_SITE.mode, _SITE.gaps)
    if config.nav is not None:
        config.nav = _expand_nav(config.nav)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    s = site()
    s.sources.clear()
    generated: dict[str, str] = {part.page: part_page(part) for part in PARTS}
    generated[RULES_INDEX] = rules_index()
    generated["traceability.md"] = traceability_page()
    generated["interpretations.md"] = interpretations_page()
    generated["parameters.md"] = parameters_page()
    generated["architecture.md"] = architecture_page()
    generated[MACHINE_PAGE] = machine_page()
    generated[API_INDEX] = api_index()
    for module in s.modules:
        generated[module.page] = api_page(module)
    for path, file in s.sources.items():  # filled while the pages above were made
        generated[path] = source_view(file)
    if files.get_file_from_path(WORKDAYS_PAGE) is None:
        generated[WORKDAYS_PAGE] = WORKDAYS_PLACEHOLDER
    for path, content in generated.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            raise PluginError(f"docs/{path} is generated by the xueji hook: remove the file")
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "xueji:" not in markdown:
        return markdown
    if "xueji:columns" in markdown:  # the column tables, from the declared schema
        schema = importlib.import_module(f"{PACKAGE}.records.schema")
        markdown = schema.render_columns(markdown)
    return _DIRECTIVE.sub(_directive, markdown)


_ROLE = re.compile(r":(?:class|func|meth|mod|attr|exc|data|obj|const):<code>~?([^<]*)</code>")


def _role(match: re.Match[str]) -> str:
    target = match.group(1)
    short = target.rsplit(".", 1)[-1] if match.group(0).count("~") else target
    return f"<code>{short}</code>"


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Docstrings use Sphinx roles (``:class:`Decision```): show them as plain code."""
    return _ROLE.sub(_role, html_text)
