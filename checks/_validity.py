"""Whether each measure is in force on the check date, and the rule that says so in every check.

A check about a date outside a measure's validity must say the measure was not, or no longer, in
force; rather than fail such a check, its validity finding asks for review, because what applied then
is outside the texts this assistant holds. Which version governs the date is the registry's answer
(knowledge.registry), so a successor text in force from its own date is judged by its own clauses.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from knowledge import registry

from ._dates import add_months, cn_date
from ._kit import Rule, rule
from ._model import Basis, MeasureStatus, Outcome, Result
from ._params import Law


@lru_cache(maxsize=4096)
def measure_status(measure_id: str, as_of: date, warn_months: int) -> MeasureStatus:
    m = registry()[measure_id].version_on(as_of)
    name = f"《{m.short_title}》（{m.number}）"
    period = f"{name}自{cn_date(m.effective_from)}起施行，有效期至{cn_date(m.effective_until)}"
    if as_of < m.effective_from:
        state, message = "not_yet", f"{period}；{cn_date(as_of)}时尚未施行。"
    elif as_of > m.effective_until:
        state, message = "expired", f"{period}；{cn_date(as_of)}时已失效。"
    else:
        state, message = "in_force", f"{period}；{cn_date(as_of)}时有效。"
    soon = state == "in_force" and m.effective_until <= add_months(as_of, warn_months)
    if soon:
        left = (m.effective_until - as_of).days
        message = message.rstrip("。") + f"，但距失效不足{warn_months}个月（还有{left}天），请留意修订或延续的通知。"
    return MeasureStatus(m.id, m.title, m.version, m.number, state == "in_force", state, m.effective_from,
                         m.effective_until, soon, message)


def warn_months(law: Law) -> int:
    return law.readings["validity.warning_months"].value


def validity_rule(measure_id: str) -> Rule:
    """The first rule of every check of a measure: was the text in force on the check date?"""
    latest = registry()[measure_id].versions[-1]

    @rule(f"{measure_id}.validity", f"{measure_id}-{latest.validity_article}")
    def in_force(p, law: Law) -> Result:
        return _validity(measure_id, p.as_of, warn_months(law))

    return in_force


@lru_cache(maxsize=4096)
def _validity(measure_id: str, as_of: date, months: int) -> Result:
    """Cached: every check of a measure starts with this same finding for the same date."""
    status = measure_status(measure_id, as_of, months)
    figures = {"as_of": as_of}
    if status.in_force:
        return Result(Outcome.met, status.message, figures, basis=Basis.validity)
    return Result(Outcome.needs_review, status.message + "以下结论按该文本推算，须以当时有效的规定为准。",
                  figures, basis=Basis.validity)
