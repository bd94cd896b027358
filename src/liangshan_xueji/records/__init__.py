"""The records: students, identity and student numbers, schools, grades, records with their append-only
history, the status events and the context of an act, audit findings, and their JSON form.

学籍层。What the rules read and write; it knows the law and the calendar, and no rule.
"""
