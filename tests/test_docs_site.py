"""The rule reference site: it builds strictly, every clause has its section, and a browser shows it.

The site is built once into a temporary folder with ``mkdocs build --strict`` (``XUEJI_DOCS_TRACE=report``
so that a library still being written builds) and served on 127.0.0.1. The browser tests open it in
headless Chromium (Debian's ``chromium``): the page of part 2 must show the quoted Chinese text of
2.1.6.3 and, for a clause of part 2, the implementing rule's name and a test's name; the site's search
must find Chinese words. Skipped only when mkdocs (the ``docs`` extra) or Chromium is missing.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import importlib.util
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from liangshan_xueji.law import _traceability as tr
from liangshan_xueji.law.clauses import clause, clauses

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
HOOK = ROOT / "docs" / "_hooks" / "generate.py"

_DOCS_MODULES = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


pytestmark = pytest.mark.skipif(
    not all(_installed(m) for m in _DOCS_MODULES),
    reason="mkdocs, mkdocs-material or mkdocstrings is not installed: pip install -e '.[docs]'",
)

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is not installed (Debian: apt-get install chromium)"
)

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

GRADUATION_TEXT = "毕业年级（小学六年级、初中三年级、高中三年级）学生"


def _build(dest: Path, mode: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XUEJI_DOCS_TRACE": mode,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH", "")) if p
        ),
    }
    config = str(ROOT / "mkdocs.yml")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site")
    proc = _build(dest, "report")
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return dest


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def served(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _hook() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("xueji_docs_hook", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------------
# The build


def test_every_clause_has_its_section(site_dir: Path) -> None:
    hook = _hook()
    for c in clauses():
        page = site_dir / hook.part_of(c.id).page.removesuffix(".md") / "index.html"
        text = page.read_text(encoding="utf-8")
        assert f'id="{hook.anchor(c.id)}"' in text, (c.id, page)
    matrix = (site_dir / "traceability" / "index.html").read_text(encoding="utf-8")
    for c in clauses():
        assert f"#{hook.anchor(c.id)}" in matrix, c.id


def test_each_note_shows_the_source_of_its_reading_tests(site_dir: Path) -> None:
    """Under a clause's note, the part page prints each reading test's source (issue 15, item 12)."""
    hook = _hook()
    readings = tr.reading_refs_by_clause(ROOT / "tests")
    assert readings, "no reading test found under tests/readings/"
    for cid, refs in readings.items():
        page = site_dir / hook.part_of(cid).page.removesuffix(".md") / "index.html"
        raw = page.read_text(encoding="utf-8").split(f'id="{hook.anchor(cid)}"', 1)[1]
        section = html.unescape(re.sub(r"<[^>]+>", "", raw))  # highlighted code: text only
        note_at = section.index("本库的理解")
        for ref in refs:
            name_at = section.index(f"def {ref.name}(")
            assert note_at < name_at, (cid, ref.name)  # under the note
    interpretations = (site_dir / "interpretations" / "index.html").read_text(encoding="utf-8")
    assert "每条说明都作为测试运行" in interpretations and "tests/readings/" in interpretations


def test_api_pages_follow_the_package(site_dir: Path) -> None:
    """Each public module found in the package at build time has its API page."""
    import pkgutil

    import liangshan_xueji

    for info in pkgutil.walk_packages(liangshan_xueji.__path__, "liangshan_xueji."):
        if any(part.startswith("_") for part in info.name.split(".")[1:]):
            continue
        page = site_dir / "api" / info.name / "index.html"
        assert page.is_file(), info.name
        assert f'id="{info.name}"' in page.read_text(encoding="utf-8"), info.name


def test_the_architecture_page_follows_the_layers_contract(site_dir: Path) -> None:
    """The page is generated from pyproject's import-linter layers and the regulation's module list."""
    import tomllib

    from liangshan_xueji.policy import MODULES

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    text = (site_dir / "architecture" / "index.html").read_text(encoding="utf-8")
    for layer in contract["layers"]:
        for part in layer.split("|"):
            assert part.strip() in text, part
    for module in MODULES:
        assert module.__name__ in text, module.__name__


def test_api_index_groups_the_top_level_by_task_with_signatures(site_dir: Path) -> None:
    """every top-level name under its task, with its signature; the namespaces listed; the
    implementation modules apart; the size of the top level stated."""
    import liangshan_xueji as xj

    hook = _hook()
    raw = (site_dir / "api" / "index.html").read_text(encoding="utf-8")
    page = html.unescape(re.sub(r"<span[^>]*>|</span>", "", raw))
    public = [n for n in xj.__all__ if n != "__version__"]
    assert f"{len(public)} 个名字" in page and f"{len(public)} names" in page
    for zh, _en, names in hook.API_TASKS:
        assert zh in page
        for name in names.split():
            assert f'id="{name}"' in page, name
    assert "evaluate(" in page and "regulation: Regulation | None = None" in page
    for namespace in hook.API_NAMESPACES:
        assert namespace in page, namespace
    assert page.index("命名空间 · Namespaces") < page.index("实现模块 · Implementation modules")


def test_clause_pages_list_the_materials_and_the_matrix_uses_text(site_dir: Path) -> None:
    part2 = html.unescape(
        (site_dir / "rules" / "part-2" / "index.html").read_text(encoding="utf-8")
    )
    assert "所需材料 Materials it requires" in part2
    assert "TransferMaterial.F1" in part2 and "SuspensionMaterial.DIAGNOSIS" in part2
    matrix = (site_dir / "traceability" / "index.html").read_text(encoding="utf-8")
    assert not [e for e in "✅📝❌" if e in matrix]
    assert "完整 complete" in matrix


def test_published_pages_hold_no_development_notes(site_dir: Path) -> None:
    leaks = ("DESIGN.md", "this issue", "Issue 5", "once the command exists", "尚未实现", "issue=")
    for page in site_dir.rglob("*.html"):
        if "/source/" in str(page) or page.parent.name == "search":
            continue
        text = page.read_text(encoding="utf-8")
        assert not [x for x in leaks if x in text], page


def test_search_index_holds_segmented_chinese(site_dir: Path) -> None:
    """Chinese text is cut into words (jieba, in the docs extra), so a word inside a phrase is a token."""
    index = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "zh" in index["config"]["lang"]
    separator = re.compile(index["config"]["separator"])
    tokens = {t for doc in index["docs"] for t in separator.split(doc["text"]) if t}
    # Clause 1.3 says 录入学籍系统: unsegmented, that phrase would be one token and 录入 none.
    assert "录入学籍系统" not in tokens
    assert {"录入", "学籍", "系统", "休学"} <= tokens


def test_strict_mode_fails_the_build_on_gaps(tmp_path: Path) -> None:
    gaps = tr.gaps(ROOT / "tests")
    proc = _build(tmp_path / "site", "strict")
    output = proc.stdout + proc.stderr
    if gaps:
        assert proc.returncode != 0, output
        assert f"traceability: {len(gaps)} gaps" in output
        for gap in gaps:
            assert str(gap) in output
    else:
        assert proc.returncode == 0, output


def test_trace_mode_setting() -> None:
    hook = _hook()
    assert hook.trace_mode({}) == "strict"
    assert hook.trace_mode({"XUEJI_DOCS_TRACE": "report"}) == "report"
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError):
        hook.trace_mode({"XUEJI_DOCS_TRACE": "sometimes"})
    gap = tr.Gap(clause="2.1.6.3", kind="no-test", zh="缺测试", en="no test")
    with pytest.raises(PluginError, match=re.escape(str(gap))):
        hook.check_gaps("strict", [gap])
    hook.check_gaps("report", [gap])
    hook.check_gaps("strict", [])


# ---------------------------------------------------------------------------------------------------
# In the browser


def _dump_dom(url: str, profile: Path) -> str:
    proc = subprocess.run(
        [str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _part2_clause_with_code_and_tests() -> tuple[str, tr.RuleRef, tr.TestRef]:
    """A clause of part 2 with at least one rule and one test (2.1.6.3 or 2.1.4 first)."""
    rules = tr.rules_by_clause()
    tests = tr.test_refs_by_clause(ROOT / "tests")
    order = ["2.1.6.3", "2.1.4"] + [c.id for c in clauses() if c.id.startswith("2.")]
    for cid in order:
        if rules.get(cid) and tests.get(cid):
            return cid, rules[cid][0], tests[cid][0]
    pytest.fail("no clause of part 2 has both an implementing rule and a test")


@pytest.mark.browser
@needs_chromium
def test_part_page_shows_clause_code_and_tests(served: str, tmp_path: Path) -> None:
    dom = html.unescape(_dump_dom(f"{served}/rules/part-2/", tmp_path / "profile"))
    assert clause("2.1.6.3").text.startswith(GRADUATION_TEXT)

    def section(cid: str) -> str:
        start = dom.index(f'id="clause-{cid.replace(".", "-")}"')
        after = dom.find('id="clause-', start + 1)
        return dom[start : after if after >= 0 else len(dom)]

    assert GRADUATION_TEXT in section("2.1.6.3")
    cid, rule, test = _part2_clause_with_code_and_tests()
    shown = section(cid)
    assert rule.dotted in shown, (cid, rule)
    assert f"{rule.file}:{rule.line}" in shown
    assert test.node_id in shown, (cid, test)


class _DevTools:
    """A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (fds 3 and 4)."""

    def __init__(self, profile: Path) -> None:
        import fcntl  # POSIX only, like the browser tests

        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()
        # Chromium reads fd 3 and writes fd 4. Move the pipe ends above them first, so that placing
        # one end on 3 cannot overwrite the other.
        low = (to_chrome_r, from_chrome_w)
        to_chrome_r, from_chrome_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in low)
        for fd in low:
            os.close(fd)
        args = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe"]
        self.pid = os.posix_spawn(
            str(CHROMIUM),
            [str(CHROMIUM), *args, "about:blank"],
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, to_chrome_r, 3),
                (os.POSIX_SPAWN_DUP2, from_chrome_w, 4),
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            ],
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self._events: list[dict[str, Any]] = []

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("chromium did not answer in time")
            ready, _, _ = select.select([self._r], [], [], left)
            if ready:
                chunk = os.read(self._r, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + 60
        while True:
            answer = self._message(deadline)
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer["result"]
                return result
            self._events.append(answer)

    def wait(self, method: str, session: str) -> None:
        deadline = time.monotonic() + 60
        while True:
            for i, event in enumerate(self._events):
                if event.get("method") == method and event.get("sessionId") == session:
                    del self._events[i]
                    return
            self._events.append(self._message(deadline))

    def open(self, url: str) -> str:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = str(
            self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        )
        self.call("Page.enable", session=session)
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "awaitPromise": True, "returnByValue": True},
            session=session,
        )
        return result["result"].get("value")

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, TimeoutError, OSError):
            self.call("Browser.close")
        deadline = time.monotonic() + 10
        while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        os.close(self._w)
        os.close(self._r)


#: Waits for Material's search (a web worker) to show results for the ?q= query; returns their text.
_SEARCH_RESULTS = """
new Promise(resolve => {
  const start = Date.now();
  const poll = () => {
    const items = [...document.querySelectorAll('.md-search-result__item')].map(e => e.innerText);
    if (items.length || Date.now() - start > 20000) resolve(items); else setTimeout(poll, 100);
  };
  poll();
})
"""


@pytest.mark.browser
@needs_chromium
def test_search_finds_chinese_words(served: str, tmp_path: Path) -> None:
    browser = _DevTools(tmp_path / "profile")
    try:
        for query, expected in (("毕业年级", "2.1.6.3"), ("控辍保学", "2.4"), ("休学", "2.2")):
            session = browser.open(f"{served}/?q={quote(query)}")
            items = browser.evaluate(session, _SEARCH_RESULTS)
            assert items, f"no search result for {query}"
            found = " ".join(items[:5]).replace("\u200b", "")
            assert expected in found, (query, items[:5])
    finally:
        browser.close()


def test_the_status_machine_page_draws_the_table(site_dir: Path) -> None:
    """The status machine page: a Mermaid state diagram generated from every row of the table."""
    from liangshan_xueji.records.machine import TRANSITIONS

    text = (site_dir / "machine" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid">' in text and "stateDiagram-v2" in text
    for row in TRANSITIONS:
        assert html.escape(f"{row.kind} ({row.clause})") in text, row
