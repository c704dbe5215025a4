"""Platform Art. 22's grade bands for one field's platforms and scores.

Art. 22 caps 优秀 and 良好 together at 30% and makes the bottom 10% by rank 不合格, but says nothing
about fractions of a platform or equal scores. The choices, recorded in knowledge/measures/platform/parameters.json ("readings"):
- the 30% cap rounds down: 不高于 is a ceiling, so floor(30% × n) platforms at most;
- the bottom 10% rounds down too: 不合格 is adverse (rectification, and removal after two in a row,
  Art. 23(1)), so a platform is in it only when no more than 10% of the group rank at or below it;
  a field of fewer than ten platforms has no 不合格 by rank;
- equal scores share a rank, and a tie that straddles a boundary keeps the whole tie out of the
  band (the cap cannot be exceeded, and rank cannot split equal scores).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

TOP, GENERAL, FAIL = "top_eligible", "general", "fail"
BAND_LABELS = {TOP: "可评“优秀”或“良好”（在名额内，具体等级由评估确定）", GENERAL: "“一般”", FAIL: "“不合格”"}


@dataclass(frozen=True, slots=True)
class GradeRow:
    name: str
    score: float
    rank: int          # 1 = highest; equal scores share a rank
    band: str

    def to_dict(self) -> dict:
        return {"name": self.name, "score": self.score, "rank": self.rank, "band": self.band,
                "band_label": BAND_LABELS[self.band]}


@dataclass(frozen=True, slots=True)
class Grading:
    size: int
    top_cap: int
    fail_cap: int
    rows: tuple[GradeRow, ...]

    def row(self, name: str) -> GradeRow | None:
        return next((r for r in self.rows if r.name == name), None)

    def to_dict(self) -> dict:
        return {"size": self.size, "top_cap": self.top_cap, "fail_cap": self.fail_cap,
                "rows": [r.to_dict() for r in self.rows]}


def grade_field(scores: dict[str, float], top_pct: int, fail_pct: int) -> Grading:
    """Bands for every platform of one field: top-eligible, general or fail, highest score first."""
    n = len(scores)
    top_cap = top_pct * n // 100     # integer arithmetic: no 0.30000000000000004 at a boundary
    fail_cap = fail_pct * n // 100
    ascending = sorted(scores.values())
    rows = []
    for name, score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        at_or_below = bisect_right(ascending, score)
        at_or_above = n - bisect_left(ascending, score)
        if at_or_below <= fail_cap:
            band = FAIL
        elif at_or_above <= top_cap:
            band = TOP
        else:
            band = GENERAL
        rows.append(GradeRow(name, score, n - at_or_below + 1, band))
    return Grading(n, top_cap, fail_cap, tuple(rows))
