"""Turns a caller's question into an answer: the clause quoted verbatim with its citation, a question
back when both measures could be meant, or an honest "not covered" that says where to ask instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache

from .answer_model import Answer, Citation, Status
from .cite import measure_names, parse, resolve
from .corpus import Corpus, corpus
from .lexicon import lexicon
from .model import Clause
from .numerals import int_to_cn
from .registry import registry
from .retrieval import Hit, Ranking, retriever
from .text import normalise

HOTLINE = "如需人工咨询，请拨打上海市民服务热线 12345，或联系上海市科学技术委员会。"

# The gate between "answered" and "no_match".
MIN_COVERAGE = 0.25
"""Scores of real and out-of-scope questions overlap widely, so they only catch the hopeless cases among
questions that name neither measure; the domain's vocabulary, the neighbouring topics and the names of
other programmes decide the rest."""
MAX_UNFAMILIAR = 0.7
"""A question naming neither measure whose content is mostly words the measures never use is about
something else; no in-scope question of the four sets exceeds 0.67 (knowledge/retrieval.py)."""
ANCHORED_COVERAGE = 0.8
"""A question that names a measure and is this well covered is answered despite a neighbouring topic's word."""
CLARIFY_RATIO = 0.8
"""Both measures are offered when the other measure's best clause scores within this share of the best
(questions of one measure that name neither reach at most 0.71 on the dev and held-out sets)."""
TIE_RATIO = 0.96
SHORT_QUESTION = 10
"""A question this short whose two best clauses tie (公示几天？) is asked back rather than guessed."""
RELATED_RATIO = 0.75
WARN_MONTHS = 6


def months_before(day: date, months: int) -> date:
    """The corresponding day `months` earlier, or that month's last day where there is none."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
    return date(year, month, min(day.day, last))


def titles(c: Corpus) -> str:
    """《…》和《…》: every measure's full title, for sentences that say what the assistant covers."""
    return "和".join(f"《{m.title}》" for m in c.measures.values())


def example_questions() -> list[str]:
    """One question per measure (measure.json's example_question), for prompts that show what to ask."""
    return [e.meta.example_question for e in registry().entries.values() if e.meta.example_question]


def scope(c: Corpus) -> str:
    example = next(iter(c.measures.values()))
    return (f"我可以解答{titles(c)}的条款问题（原文引用并注明出处），帮您自检申请条件，"
            f"也可以按条款编号查原文，例如“第七条第（三）项”或“{example.short_title}7-3”。")


@cache
def _citation_in_text() -> re.Pattern:
    names = "|".join(re.escape(n) for n, _ in measure_names())
    return re.compile(rf"((?:《?(?:{names})》?)?第[0-9零一二两三四五六七八九十百]+条"
                      r"(?:第?[（(]?[0-9一二三四五六七八九十]+[）)]?项)?)")


_ELIGIBILITY = re.compile(r"(能不能|能否|可不可以|可以吗|能吗|够不够|够吗|符合|满足|资格|行不行|行吗|才能|能申请|能入驻|可以申请|可以入驻)")
_OWN_CASE = re.compile(r"(我们|我司|本公司|我单位|我公司|我们公司|我们单位|我机构|\d+\s*(个)?人|\d+\s*(平|万))")


@cache
def _eligibility_articles() -> dict[str, str]:
    """Article id → measure, for the articles that set a measure's conditions of admission
    (measure.json's eligibility_articles): a question about one's own case there is offered the self-check."""
    return {f"{e.id}-{n}": e.id for e in registry().entries.values() for n in e.meta.eligibility_articles}


def _count_cn(n: int) -> str:
    """两个文件, 三个文件: how many, as a counted noun is said."""
    return "两" if n == 2 else int_to_cn(n)


def to_citation(clause: Clause, score: float | None = None) -> Citation:
    return Citation.of(clause, score)


def quote(clause: Clause) -> str:
    """The clause as it is read out: its label, the article's lead where it is an item, the text."""
    lead = f"{clause.context}\n" if clause.context else ""
    return f"依据{clause.label}：\n{lead}{clause.text}"


