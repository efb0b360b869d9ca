"""The benchmark's grade save: wrk posting gradebook cells as htmx does, each from the version its last answer
gave (bench/grade_save.lua), and the check that every save was stored.

A cell's form carries its row's version and a save from another version is refused
(hallweb/training/services/cells.py), so the same request cannot be replayed: the script keeps each cell's
version from its answers. The cells are the bench offering's scored ones (bench/seed_training.py: ~550 of
30 x 20), each saved alternately as its seeded score and half a point off it, so the gradebook keeps its mix
of scores, EX and missing for the runs of the other pages, and every save writes a row."""

import re
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from harness import WRK_CONNECTIONS, WRK_THREADS, BenchError, log

SCRIPT = Path(__file__).resolve().parent / "grade_save.lua"
COUNTS = re.compile(r"^grade-save saved=(\d+) refused=(\d+) unreadable=(\d+)$", re.M)


class GradeSave:
    def __init__(self, db_url: str, course_id: int, cohort_id: int, book_path: str):
        self.db_url, self.course_id, self.cohort_id, self.book_path = db_url, course_id, cohort_id, book_path
        self.folder = tempfile.mkdtemp(prefix="hallweb-bench-grades-")
        self.before: tuple[int, int] | None = None

    def _read(self):
        """The offering's scored cells (assessment, student, points, points possible, version) and how many
        grade saves the audit log holds, in one statement: one snapshot, whatever commits meanwhile."""
        import sqlalchemy as sa

        engine = sa.create_engine(self.db_url, poolclass=sa.pool.NullPool)
        with engine.connect() as conn:
            cells = conn.execute(
                sa.text(
                    "SELECT g.assessment_id, g.student_id, g.points, a.points_possible, g.version, "
                    "(SELECT count(*) FROM audit_logs WHERE action = 'training.grade_saved') AS audited "
                    "FROM training_grades g JOIN training_assessments a ON a.id = g.assessment_id "
                    "WHERE a.course_id = :course AND a.cohort_id = :cohort AND g.points IS NOT NULL "
                    "ORDER BY g.student_id, g.assessment_id"
                ),
                {"course": self.course_id, "cohort": self.cohort_id},
            ).all()
        engine.dispose()
        return cells, cells[0].audited if cells else 0

    def prepare(self) -> list[str]:
        """Write the cells file from the database as it is now; returns wrk's script arguments."""
        cells, audited = self._read()
        if not cells:
            raise BenchError("grade save: the bench offering has no scored cells (bench/seed_training.py)")
        lines = []
        for c in cells:
            shown = Decimal(c.points).normalize()
            other = shown - Decimal("0.5") if shown >= Decimal(c.points_possible) else shown + Decimal("0.5")
            name = f"{c.assessment_id}-{c.student_id}"
            lines.append(f"{self.book_path}/{c.assessment_id}/{c.student_id} {name} {c.version} {shown:f} {other:f}")
        path = Path(self.folder) / "cells.txt"
        path.write_text("\n".join(lines) + "\n")
        self.before = (sum(c.version for c in cells), audited)
        return ["-s", str(SCRIPT), "--", str(path), str(WRK_THREADS)]

    def verify(self, output: str, name: str) -> None:
        """Every answer was a saved cell (none refused as stale, none unreadable), and the database holds
        what wrk counted: the versions rose by the saves answered (plus at most one a connection, saves
        still in flight when wrk stopped), with one audit row per save."""
        counts = COUNTS.search(output)
        if not counts:
            raise BenchError(f"{name}: no counts from {SCRIPT.name} in wrk's output:\n{output}")
        saved, refused, unreadable = map(int, counts.groups())
        if refused or unreadable or not saved:
            raise BenchError(f"{name}: {saved} saved, {refused} refused (stale or not 200), {unreadable} unreadable")
        time.sleep(1)  # the saves still in flight when wrk stopped: answered to no one, but stored
        cells, audited = self._read()
        versions = sum(c.version for c in cells) - self.before[0]
        writes = audited - self.before[1]
        if not saved <= versions <= saved + WRK_CONNECTIONS or writes != versions:
            raise BenchError(
                f"{name}: wrk saw {saved} saves; the versions rose by {versions}, the audit log by {writes}"
            )
        log(f"{name}: {saved} saves answered, {versions} stored, none refused")
