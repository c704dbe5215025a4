"""Turns a caller's question into an answer: the clause quoted verbatim with its citation (each part's
clause when the question asks several things), a question back when both measures could be meant, or
an honest "not covered" that says where to ask instead; in English when the question is in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from .answer_model import Answer, Citation, Status
from .asked_value import Value, unstated
from .cite import measure_names, parse, resolve
from .corpus import Corpus, corpus
from .gate import admitted, gate_sure, probability, ruled_out
from .lexicon import lexicon
from .messages import EN, ZH, count, day, label, quote, say, scope, short_label, title, titles
from .model import Clause
from .registry import registry
from .retrieval import Hit, Query, Ranking, Retriever, english_document, retriever
from .text import fold, is_english, normalise, parts

CLARIFY_RATIO = 0.7
"""Both measures are offered when the other measure's best clause scores within this share of the best: on the
banks' held-out lines that name no measure, one question of one measure in eight is asked back at 0.7."""
TIE_RATIO = 0.8
SHORT_QUESTION = 10
"""A question this short whose two best articles score within TIE_RATIO (公示几天？) is asked back rather than
guessed: on the bank's held-out short lines, 0.8 asks back 10 in 101, six of them ones the best clause had wrong."""
RELATED_RATIO = 0.5
"""Runners-up scoring at least this share of the best are listed as related clauses (at most three): on the
banks' held-out lines whose best clause is wrong, the right one is listed for seven in eight."""
LONG_CHINESE, LONG_ENGLISH = 40, 100
"""Longer than the lines the gate was fitted on (the bank's Chinese lines: 99% within 36 characters; its English
ones: 99% within 100): such a question is judged part by part when the gate would refuse it whole."""
ITEM_RATIO = 0.8
"""An article with items is quoted by its best item instead when that item scores at least this share of the
article's score and leads its siblings by ITEM_LEAD: the question is about that item, not the article's lead.
On the bank's held-out Chinese lines this raises item@1 from 82.0% to 83.7% (English 41% to 45%), at the cost of
quoting an item for 4 more of the 81 questions about a whole article."""
ITEM_LEAD = 1.15
BOTH_RATIO = 0.4
"""A question that names two measures (what each requires of premises) quotes the other measure's best clause beside
the best one when it scores at least this share of the best: each measure has its own answer to it. On the bank's
held-out questions both measures answer that name both, 0.4 quotes the right pair for 13 of 16 (0.3: 14, 0.5: 12);
of 24 one-clause lines that name two measures, 6 get the other measure's clause as well (0.3: 12, 0.5: 4)."""
VALUE_RUNNER_UP = 0.8
"""A related clause scoring at least this share of the best answers a question asking for a value the best one
does not state, when it states one (knowledge/asked_value.py). On the bank's held-out lines it rescues one English
in-scope line and lets one neighbour through at 0.8 and at 0.65; lower ratios let more neighbours through on the
development sets."""
PART_CONFIDENCE = 0.3
"""A part of a several-part question adds its clause when the classifier gives that clause at least this."""
WARN_MONTHS = 6