def validity_notices(measures: list[str], today: date, c: Corpus) -> list[str]:
    notices = []
    for measure_id in dict.fromkeys(measures):
        m = c.measures[measure_id]
        name = f"《{m.title}》"
        if today < m.effective_from:
            notices.append(f"注意：{name}自{m.effective_from:%Y年%-m月%-d日}起施行，{today:%Y年%-m月%-d日}尚未生效。")
        elif today > m.effective_until:
            notices.append(f"注意：{name}有效期至{m.effective_until:%Y年%-m月%-d日}，已经失效，请以现行规定为准。")
        elif today >= months_before(m.effective_until, WARN_MONTHS):
            notices.append(f"提示：{name}有效期至{m.effective_until:%Y年%-m月%-d日}，即将到期，到期后请关注新版规定。")
    return notices


@dataclass(frozen=True)
class Decision:
    status: Status
    candidates: list[Hit]
    """For clarify, the clauses to choose between; for answered, the best clause and related ones."""
    across_measures: bool = False


def _answered(hits: list[Hit], today: date, c: Corpus, question: str) -> Answer:
    clause = hits[0].clause
    text = quote(clause)
    if len(hits) > 1:
        text += "\n\n相关条款：" + "；".join(h.clause.short_label for h in hits[1:])
    suggest = None
    measure = _eligibility_articles().get(clause.article_id)
    if measure and _ELIGIBILITY.search(question) and _OWN_CASE.search(question):
        suggest = measure
        text += ("\n\n想知道贵单位是否符合全部条件？可以使用“自检”功能，逐项填写情况后，"
                 "我会对照条款逐条给出结论。")
    return Answer(status=Status.answered, answer=text,
                  citations=[to_citation(h.clause, h.score) for h in hits],
                  notices=validity_notices([clause.measure], today, c),
                  suggest_check=suggest)


def _clarify(decision: Decision, today: date, c: Corpus) -> Answer:
    chosen = decision.candidates
    lines = [f"· {h.clause.short_label}：{h.clause.text[:40]}{'…' if len(h.clause.text) > 40 else ''}"
             for h in chosen]
    measures = list(dict.fromkeys(h.clause.measure for h in chosen))
    if decision.across_measures:
        names = "和".join(f"《{c.measures[m].title}》" for m in measures)
        lead = f"{names}对此都有规定。请问您问的是哪一个文件？"
    else:
        lead = "这个问题可能指以下几种情形，请问您问的是哪一种？"
    return Answer(status=Status.clarify, answer=lead + "\n" + "\n".join(lines),
                  citations=[to_citation(h.clause, h.score) for h in chosen],
                  notices=validity_notices(measures, today, c))


def _no_match(message: str, c: Corpus) -> Answer:
    return Answer(status=Status.no_match, answer=f"{message}\n{scope(c)}\n{HOTLINE}")


def _by_citation(question: str, today: date, c: Corpus) -> Answer | None:
    """第七条是什么？ or a bare 7.3: answer from the citation, not from word overlap."""
    text = normalise(question).rstrip("?？。!！")
    ref = text if parse(text) else None
    if ref is None and (m := _citation_in_text().search(text)):
        ref = m[1]
    if ref is None:
        return None
    found = resolve(ref, c)
    if found.error:
        return _no_match(found.error, c)
    named = lexicon().measures_named(question)
    clauses = [cl for cl in found.clauses if cl.measure in named] or found.clauses
    if len(clauses) == 1:
        return Answer(status=Status.answered, answer=quote(clauses[0]), citations=[to_citation(clauses[0])],
                      notices=validity_notices([clauses[0].measure], today, c))
    return Answer(
        status=Status.clarify,
        answer=f"{_count_cn(len(clauses))}个文件都有这一条，请问您要查哪一个？\n" + "\n".join(f"· {cl.label}" for cl in clauses),
        citations=[to_citation(cl) for cl in clauses],
        notices=validity_notices([cl.measure for cl in clauses], today, c),
    )


@lru_cache(maxsize=4)
def law_text(c: Corpus) -> str:
    """Every article's text and title, to tell a name the measures use from one they never mention."""
    return "".join(a.heading + a.text for m in c.measures.values() for a in m.articles)


def _shares_phrase(question: str, c: Corpus) -> bool:
    """Three Chinese characters in a row that the measures also use (动态调整, 正常经营) mark a question of theirs."""
    text = "".join(re.findall(r"[\u4e00-\u9fff]+", normalise(question)))
    law = law_text(c)
    return any(text[i:i + 3] in law for i in range(len(text) - 2))


