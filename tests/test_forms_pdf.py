"""附表1–4 printed to PDF by headless Chromium: every label and prefilled value on one A4 page.

Needs Debian's ``chromium`` and ``poppler-utils`` (``pdftotext``, ``pdfinfo``) and a CJK font
(``fonts-wqy-zenhei``); ``.ci/run`` installs them when missing. Skipped, with the reason, only when a
program is absent. Text from the PDF is compared after NFKC and with every whitespace removed: CJK text
may come out with spaces between the characters, and some fonts map 日/月 to Kangxi radicals.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from liangshan_xueji.examples import example_context, example_record, example_suspended_record
from liangshan_xueji.forms import prefill_f1, prefill_f2, prefill_f3, prefill_f4, render
from liangshan_xueji.records.models import Record
from test_forms import FORM_LABELS, chinese_date, flat, record_values

pytestmark = pytest.mark.browser


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


CHROMIUM = _chromium()
PDFTOTEXT = shutil.which("pdftotext")
PDFINFO = shutil.which("pdfinfo")

_missing = [
    name
    for name, found in (("chromium", CHROMIUM), ("pdftotext", PDFTOTEXT), ("pdfinfo", PDFINFO))
    if not found
]
if _missing:
    pytest.skip(
        f"needs {', '.join(_missing)} (apt-get install chromium poppler-utils fonts-wqy-zenhei; "
        ".ci/run does it)",
        allow_module_level=True,
    )

#: A4 in PostScript points, and the rounding Chromium and pdfinfo allow themselves.
A4 = (595.28, 841.89)
TOLERANCE = 2.0


def print_to_pdf(html_file: Path, pdf: Path, profile: Path) -> None:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        html_file.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert pdf.is_file() and pdf.stat().st_size > 0, (done.returncode, done.stderr[-2000:])


def pdf_text(pdf: Path) -> str:
    assert PDFTOTEXT is not None
    done = subprocess.run(
        [PDFTOTEXT, "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return done.stdout


def pdf_info(pdf: Path) -> dict[str, str]:
    assert PDFINFO is not None
    done = subprocess.run(
        [PDFINFO, str(pdf)], capture_output=True, text=True, timeout=30, check=True
    )
    info: dict[str, str] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(":")
        info[key.strip()] = value.strip()
    return info


#: Further parties the local authority may name for another use of 附表1 (说明 3): three fit on a page.
PARTIES = ("转出学校", "西昌市教育局", "德昌县教育局")


def _forms() -> dict[str, tuple[str, object, object]]:
    record, suspended = example_record(), example_suspended_record()
    context = example_context()
    return {
        "F1": ("F1", prefill_f1(record, context), record),
        "F1-other": (
            "F1",
            prefill_f1(record, context, use="other", parties=PARTIES),
            record,
        ),
        "F2": ("F2", prefill_f2(suspended, context, sides="both"), suspended),
        "F3": ("F3", prefill_f3(record, context), record),
        "F4": ("F4", prefill_f4("西昌市教育局", "县"), None),
    }


@pytest.mark.clause("F1", "F2", "F3", "F4")
@pytest.mark.parametrize("case", ["F1", "F1-other", "F2", "F3", "F4"])
def test_form_prints_on_one_a4_page_with_every_label_and_value(case: str, tmp_path: Path) -> None:
    form_id, form, record = _forms()[case]
    page = tmp_path / f"{case}.html"
    page.write_text(render(form, "html"), encoding="utf-8")  # type: ignore[arg-type]
    pdf = tmp_path / f"{case}.pdf"
    print_to_pdf(page, pdf, tmp_path / "profile")

    info = pdf_info(pdf)
    assert info["Pages"] == "1", info
    size = re.match(r"([\d.]+) x ([\d.]+) pts", info["Page size"])
    assert size is not None, info["Page size"]
    width, height = float(size.group(1)), float(size.group(2))
    assert abs(width - A4[0]) <= TOLERANCE and abs(height - A4[1]) <= TOLERANCE, info["Page size"]

    text = flat(pdf_text(pdf))
    labels = list(FORM_LABELS[form_id])
    if case == "F1-other":
        labels += [f"{party}意见" for party in PARTIES]
    missing = [label for label in labels if flat(label) not in text]
    assert not missing, f"labels missing from the PDF of {case}: {missing}"
    expected: list[str] = []
    if record is not None:
        expected = record_values(record, example_context(), form_id)  # type: ignore[arg-type]
    if form_id == "F2":
        assert isinstance(record, Record) and record.suspension is not None
        period = record.suspension
        expected += [
            f"{record.grade.label_zh}{record.class_name}",
            f"{chinese_date(period.started_on)}至{chinese_date(period.ends_on)}",
        ]
    if form_id == "F4":
        expected += ["西昌市教育局"]
    absent = [value for value in expected if flat(value) not in text]
    assert not absent, f"values missing from the PDF of {case}: {absent}"
