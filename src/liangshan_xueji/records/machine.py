"""The status machine as one table: for each event kind, the statuses it may happen in and the status
it leaves the record in, with the clause. 学籍状态机（状态转换表）。

:meth:`liangshan_xueji.policy.regulation.Regulation.evaluate` reads the table before the event's rule:
a record whose status is not among the row's ``sources`` is refused with the row's reason (its clause,
what the status is); a record in a terminal status (死亡 2.5, a removed duplicate 3.3) accepts nothing.
:meth:`~liangshan_xueji.policy.regulation.Regulation.apply` checks that the transition lands where the
row says. The rules judge everything else. The docs draw the table as a state diagram
(:func:`mermaid`).

Rows name events by their ``kind`` (``Suspend.kind == "suspension.start"``), so the table needs nothing
from the rule modules above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from ..decisions import Reason
from .models import Event, Record, Status

__all__ = [
    "LIVE",
    "TERMINAL_REASONS",
    "TRANSITIONS",
    "Transition",
    "machine_refusal",
    "mermaid",
    "row_for",
]

#: Terminal statuses: no event leaves them (2.5, 3.3); each with the reason a refused act gets.
TERMINAL_REASONS: Mapping[Status, Reason] = MappingProxyType(
    {
        Status.DECEASED: Reason(
            "2.5",
            "学籍已操作“死亡”，不可恢复，不再接受任何学籍操作",
            "the record is marked 死亡 (deceased), which is never undone; no further act is accepted",
        ),
        Status.DUPLICATE_REMOVED: Reason(
            "3.3",
            "该学籍已作为重复学籍删除，不再接受学籍操作",
            "the record was removed as a duplicate and accepts no further act",
        ),
    }
)

#: Every status an event may happen in: all but the terminal ones.
LIVE: frozenset[Status] = frozenset(s for s in Status if s not in TERMINAL_REASONS)


@attrs.frozen(kw_only=True)
class Transition:
    """One row: events of ``kind`` may happen in ``sources`` and leave the record in ``target``
    (``None``: the status does not change). ``zh``/``en`` say why another status is refused; they may
    name the record's status as ``{zh}`` / ``{en}``.
    """

    kind: str
    sources: frozenset[Status]
    target: Status | None
    clause: str
    zh: str = ""
    en: str = ""

    def refusal(self, status: Status) -> Reason | None:
        """The reason ``status`` may not take this event (citing the row's clause); ``None`` if it may."""
        return None if status in self.sources else self.reason(status)

    def reason(self, status: Status) -> Reason:
        """The row's reason, naming ``status``: why only ``sources`` may take this event."""
        return Reason(
            self.clause,
            self.zh.format(zh=status.zh, en=status.en),
            self.en.format(zh=status.zh, en=status.en),
        )

    def after(self, status: Status) -> Status:
        """The status after the event from ``status``."""
        return status if self.target is None else self.target


def _row(
    kind: str,
    sources: Iterable[Status],
    target: Status | None,
    clause: str,
    zh: str = "",
    en: str = "",
) -> Transition:
    return Transition(
        kind=kind, sources=frozenset(sources), target=target, clause=clause, zh=zh, en=en
    )


_E, _S, _G = Status.ENROLLED, Status.SUSPENDED, Status.GRADUATED
_SD, _D, _O = Status.SUSPECTED_DROPOUT, Status.DROPPED_OUT, Status.OTHER_DEPARTURE

#: The table: one row per event kind of 凉教基〔2016〕14号, in the regulation's order.
TRANSITIONS: tuple[Transition, ...] = (
    # part 1 — registration; acts on the record's data leave its status alone
    _row("registration", LIVE, None, "1.1"),
    _row("registration.confirm", LIVE, None, "1.3"),
    _row("registration.photo", LIVE, None, "1.4"),
    _row("attendance.check", LIVE, None, "1.1"),
    _row("deletion", LIVE, None, "1.5"),
    # 2.1 — transfers (the completing act moves the school, not the status)
    _row(
        "transfer.request", {_E, _S}, None, "2.1",
        "只有在校学生可以办理转学", "only an enrolled (在校) student can transfer",
    ),
    _row("transfer.act", LIVE, None, "2.1"),
    # 2.2 — suspension
    _row(
        "suspension.start", {_E}, _S, "2.2.1",
        "只有在校学生可以申请休学（现为“{zh}”）", "only an enrolled student can be suspended (now {en})",
    ),
    _row(
        "suspension.extend", {_S}, None, "2.2.4",
        "只有休学学生可以继续休学", "only a suspended student can extend",
    ),
    _row(
        "suspension.resume", {_S}, _E, "2.2.2",
        "只有休学学生可以复学", "only a suspended student can resume",
    ),
    # 2.3 — retention, demotion
    _row(
        "retention", {_E}, None, "2.3",
        "只有在校学生可以申请留级（现为“{zh}”）", "only an enrolled student can be retained (now {en})",
    ),
    _row("demotion", LIVE, None, "2.3"),
    # 2.4 — dropout control; 2.2.3 — a lapsed suspension; 1.5 — 可暂做辍学
    _row(
        "departure.other", {_E, _S}, _O, "2.4.2",
        "只有在校或休学学生可以置为其他离校（现为“{zh}”）",
        "only an enrolled or suspended student can be set to 其他离校 (now {en})",
    ),
    _row(
        "dropout.suspected", {_E}, _SD, "2.4.2",
        "只有在校学生可以置为疑似辍学（现为“{zh}”）",
        "only an enrolled student can be set to 疑似辍学 (now {en})",
    ),
    _row(
        "dropout", {_E, _SD}, _D, "2.4.2",
        "只有在校或疑似辍学学生可以置为辍学（现为“{zh}”）",
        "only an enrolled or suspected-dropout student can be set to 辍学 (now {en})",
    ),
    _row(
        "dropout.provisional", {_E, _SD}, _D, "1.5",
        "只有在校或疑似辍学学生可以因长期不在校暂做辍学（现为“{zh}”）",
        "only an enrolled or suspected-dropout student can be set to 辍学 for a long absence "
        "(now {en})",
    ),
    _row(
        "return", {_D, _SD, _O}, _E, "2.4.3",
        "只有辍学、疑似辍学或其他离校的学生可以返校（现为“{zh}”）",
        "only a dropped-out, suspected-dropout or departed student can return (now {en})",
    ),
    # 2.5 — death
    _row("death", LIVE, Status.DECEASED, "2.5"),
    # 3.1 — graduation, promotion
    _row(
        "graduation", {_E}, _G, "3.1",
        "只有在校学生可以毕业（现为“{zh}”）", "only an enrolled student can graduate (now {en})",
    ),
    _row(
        "graduation.rollback", {_G}, None, "3.1",
        "该学生不是毕业生", "the student is not a graduate",
    ),
    _row(
        "promotion", {_E}, None, "3.1",
        "只有在校学生随年级升级（现为“{zh}”）", "only enrolled students are promoted (now {en})",
    ),
    # 3.2 — admission to the next stage; 3.3 — duplicates
    _row(
        "admission", {_G}, _E, "3.2",
        "初、高中一年级新生从上一教育阶段毕业生中录取（该生现为“{zh}”）",
        "junior and senior first years are admitted from the previous stage's graduates "
        "(the student is {en})",
    ),
    _row("duplicate.removal", LIVE, Status.DUPLICATE_REMOVED, "3.3"),
    # 4 — key data; 5 — archives; 6 — 一类模式 filing; 8 — review, exports
    _row("student.change", LIVE, None, "4"),
    _row("archive.create", LIVE, None, "5"),
    _row("archive.file", LIVE, None, "5.1"),
    _row("archive.move", LIVE, None, "5.3.1"),
    _row("archive.handover", LIVE, None, "5.3.3"),
    _row(
        "archive.migrant_handover", {_D}, None, "2.4.1",
        "只有辍学学生的学籍档案按 2.4.1 转交户籍所在地（现为“{zh}”）",
        "only a dropout's archive is handed to the 户籍's county under 2.4.1 (now {en})",
    ),
    _row(
        "archive.reclaim", {_E, _S}, None, "5.3.1",
        "学籍档案由学生就读的学校调回，该生须在读（现为“{zh}”）",
        "the archive goes back to the school a student attends; the student must be at school "
        "(now {en})",
    ),
    _row("archive.destroy", LIVE, None, "5.3"),
    _row("model_one.filing", LIVE, None, "6.1"),
    _row("review", LIVE, None, "8.1"),
    _row("data.export", LIVE, None, "8.2"),
)  # fmt: skip

_BY_KIND: Mapping[str, Transition] = MappingProxyType({t.kind: t for t in TRANSITIONS})
if len(_BY_KIND) != len(TRANSITIONS):  # pragma: no cover - a programming error in the table
    raise RuntimeError("two rows of the status machine for one event kind")


def row_for(kind: str) -> Transition | None:
    """The row of event ``kind``; ``None`` when the table has none."""
    return _BY_KIND.get(kind)


def machine_refusal(record: Record, event: Event) -> Reason:
    """The reason the status machine gives for ``event`` on ``record`` (its row's clause and text):
    for a rule whose own test (e.g. an open 休学 period) fails for the same cause."""
    row = _BY_KIND[type(event).kind]
    return row.reason(record.status)


_STATE_IDS = {
    Status.ENROLLED: "enrolled",
    Status.SUSPENDED: "suspended",
    Status.SUSPECTED_DROPOUT: "suspected_dropout",
    Status.DROPPED_OUT: "dropped_out",
    Status.OTHER_DEPARTURE: "other_departure",
    Status.DECEASED: "deceased",
    Status.GRADUATED: "graduated",
    Status.DUPLICATE_REMOVED: "duplicate_removed",
}


def mermaid(rows: Iterable[Transition] = TRANSITIONS) -> str:
    """The table as a Mermaid ``stateDiagram-v2``. An arrow per (source, target) pair, labelled with
    the event kinds and their clauses; an event that keeps the status in some statuses only is a loop
    on each; the events allowed in every live status that keep it are listed in one note."""
    rows = tuple(rows)
    order = list(Status).index
    lines = ["stateDiagram-v2"]
    for status in Status:
        lines.append(f'    state "{status.zh} {status.en}" as {_STATE_IDS[status]}')
    lines.append(f"    [*] --> {_STATE_IDS[Status.ENROLLED]}")
    arrows: dict[tuple[Status, Status], list[str]] = {}
    anywhere: list[str] = []
    for row in rows:
        label = f"{row.kind} ({row.clause})"
        if row.target is None and row.sources == LIVE:
            anywhere.append(label)
            continue
        for source in sorted(row.sources, key=order):
            arrows.setdefault((source, row.after(source)), []).append(label)
    for (source, target), labels in arrows.items():
        lines.append(f"    {_STATE_IDS[source]} --> {_STATE_IDS[target]}: {', '.join(labels)}")
    for status in TERMINAL_REASONS:
        lines.append(f"    {_STATE_IDS[status]} --> [*]")
    if anywhere:
        lines.append(f"    note right of {_STATE_IDS[Status.ENROLLED]}")
        lines.append("        任一非终止状态均可办理、状态不变 (any live status, unchanged):")
        lines += [f"        {label}" for label in anywhere]
        lines.append("    end note")
    return "\n".join(lines) + "\n"
