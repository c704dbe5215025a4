"""Outside a measure's own files, no code names a measure: not its id, not a name people cite it by,
not its topic, title or document number, not one of its clause ids. A measure's own files are its
folder (knowledge/measures/<id>/) and its rules module (checks/rules/<id>.py); the generic code reads
the registry, so a new or withdrawn measure needs no edit anywhere else.

The names are the registry's own, so a third measure's names are watched as soon as its folder exists.
EXCEPTIONS lists the files still allowed to, each with the reason."""

from __future__ import annotations

import re
from pathlib import Path

from knowledge import registry

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("knowledge", "checks", "bot", "api")
CODE = (".py", ".js", ".html", ".css")
EXCEPTIONS: dict[str, str] = {}


def _names() -> re.Pattern:
    words, ids = set(), set()
    for entry in registry().entries.values():
        meta = entry.meta
        ids.add(meta.id)
        words.update([*meta.names, meta.topic, meta.short_title])
        for version in meta.versions:
            words.update([version.title, version.number])
    words -= ids
    ascii_id = "|".join(map(re.escape, sorted(ids)))
    # An id alone or as a clause id (voucher-12-3), not inside a field name (joined_voucher_platform_on).
    chinese = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(rf"{chinese}|(?<![A-Za-z_])(?:{ascii_id})(?![A-Za-z_])")


def _own_files(path: Path) -> bool:
    relative = path.relative_to(ROOT).as_posix()
    return relative.startswith("knowledge/measures/") or relative.startswith("checks/rules/")


def test_no_code_outside_a_measures_own_files_names_a_measure():
    pattern = _names()
    named = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            if path.suffix not in CODE or _own_files(path) or "__pycache__" in path.parts:
                continue
            found = sorted(set(pattern.findall(path.read_text(encoding="utf-8"))))
            if found and path.relative_to(ROOT).as_posix() not in EXCEPTIONS:
                named[path.relative_to(ROOT).as_posix()] = found[:8]
    assert not named, f"code outside the measures' own files names a measure: {named}"
    assert len(EXCEPTIONS) <= 3
