"""Reading rosters: the county's CSV or JSONL exports of students, events and schools.

名册读写层。Above the rules (a rejected row is reported as a finding), below the audit and the CLI.
"""
