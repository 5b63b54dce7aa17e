"""SQL only through bound parameters: no SQL text in src/ is built with f-strings, format or %."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "repfocus"
# a call that takes raw SQL, its first argument built from a template
BUILT = re.compile(
    r"\b(text|execute|exec_driver_sql|executescript|executemany)\(\s*"
    r"(f[\"']|[rb]?[\"'][^\"']*[\"']\s*(%|\.format\()|[A-Za-z_][\w.]*\s*\+)"
)


def test_no_sql_string_in_the_source_is_built_from_values() -> None:
    offenders = []
    for path in SRC.rglob("*.py"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if BUILT.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offenders, "build SQL with bound parameters instead:\n" + "\n".join(offenders)


def test_the_check_recognises_built_sql() -> None:
    assert BUILT.search("session.execute(text(f\"SELECT * FROM users WHERE email = '{email}'\"))")
    assert BUILT.search('conn.exec_driver_sql("DELETE FROM t WHERE id = %s" % ident)')
    assert BUILT.search('cur.execute("SELECT {}".format(x))')
    assert not BUILT.search('session.execute(text("SELECT 1 WHERE id = :id"), {"id": ident})')
