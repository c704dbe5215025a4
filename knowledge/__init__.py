"""The two measures as article-indexed data, citation lookup, retrieval and hotline answers.

Knows nothing of checks, dialogs or channels; everything else in the project stands on it.
"""

from .answer_model import Answer, Citation, Status
from .cite import Resolution, parse as parse_citation, resolve
from .corpus import Corpus, corpus
from .model import Article, Chapter, Clause, ClauseRef, Item, Measure

__all__ = [
    "Answer", "Article", "Chapter", "Citation", "Clause", "ClauseRef", "Corpus", "Item", "Measure",
    "Resolution", "Status", "corpus", "parse_citation", "resolve",
]

from .answer import ask, search, shanghai_today  # noqa: E402  (after the models it returns)

__all__ += ["ask", "search", "shanghai_today"]
