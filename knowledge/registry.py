"""The measures the assistant knows, found as folders under knowledge/measures/, each with its versions.

Why a registry: a measure is data, not code. Its folder holds everything specific to it (metadata and
the names people cite it by, the verbatim text of each version, parameters, standard questions,
lexicon, fields, flows, English renderings); the generic code loops over what is found here, so adding
a measure is adding its folder (and its rules module in checks/rules/), and deleting one leaves a
working assistant for the rest.

A measure may have successive versions, each with its own text and validity. Everything that depends
on a date (an answer's `today`, a check's `as_of`) asks `version_on(day)` for the text in force then.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .model import Chapter, Measure

MEASURES_DIR = Path(__file__).resolve().parent / "measures"
DATA = Path(__file__).resolve().parent / "data"
"""What every measure shares (the generic lexicon), beside the measures' own folders."""
ENV_DIRS = "ASSISTANT_MEASURES"
"""Colon-separated folders of measure folders to load instead of knowledge/measures (tests use it)."""


class VersionMeta(BaseModel):
    """One text of a measure: its document number, dates, and the files that hold it."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    id: str
    title: str
    number: str
    issued_on: date
    effective_from: date
    effective_until: date
    text: str
    source: str
    english: str | None = None
    validity_article: int
    """The article that states the version's validity period, cited by every check's validity finding."""
    import_: dict | None = Field(default=None, alias="import")
    """How scripts/import_seeds.py finds the measure inside its source (the line it starts after, and ends at)."""


class EnglishMeta(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    short_title: str
    names: tuple[str, ...] = ()


class MeasureMeta(BaseModel):
    """measure.json: what a measure is called, who issues it, its versions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    short_title: str
    topic: str
    """What it governs, in the two or three words people use: with the short title, the heading of pages."""
    issuer: str
    names: tuple[str, ...]
    """Every name people put in front of an article number (its short title and everyday names), for citations."""
    english: EnglishMeta | None = None
    eligibility_articles: tuple[int, ...] = ()
    """Articles that set the conditions to join; a question about one's own case there is offered the self-check."""
    example_question: str | None = None
    """A typical caller's question, shown where the assistant suggests what to ask."""
    versions: tuple[VersionMeta, ...]


@dataclass(frozen=True)
class MeasureEntry:
    """A measure folder: its metadata and, loaded on demand, each version's text."""

    meta: MeasureMeta
    folder: Path

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def versions(self) -> tuple[Measure, ...]:
        """Every version as a Measure (metadata and chapters), oldest first."""
        out = []
        for v in sorted(self.meta.versions, key=lambda v: v.effective_from):
            raw = json.loads((self.folder / v.text).read_text(encoding="utf-8"))
            english = json.loads((self.folder / v.english).read_text(encoding="utf-8")) if v.english else {}
            en = self.meta.english
            out.append(Measure(
                id=self.id, version=v.id, title=v.title, short_title=self.meta.short_title, number=v.number,
                issuer=self.meta.issuer, issued_on=v.issued_on, effective_from=v.effective_from,
                effective_until=v.effective_until, source=v.source, validity_article=v.validity_article,
                chapters=tuple(Chapter.model_validate(c) for c in raw["chapters"]),
                english_title=en.title if en else None, english_short_title=en.short_title if en else None,
                english_clauses=english.get("clauses", {}),
            ))
        return tuple(out)

    def version_on(self, day: date) -> Measure:
        """The version in force on `day`; outside every version, the latest one begun by then (it has
        expired) or, before the first, the first (not yet in force). Callers say which it was."""
        begun = [v for v in self.versions if v.effective_from <= day]
        return begun[-1] if begun else self.versions[0]

    def data(self, name: str) -> dict | None:
        """One of the folder's JSON files (questions.json, lexicon.json …), or None when it has none."""
        path = self.folder / name
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))


class Registry:
    """Every measure found, in a stable order (folder name)."""

    def __init__(self, entries: list[MeasureEntry]):
        self.entries = {e.id: e for e in entries}

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.entries)

    def __getitem__(self, measure_id: str) -> MeasureEntry:
        return self.entries[measure_id]

    def __contains__(self, measure_id: object) -> bool:
        return measure_id in self.entries

    def on(self, day: date) -> tuple[Measure, ...]:
        """The version of each measure that governs `day` (see MeasureEntry.version_on)."""
        return tuple(e.version_on(day) for e in self.entries.values())

    def headings(self) -> str:
        """Every measure's topic and short title (topic《short title》, joined by ·), for page headings."""
        return " · ".join(f"{e.meta.topic}《{e.meta.short_title}》" for e in self.entries.values())

    def titles(self) -> str:
        """《…》和《…》: the latest title of every measure, for sentences that say what the assistant covers."""
        return "和".join(f"《{e.versions[-1].title}》" for e in self.entries.values())

    def data(self, name: str) -> dict[str, dict]:
        """measure id → that measure's `name` file, for the measures that have one."""
        return {m: d for m, e in self.entries.items() if (d := e.data(name)) is not None}


def load(dirs: list[Path]) -> Registry:
    entries = []
    for base in dirs:
        for folder in sorted(p for p in base.iterdir() if (p / "measure.json").is_file()):
            meta = MeasureMeta.model_validate_json((folder / "measure.json").read_text(encoding="utf-8"))
            if meta.id != folder.name:
                raise ValueError(f"{folder}/measure.json has id {meta.id!r}; a measure's folder is named by its id")
            entries.append(MeasureEntry(meta, folder))
    if not entries:
        raise ValueError(f"no measure folders (with a measure.json) under {', '.join(map(str, dirs))}")
    return Registry(entries)


@cache
def registry() -> Registry:
    """The process-wide registry: knowledge/measures, or the folders named by $ASSISTANT_MEASURES."""
    configured = os.environ.get(ENV_DIRS)
    dirs = [Path(p) for p in configured.split(os.pathsep) if p] if configured else [MEASURES_DIR]
    return load(dirs)
