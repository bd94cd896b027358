"""The audit: every record of a roster checked against every rule, prefecture-wide.

审核层。``audit(records, context)`` yields the findings of any iterable of records; ``audit_roster`` reads
a roster directory and audits it (:mod:`.runner`); the checks across schools are in :mod:`.crossschool`.
"""

from __future__ import annotations

from .runner import AuditStats, audit, audit_roster, gc_tuned

__all__ = ["AuditStats", "audit", "audit_roster", "gc_tuned"]
