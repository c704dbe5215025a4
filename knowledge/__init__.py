"""The measures as article-indexed data, citation lookup, retrieval and hotline answers.

Knows nothing of checks, dialogs or channels; everything else in the project stands on it. Which
measures exist is data (knowledge/measures/<id>/, read by knowledge.registry); which version of each
governs a question is decided by the date the caller passes in.
"""

from .answer_model import Answer, Citation, Status
from .cite import Resolution, parse as parse_citation, resolve
from .clock import SHANGHAI, Clock, fixed_clock, shanghai_date, system_clock
from .corpus import Corpus, corpus
from .model import Article, Chapter, Clause, ClauseRef, Item, Measure
from .registry import Registry, registry

__all__ = [
    "Answer", "Article", "Chapter", "Citation", "Clause", "ClauseRef", "Clock", "Corpus", "Item", "Measure",
    "Registry", "Resolution", "SHANGHAI", "Status", "corpus", "fixed_clock", "parse_citation", "registry",
    "resolve", "shanghai_date", "system_clock",
]

from .answer import ask, search, to_citation  # noqa: E402  (after the models it returns)

__all__ += ["ask", "search", "to_citation"]
