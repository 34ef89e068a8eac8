"""Shrinks the data behind a mismatch: rows are removed, table by table, in halves, then
quarters, down to single rows (ddmin), keeping each removal after which the same kind of mismatch
still shows. Only the relations the statement reads are recreated. Bounded in attempts and time.
"""
from __future__ import annotations

import time


class Reducer:
    def __init__(self, runner, schema, case, category: str, seconds: float = 30.0,
                 max_attempts: int = 150) -> None:
        self.runner = runner
        self.schema = schema
        self.case = case
        self.category = category
        self.deadline = time.monotonic() + seconds
        self.max_attempts = max_attempts
        self.attempts = 0
        self.relations = schema.dependencies(case.tables)
        self.last_outcome = None

    def reduce(self) -> tuple[dict[str, list[tuple]] | None, str]:
        """The smallest data found (None if the mismatch does not recur on a fresh schema) and a
        sentence saying what was done."""
        tables = [t for t in self.schema.tables if t.name in self.relations]
        current = {t.name: list(t.rows) for t in tables}
        before = sum(len(rows) for rows in current.values())
        if not self._fails(current):
            return None, ("all rows of the schema; the mismatch did not recur when the schema was "
                          "created afresh (it may depend on earlier statements or be flaky)")
        for table in sorted(tables, key=lambda t: -len(current[t.name])):
            current[table.name] = self._minimize(table.name, current)
        if not self._fails(current, force=True):   # leaves both sides holding the reduced data
            return None, "all rows of the schema; the reduction did not hold up on a final check"
        after = sum(len(rows) for rows in current.values())
        return current, (f"reduced from {before} to {after} rows in {self.attempts} attempts; "
                         f"the mismatch persists with exactly these rows")

    def _minimize(self, name: str, current: dict[str, list[tuple]]) -> list[tuple]:
        rows = current[name]
        if rows and self._fails({**current, name: []}):
            return []
        chunk = max(1, len(rows) // 2)
        while rows and self._has_budget():
            start = 0
            while start < len(rows) and self._has_budget():
                candidate = rows[:start] + rows[start + chunk:]
                if self._fails({**current, name: candidate}):
                    rows = candidate
                else:
                    start += chunk
            if chunk == 1:
                break
            chunk = max(1, chunk // 2)
        return rows

    def _has_budget(self) -> bool:
        return self.attempts < self.max_attempts and time.monotonic() < self.deadline

    def _fails(self, rows: dict[str, list[tuple]], force: bool = False) -> bool:
        if not force and not self._has_budget():
            return False
        self.attempts += 1
        if not self.runner.install(self.schema, rows, self.relations):
            return False
        outcome = self.runner.run_case(self.case)
        if outcome.verdict.category == self.category:
            self.last_outcome = outcome
            return True
        return False
