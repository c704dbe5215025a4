"""Deterministic eligibility and obligation checks against the registered measures.

Why a package of its own: an applicant's figures must be judged the same way by the API, the CLI and
the guided dialog, condition by condition, each with the clause that sets it. Each measure's rules
live in checks/rules/<measure id>.py as small pure functions of a profile and the law in force on the
check date (thresholds from the measure's parameters.json, its text from knowledge); the engine turns
their findings into a verdict per check. `checks` cites `knowledge` and knows nothing of dialogs or
channels.

For a dialog engine: `fields()` describes every input (label, kind, unit, question, why, clause);
`catalogue()[check_id].fields` lists, in asking order, the fields one check reads; `read(spec, text,
today)` is the one reader of typed figures; `run(profile, check_ids)` returns one `CheckReport` per
check, whose `missing` says what is still to be asked and whose findings' `uncertain` names figures said
too loosely to decide.
"""

from . import errors
from ._catalogue import describe, field_schema, input_schema
from ._dates import add_months, add_years, cn_date, period_end
from ._engine import UnknownCheckError, apply, catalogue, measure_statuses, relevant_checks, run, run_check
from ._fields import FieldSpec, fields
from ._kit import CheckSpec, Rule
from ._model import (
    OUTCOME_LABELS, VERDICT_LABELS, Basis, CheckReport, Citation, Finding, FixItem, Gap, MeasureStatus, Outcome,
    Verdict,
)
from ._params import Law, Threshold, law
from ._profile import ProfileBase, profile_model, relations_in_words
from ._reading import NEVER, Reading, Span, Unreadable, display, is_skip, normalise, read, to_json, yes_no
from ._render import render_text

__all__ = [
    "NEVER", "OUTCOME_LABELS", "VERDICT_LABELS",
    "Basis", "CheckReport", "CheckSpec", "Citation", "FieldSpec", "Finding", "FixItem", "Gap",
    "Law", "MeasureStatus", "Outcome", "ProfileBase", "Reading", "Rule", "Span", "Threshold",
    "UnknownCheckError", "Unreadable", "Verdict",
    "add_months", "add_years", "apply", "catalogue", "cn_date", "describe", "display", "errors", "field_schema",
    "fields", "input_schema", "is_skip", "law", "measure_statuses", "normalise", "period_end", "profile_model", "relations_in_words",
    "read", "relevant_checks", "render_text", "run", "run_check", "to_json", "yes_no",
]