def _related(best: Hit, rest: list[Hit]) -> list[Hit]:
    """Close runners-up, leaving out the best clause's own article or items (already quoted around it)."""
    def nested(h: Hit) -> bool:
        return h.clause.id == best.clause.article_id or h.clause.article_id == best.clause.id
    return [h for h in rest if h.score >= RELATED_RATIO * best.score and not nested(h)][:3]


def decide(question: str, ranking: Ranking, c: Corpus) -> Decision:
    """Answered, clarify or no_match from the ranking's evidence; public so the eval can explain it."""
    lex = lexicon()
    no_match = Decision(Status.no_match, [])
    if not ranking.hits or not (lex.in_domain(question) or _shares_phrase(question, c)):
        return no_match
    anchored = bool(ranking.measures_named) and ranking.coverage >= ANCHORED_COVERAGE
    topic = lex.off_topic(question)
    if topic and topic.decisive:
        return no_match
    if (topic or lex.foreign_programme(question, law_text(c))) and not anchored:
        return no_match
    if not ranking.measures_named and (ranking.coverage < MIN_COVERAGE
                                       or retriever(c).unfamiliar_share(question) >= MAX_UNFAMILIAR):
        return no_match
    best, hits = ranking.hits[0], ranking.hits
    if not ranking.measures_named:
        rival = next((h for h in hits if h.clause.measure != best.clause.measure), None)
        if rival and rival.score >= CLARIFY_RATIO * best.score:
            per_measure = [h for m in (best.clause.measure, rival.clause.measure)
                           for h in [x for x in hits if x.clause.measure == m][:2]]
            return Decision(Status.clarify, sorted(per_measure, key=lambda h: -h.score), across_measures=True)
    if len(normalise(question)) <= SHORT_QUESTION:
        tied = [h for h in hits[1:4] if h.score >= TIE_RATIO * best.score
                and h.clause.article_id != best.clause.article_id]
        if tied:
            return Decision(Status.clarify, [best, *tied])
    return Decision(Status.answered, [best, *_related(best, hits[1:])])


def ask(question: str, today: date) -> Answer:
    """The hotline's answer to `question`, from the texts that govern `today` (the caller's clock)."""
    c = corpus(today)
    question = lexicon().rewrite(question)
    if not normalise(question):
        return Answer(status=Status.no_match,
                      answer="请输入您的问题，例如：" + "或".join(f"“{q}”" for q in example_questions()))
    if lexicon().is_greeting(question):
        return Answer(status=Status.no_match, answer=f"您好！我是上海科技政策助手。{scope(c)}")
    if (by_citation := _by_citation(question, today, c)) is not None:
        return by_citation
    decision = decide(question, retriever(c).rank(question), c)
    if decision.status is Status.no_match:
        topic = lexicon().off_topic(question)
        lead = (f"抱歉，“{topic.topic}”不在{titles(c)}的规定范围内，我无法据此回答。" if topic
                else f"抱歉，这个问题在{titles(c)}中没有找到对应规定。")
        return _no_match(lead, c)
    if decision.status is Status.clarify:
        return _clarify(decision, today, c)
    return _answered(decision.candidates, today, c, question)


SEARCH_RELATED_RATIO = 0.5
"""Below literal matches, staff search lists ranked clauses scoring at least this share of the best."""


def search(query: str, today: date, k: int = 10) -> list[Citation]:
    """Ranked clauses for staff: a citation resolves exactly; a keyword lists the clauses that contain it
    first (by relevance, then in the measures' order), then close matches in meaning."""
    c = corpus(today)
    found = resolve(query, c) if parse(query) else None
    if found and found.clauses:
        return [to_citation(cl) for cl in found.clauses][:k]
    text = lexicon().rewrite(query)
    hits = retriever(c).rank(text).hits
    if not hits:
        return []
    score = {h.clause.id: h.score for h in hits}
    key = normalise(text)
    literal = [cl for cl in c.clauses.values() if key and key in normalise(cl.text)]
    literal.sort(key=lambda cl: -score.get(cl.id, 0.0))  # stable: unranked ones keep the measures' order
    related = [h.clause for h in hits if h.score >= SEARCH_RELATED_RATIO * hits[0].score and h.clause not in literal]
    return [to_citation(cl, score.get(cl.id)) for cl in [*literal, *related][:k]]
