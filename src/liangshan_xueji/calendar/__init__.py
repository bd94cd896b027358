"""The calendar: working days with 调休, and deadlines counted in them (clauses 2.1.4, 2.5).

日历层。Above the law and the shape of an answer (:mod:`liangshan_xueji.decisions`), below the records.
"""