def months_before(day_: date, months: int) -> date:
    """The corresponding day `months` earlier, or that month's last day where there is none."""
    year, month = divmod(day_.year * 12 + day_.month - 1 - months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
    return date(year, month, min(day_.day, last))


def example_questions() -> list[str]:
    """One question per measure (measure.json's example_question), for prompts that show what to ask."""
    return [e.meta.example_question for e in registry().entries.values() if e.meta.example_question]


@cache
def _citation_in_text() -> re.Pattern:
    names = "|".join(re.escape(n) for n, _ in measure_names())
    return re.compile(rf"((?:《?(?:{names})》?)?第[0-9零一二两三四五六七八九十百]+条"
                      r"(?:第?[（(]?[0-9一二三四五六七八九十]+[）)]?项)?)")


_ENGLISH_CITATION = re.compile(r"\bart(?:icle)?\.?\s*(\d{1,3})(?:\s*(\(\d{1,2}\)))?(?:\s+of\s+(?:the\s+)?([a-z ]+))?")
# The item's spaces sit inside its optional group: a bare \s* before it would take the space "of the" needs.


def _english_citation(question: str) -> str | None:
    """Art. 12(3) of <an English name>, Article 22 of <another> → the form cite.parse reads (name first)."""
    m = _ENGLISH_CITATION.search(fold(question))
    if not m:
        return None
    said = re.sub(r"\s+", "", m[3] or "")
    name = next((n for n, _ in measure_names() if n.isascii() and said.startswith(n)), "")
    return f"{name}art.{m[1]}{m[2] or ''}"


_ELIGIBILITY = re.compile(r"(能不能|能否|可不可以|可以吗|能吗|够不够|够吗|符合|满足|资格|行不行|行吗|才能|能申请|能入驻|可以申请|可以入驻"
                          r"|eligible|qualify|meet|can we|could we)")
_OWN_CASE = re.compile(r"(我们|我司|本公司|我单位|我公司|我们公司|我们单位|我机构|\d+\s*(个)?人|\d+\s*(平|万)|\bwe\b|\bour\b)")


@cache
def _eligibility_articles() -> dict[str, str]:
    """Article id → measure, for the articles that set a measure's conditions of admission
    (measure.json's eligibility_articles): a question about one's own case there is offered the self-check."""
    return {f"{e.id}-{n}": e.id for e in registry().entries.values() for n in e.meta.eligibility_articles}


def to_citation(clause: Clause, score: float | None = None, language: str = ZH) -> Citation:
    return Citation.of(clause, score, english=language == EN)


def validity_notices(measures: list[str], today: date, c: Corpus, language: str = ZH) -> list[str]:
    notices = []
    for measure_id in dict.fromkeys(measures):
        m = c.measures[measure_id]
        key = ("not_yet" if today < m.effective_from else "expired" if today > m.effective_until
               else "expiring" if today >= months_before(m.effective_until, WARN_MONTHS) else None)
        if key:
            notices.append(say(language, key, title=title(language, c, measure_id), today=day(language, today),
                               start=day(language, m.effective_from), end=day(language, m.effective_until)))
    return notices


@dataclass(frozen=True)
class Decision:
    status: Status
    candidates: list[Hit]
    """For clarify, the clauses to choose between; for answered, the best clause (one per part of the
    question) then related ones."""
    across_measures: bool = False
    topic: str | None = None
    """For no_match, the neighbouring topic the question is about, where one was recognised."""
    answered_parts: int = 1


def _answered(decision: Decision, today: date, c: Corpus, question: str, language: str) -> Answer:
    hits = decision.candidates
    main = hits[:decision.answered_parts]
    text = "\n\n".join(quote(language, h.clause) for h in main)
    if len(hits) > len(main):
        text += "\n\n" + say(language, "related") + "；".join(short_label(language, h.clause) for h in hits[len(main):])
    suggest = None
    measure = _eligibility_articles().get(main[0].clause.article_id)
    if measure and _ELIGIBILITY.search(normalise(question)) and _OWN_CASE.search(question):
        suggest = measure
        text += "\n\n" + say(language, "self_check")
    return Answer(status=Status.answered, answer=text, language=language,
                  citations=[to_citation(h.clause, h.score, language) for h in hits],
                  notices=validity_notices([h.clause.measure for h in main], today, c, language),
                  suggest_check=suggest)


def _clarify(decision: Decision, today: date, c: Corpus, language: str) -> Answer:
    chosen = decision.candidates

    def gist(cl: Clause) -> str:
        text = cl.english.text if language == EN and cl.english else cl.text
        return text[:60 if language == EN else 40] + ("…" if len(text) > (60 if language == EN else 40) else "")

    lines = [f"· {short_label(language, h.clause)}：{gist(h.clause)}" for h in chosen]
    measures = list(dict.fromkeys(h.clause.measure for h in chosen))
    if decision.across_measures:
        lead = say(language, "clarify_measures", names=titles(language, c, measures))
    else:
        lead = say(language, "clarify_clauses")
    return Answer(status=Status.clarify, answer=lead + "\n" + "\n".join(lines), language=language,
                  citations=[to_citation(h.clause, h.score, language) for h in chosen],
                  notices=validity_notices(measures, today, c, language))


def _no_match(message: str, c: Corpus, language: str) -> Answer:
    return Answer(status=Status.no_match, language=language,
                  answer=f"{message}\n{scope(language, c)}\n{say(language, 'hotline')}")


def _not_stated(value: Value, clause: Clause, score: float | None, today: date, c: Corpus, language: str) -> Answer:
    """The measures deal with the subject but the clause states no value of the kind asked: say so, and quote the
    clause, so the caller sees what the measures do say."""
    lead = say(language, "not_stated", titles=titles(language, c), what=value.en if language == EN else value.zh)
    return Answer(status=Status.no_match, language=language,
                  answer=f"{lead}\n\n{quote(language, clause)}\n\n{say(language, 'hotline')}",
                  citations=[to_citation(clause, score, language)],
                  notices=validity_notices([clause.measure], today, c, language))


def _value_unstated(question: str, clauses: list[Clause], language: str) -> Value | None:
    """The kind of value the question asks for that none of the clauses it would get states (asked_value). The
    Chinese text is what states a value; an English question may meet it in the English rendering's words too."""
    evidence = " ".join(f"{cl.context or ''}{cl.text} {english_document(cl) if language == EN else ''}"
                        for cl in clauses)
    return unstated(fold(question), fold(evidence))


def _stating_runner_up(question: str, decision: Decision, language: str) -> Hit | None:
    """A related clause nearly as good a match as the best (VALUE_RUNNER_UP) that states the kind of value the
    best one does not: the question is about it (仪器最少值多少钱 → the clause with 500万元)."""
    if decision.status is not Status.answered:
        return None
    best = decision.candidates[0]
    return next((h for h in decision.candidates[1:] if h.score >= VALUE_RUNNER_UP * best.score
                 and not _value_unstated(question, [h.clause], language)), None)


def _shown(decision: Decision) -> list[Hit]:
    """The clauses an answer would rest on, where one value check can judge them: none for an answer quoting
    several clauses, each answering its own part."""
    if decision.status is Status.no_match or decision.answered_parts > 1:
        return []
    return decision.candidates if decision.status is Status.clarify else decision.candidates[:1]


def _by_citation(question: str, today: date, c: Corpus, r: Retriever, language: str) -> Answer | None:
    """第七条是什么？ or a bare 7.3: answer from the citation, not from word overlap. An article cited with a
    question about it (第十二条里没按期整改会怎样？) is answered by the item the question is about."""
    text = normalise(question).rstrip("?？。!！")
    ref, rest = (text, "") if parse(text) else (None, text)
    if ref is None and (m := _citation_in_text().search(text)):
        ref, rest = m[1], text.replace(m[1], " ")
    if ref is None and language == EN and (english := _english_citation(question)):
        ref, rest = english, _ENGLISH_CITATION.sub(" ", fold(question))
    if ref is None:
        return None
    found = resolve(ref, c)
    if found.error:
        return _no_match(found.error, c, language)
    named = lexicon().measures_named(question)
    clauses = [cl for cl in found.clauses if cl.measure in named] or found.clauses
    if len(clauses) == 1 and clauses[0].item is None:
        clauses = [_item_asked(clauses[0], rest, r, language)]
    if len(clauses) == 1 and rest.strip() and (value := _value_unstated(rest, clauses, language)):
        return _not_stated(value, clauses[0], None, today, c, language)
    if len(clauses) == 1:
        return Answer(status=Status.answered, answer=quote(language, clauses[0]), language=language,
                      citations=[to_citation(clauses[0], language=language)],
                      notices=validity_notices([clauses[0].measure], today, c, language))
    return Answer(
        status=Status.clarify, language=language,
        answer=say(language, "clarify_citation", n=count(language, len(clauses))) + "\n" + "\n".join(f"· {label(language, cl)}" for cl in clauses),
        citations=[to_citation(cl, language=language) for cl in clauses],
        notices=validity_notices([cl.measure for cl in clauses], today, c, language),
    )


def _item_asked(article: Clause, rest: str, r: Retriever, language: str) -> Clause:
    """The item of a cited article that the rest of the question asks about, if one clearly is; else the article.
    The rest is ranked as a question of its own, among that article's clauses only."""
    query = r.prepare(rest)
    if not query.tokens:
        return article
    hits = [h for h in r.rank(query).hits if h.clause.article_id == article.id]
    items = [h for h in hits if h.clause.item is not None]
    if not items or not _leads(items):
        return article
    if hits[0].clause.item is None and items[0].score < ITEM_RATIO * hits[0].score:
        return article
    return items[0].clause


def _overlaps(a: Clause, b: Clause) -> bool:
    """The same clause, or an article and one of its own items: quoting one quotes the other."""
    return a.id == b.id or a.id == b.article_id or b.id == a.article_id


def _narrowest(hits: list[Hit]) -> list[Hit]:
    """The ranking with an article's best item first in place of the article, where that item is what the
    question asks about: nearly as good a match as the whole article and clearly ahead of its siblings."""
    best = hits[0]
    if best.clause.item is not None:
        return hits
    items = [h for h in hits if h.clause.article_id == best.clause.id and h.clause.item is not None]
    if not items or items[0].score < ITEM_RATIO * best.score or not _leads(items):
        return hits
    return [items[0], *(h for h in hits if h is not items[0])]


def _leads(items: list[Hit]) -> bool:
    """The best of an article's items (ranked) is clearly ahead of its siblings: ITEM_LEAD times the next."""
    return len(items) < 2 or items[0].score >= ITEM_LEAD * items[1].score


def _related(best: Hit, rest: list[Hit]) -> list[Hit]:
    """Close runners-up, leaving out the best clause's own article or items (already quoted around it)."""
    return [h for h in rest if h.score >= RELATED_RATIO * best.score and not _overlaps(h.clause, best.clause)][:3]


def _part_query(piece: str, query: Query, r: Retriever) -> Query:
    return r.prepare(piece) if query.english else r.read(piece)


def _out_of_scope(query: Query, ranking: Ranking, c: Corpus, r: Retriever) -> tuple[bool, str | None]:
    """Whether the question lies outside the measures, and the neighbouring topic's name where the lexicon
    knows one: the rules first, then the learned gate (knowledge/gate.py).

    The gate was fitted on single questions, whose coverage and score per word a long question dilutes:
    a question of several parts is in scope when one of its parts is (each part judged as a question). A
    neighbouring topic's word in a long question may sit in its background (我们是新型研发机构，…), so a long
    question the rules refuse is in scope too when the gate is sure of one of its parts (gate.GATE_SURE)."""
    p = probability(query, ranking, r, c)
    ruled, topic = ruled_out(query, ranking, c, p)
    if not ruled and admitted(p, r):
        return False, topic
    long = len(query.text) > (LONG_ENGLISH if query.english else LONG_CHINESE)
    for piece in parts(query.text) if long else ():
        part = _part_query(piece, query, r)
        part_ranking = r.rank(part)
        part_p = probability(part, part_ranking, r, c)
        if not part_ranking.hits or ruled_out(part, part_ranking, c, part_p)[0]:
            continue
        if admitted(part_p, r) and (not ruled or gate_sure(part_p)):
            return False, topic
    return True, topic


def decide(question: str, ranking: Ranking, c: Corpus, r: Retriever | None = None,
           query: Query | None = None) -> Decision:
    """Answered, clarify or no_match from the ranking's evidence; public so the eval can explain it."""
    r = r or retriever(c)
    query = query or r.prepare(question)
    outside, topic = _out_of_scope(query, ranking, c, r)
    if outside:
        return Decision(Status.no_match, [], topic=topic)
    hits = _narrowest(ranking.hits)
    best = hits[0]
    if not ranking.measures_named:
        rival = next((h for h in hits if h.clause.measure != best.clause.measure), None)
        if rival and rival.score >= CLARIFY_RATIO * best.score:
            per_measure = [h for m in (best.clause.measure, rival.clause.measure)
                           for h in [x for x in hits if x.clause.measure == m][:2]]
            return Decision(Status.clarify, sorted(per_measure, key=lambda h: -h.score), across_measures=True)
    if len(ranking.measures_named) > 1:
        return _per_measure(hits, ranking.measures_named)
    if len(query.text) <= SHORT_QUESTION and not query.english:
        tied = [h for h in hits[1:4] if h.score >= TIE_RATIO * best.score
                and h.clause.article_id != best.clause.article_id]
        if tied:
            return Decision(Status.clarify, [best, *tied])
    return Decision(Status.answered, [best, *_related(best, hits[1:])])


def _per_measure(hits: list[Hit], named: set[str]) -> Decision:
    """Each named measure's best clause (its narrowest), best first, then the related ones of the best."""
    best = hits[0]
    main = [best]
    for measure in sorted(named - {best.clause.measure}):
        own = [h for h in hits if h.clause.measure == measure]
        if own and own[0].score >= BOTH_RATIO * best.score:
            main.append(_narrowest(own)[0])
    rest = [h for h in _related(best, hits[1:]) if not any(_overlaps(h.clause, m.clause) for m in main)]
    return Decision(Status.answered, [*main, *rest], answered_parts=len(main))


def _with_parts(decision: Decision, query: Query, r: Retriever) -> Decision:
    """A question that asks several things gets each part's clause after the first: a part adds its best
    clause when it is not already quoted (nor its article or item) and the classifier is confident of it."""
    pieces = parts(query.text)
    if decision.status is not Status.answered or len(pieces) < 2:
        return decision
    main = decision.candidates[:decision.answered_parts]
    for piece in pieces:
        ranking = r.rank(_part_query(piece, query, r))
        if not ranking.hits or not ranking.prediction:
            continue
        best = _narrowest(ranking.hits)[0]
        confident = ranking.prediction.of(best.clause.id) >= PART_CONFIDENCE
        if confident and not any(_overlaps(best.clause, h.clause) for h in main):
            main.append(best)
    rest = [h for h in decision.candidates[1:] if h.clause.id not in {m.clause.id for m in main}]
    return Decision(Status.answered, [*main, *rest], answered_parts=len(main))


def respond(question: str, today: date, c: Corpus, r: Retriever) -> Answer:
    """The answer to `question` from the snapshot `c` and its retriever `r` (the benchmarks pass their own)."""
    language = EN if is_english(question) else ZH
    if not normalise(question):
        return Answer(status=Status.no_match, language=language,
                      answer=say(language, "empty", examples="或".join(f"“{q}”" for q in example_questions())))
    if kind := lexicon().small_talk_kind(question):
        return Answer(status=Status.no_match, language=language, answer=say(language, kind, scope=scope(language, c)))
    if (by_citation := _by_citation(question, today, c, r, language)) is not None:
        return by_citation
    query = r.prepare(question)
    ranking = r.rank(query)
    decision = _with_parts(decide(question, ranking, c, r, query), query, r)
    shown = _shown(decision)
    if shown and (value := _value_unstated(question, [h.clause for h in shown], language)):
        stating = _stating_runner_up(question, decision, language)
        if stating is None:
            return _not_stated(value, shown[0].clause, shown[0].score, today, c, language)
        decision = Decision(Status.answered, [stating, *[h for h in decision.candidates if h is not stating]])
    if decision.status is Status.no_match:
        lead = (say(language, "off_topic", topic=decision.topic, titles=titles(language, c)) if decision.topic
                else say(language, "no_match", titles=titles(language, c)))
        return _no_match(lead, c, language)
    if decision.status is Status.clarify:
        return _clarify(decision, today, c, language)
    return _answered(decision, today, c, question, language)


def ask(question: str, today: date) -> Answer:
    """The hotline's answer to `question`, from the texts that govern `today` (the caller's clock)."""
    c = corpus(today)
    return respond(question, today, c, retriever(c))


SEARCH_RELATED_RATIO = 0.5
"""Below literal matches, staff search lists ranked clauses scoring at least this share of the best."""


def search(query: str, today: date, k: int = 10) -> list[Citation]:
    """Ranked clauses for staff: a citation resolves exactly; a keyword lists the clauses that contain it
    first (by relevance, then in the measures' order), then close matches in meaning."""
    c = corpus(today)
    found = resolve(query, c) if parse(query) else None
    if found and found.clauses:
        return [to_citation(cl) for cl in found.clauses][:k]
    hits = retriever(c).rank(query).hits
    if not hits:
        return []
    score = {h.clause.id: h.score for h in hits}
    key = normalise(lexicon().rewrite(normalise(query)))
    literal = [cl for cl in c.clauses.values() if key and key in normalise(cl.text)]
    literal.sort(key=lambda cl: -score.get(cl.id, 0.0))  # stable: unranked ones keep the measures' order
    related = [h.clause for h in hits if h.score >= SEARCH_RELATED_RATIO * hits[0].score and h.clause not in literal]
    return [to_citation(cl, score.get(cl.id)) for cl in [*literal, *related][:k]]
