"""Deterministic eligibility and obligation checks against the two measures.

Why a package of its own: an applicant's figures must be judged the same way by the API, the CLI
and the guided dialog, condition by condition, each with the clause that sets it. The rules are
small pure functions of a `Profile` and the thresholds in checks/data/parameters.json; the engine
turns their findings into a verdict per check. `checks` cites `knowledge` and knows nothing of
dialogs or channels.

For a dialog engine: `FIELDS` describes every input (label, kind, unit, choices, why, clause);
`CATALOGUE[check_id].fields` lists, in asking order, the fields one check reads; `run(profile,
check_ids)` returns one `CheckReport` per check, whose `missing` says what is still to be asked.
"""

from . import errors
from ._catalogue import catalogue, field_schema, input_schema
from ._dates import add_months, add_years, period_end
from ._engine import CATALOGUE, UnknownCheckError, measure_statuses, relevant_checks, run, run_check
from ._fields import CORE_FIELDS, FIELDS, FieldSpec
from ._grading import Grading, GradeRow, grade_field
from ._kit import CheckSpec, Rule
from ._model import (
    OUTCOME_LABELS, VERDICT_LABELS, Basis, CheckReport, Citation, Finding, FixItem, Gap, MeasureStatus, Outcome,
    Verdict,
)
from ._params import Params, params
from ._parse import parse_bool, parse_count, parse_date, parse_wan
from ._profile import Profile
from ._render import render_text

__all__ = [
    "CATALOGUE", "CORE_FIELDS", "FIELDS", "OUTCOME_LABELS", "VERDICT_LABELS",
    "Basis", "CheckReport", "CheckSpec", "Citation", "FieldSpec", "Finding", "FixItem", "Gap", "GradeRow",
    "Grading", "MeasureStatus", "Outcome", "Params", "Profile", "Rule", "UnknownCheckError", "Verdict",
    "add_months", "add_years", "catalogue", "errors", "field_schema", "grade_field", "input_schema",
    "measure_statuses", "params", "parse_bool", "parse_count", "parse_date", "parse_wan", "period_end",
    "relevant_checks", "render_text", "run", "run_check",
]
