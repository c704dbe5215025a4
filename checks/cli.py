"""The `check FILE.json [--check ID] [--json]` command's body; api/cli.py wires the arguments to it.

Exit codes: 0 the report was printed and no check is negative; 1 at least one check is
not_eligible or at_risk; 2 the input could not be used (no file, bad JSON, invalid figures, an
unknown check id), with the reason in Chinese on stderr.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from ._engine import UnknownCheckError, run as run_checks
from ._model import Verdict
from ._profile import profile_model
from ._render import render_text
from .errors import chinese_message, field_name


def run(path: str, check_ids: list[str] | None, as_json: bool, today: date) -> int:
    """Read a profile (or {"profile": …, "checks": […]}) from `path`, print the report, return the exit code.

    A profile without as_of is checked as of `today` (the caller's clock)."""
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return _fail(f"找不到文件：{path}")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _fail(f"无法读取 {path}：不是 UTF-8 编码的合法 JSON（{exc}）")
    if not isinstance(raw, dict):
        return _fail(f"{path} 的内容应是一个 JSON 对象（各项数据），或 {{\"profile\": {{…}}, \"checks\": […]}}")
    if "profile" in raw and isinstance(raw["profile"], dict):
        check_ids = check_ids or raw.get("checks")
        raw = raw["profile"]
    try:
        profile = profile_model().model_validate({"as_of": today.isoformat(), **raw})
        reports = run_checks(profile, check_ids)
    except ValidationError as exc:
        return _fail("\n".join(f"{field_name(e['loc'])}：{chinese_message(e)}" for e in exc.errors()))
    except UnknownCheckError as exc:
        return _fail(str(exc))
    if as_json:
        out = {"as_of": profile.as_of.isoformat(), "reports": [r.to_dict() for r in reports],
               "ignored_fields": profile.ignored_fields()}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(render_text(reports))
        if ignored := profile.ignored_fields():
            print(f"\n提示：以下字段不认识，已忽略：{'、'.join(ignored)}")
    negative = {Verdict.not_eligible, Verdict.at_risk}
    return 1 if any(r.verdict in negative for r in reports) else 0


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2
