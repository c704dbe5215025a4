"""What the hotline says around the clauses it quotes, in Chinese and in English.

One table per language, so a question asked in English is answered in English throughout (the
clause's Chinese text still quoted verbatim: it is the law). Titles come from the measures' data;
no sentence here names a measure.
"""

from __future__ import annotations

from datetime import date

from .corpus import Corpus
from .model import Clause
from .numerals import int_to_cn

ZH, EN = "zh", "en"
HOTLINE_NUMBER = "12345"

_ZH = {
    "hotline": f"如需人工咨询，请拨打上海市民服务热线 {HOTLINE_NUMBER}，或联系上海市科学技术委员会。",
    "scope": "我可以解答{titles}的条款问题（原文引用并注明出处），帮您自检申请条件，也可以按条款编号查原文，"
             "例如“第七条第（三）项”或“{short}7-3”。",
    "empty": "请输入您的问题，例如：{examples}",
    "greeting": "您好！我是上海科技政策助手。{scope}",
    "thanks": "不客气！还有其他问题，随时问我。",
    "bye": f"再见！以后有问题随时来问，也可以拨打上海市民服务热线 {HOTLINE_NUMBER}。",
    "human": f"需要人工服务的话，请拨打上海市民服务热线 {HOTLINE_NUMBER}（人工接听），或联系上海市科学技术委员会。"
             "我可以先帮您查条款原文。",
    "identity": "我是上海科技政策助手，一个自动答复条款问题的程序，不是人工客服。{scope}",
    "no_match": "抱歉，这个问题在{titles}中没有找到对应规定。",
    "off_topic": "抱歉，“{topic}”不在{titles}的规定范围内，我无法据此回答。",
    "not_stated": "抱歉，{titles}中与此最相关的是下面这条，但它没有写明您问的{what}：",
    "quote": "依据{label}：\n{lead}{text}",
    "related": "相关条款：",
    "self_check": "想知道贵单位是否符合全部条件？可以使用“自检”功能，逐项填写情况后，我会对照条款逐条给出结论。",
    "clarify_measures": "{names}对此都有规定。请问您问的是哪一个文件？",
    "clarify_clauses": "这个问题可能指以下几种情形，请问您问的是哪一种？",
    "clarify_citation": "{n}个文件都有这一条，请问您要查哪一个？",
    "not_yet": "注意：{title}自{start}起施行，{today}尚未生效。",
    "expired": "注意：{title}有效期至{end}，已经失效，请以现行规定为准。",
    "expiring": "提示：{title}有效期至{end}，即将到期，到期后请关注新版规定。",
    "and": "和",
}

_EN = {
    "hotline": f"To speak to a person, call the Shanghai citizen service hotline {HOTLINE_NUMBER} or contact the "
               "Shanghai Municipal Science and Technology Commission.",
    "scope": "I answer questions on {titles}, quoting the Chinese text with its citation and an unofficial English "
             "translation; I can help you check the conditions to apply, and look up a clause by number, e.g. "
             "“Art. 7(3)”.",
    "empty": "Please type your question, for example: {examples}",
    "greeting": "Hello! I am the Shanghai science and technology policy assistant. {scope}",
    "thanks": "You are welcome! Ask me anything else at any time.",
    "bye": f"Goodbye! Come back any time, or call the Shanghai citizen service hotline {HOTLINE_NUMBER}.",
    "human": f"For a person, please call the Shanghai citizen service hotline {HOTLINE_NUMBER} (answered by staff) "
             "or contact the Shanghai Municipal Science and Technology Commission. Meanwhile I can look up the clauses for you.",
    "identity": "I am the Shanghai science and technology policy assistant, a program that answers questions on the "
                "measures' clauses, not a member of staff. {scope}",
    "no_match": "Sorry, I found no provision on this in {titles}.",
    "off_topic": "Sorry, this question is outside {titles}, so I cannot answer it from them.",
    "not_stated": "Sorry, the closest clause in {titles} is the one below, but it does not state {what}:",
    "quote": "Under {label}:\n{lead}{text}",
    "translation": "Unofficial translation — the Chinese text prevails:\n{lead}{text}",
    "related": "Related clauses: ",
    "self_check": "Want to know whether your organisation meets every condition? Use the self-check: enter your "
                  "figures one by one and I will compare them with each clause.",
    "clarify_measures": "{names} both address this. Which of them do you mean?",
    "clarify_clauses": "This could mean any of the following. Which one do you mean?",
    "clarify_citation": "{n} measures have this article. Which one do you want?",
    "not_yet": "Note: {title} takes effect on {start}; it was not yet in force on {today}.",
    "expired": "Note: {title} was valid until {end} and is no longer in force; please refer to the current rules.",
    "expiring": "Note: {title} is valid until {end} and expires soon; watch for the new version.",
    "and": " and ",
}

TABLES = {ZH: _ZH, EN: _EN}


def say(language: str, key: str, **fields: object) -> str:
    text = TABLES[language][key].format(**fields)
    return text[:1].upper() + text[1:] if language == EN else text


def count(language: str, n: int) -> str:
    """两个文件, 三个文件: how many, as a counted noun is said; 2 measures in English."""
    if language == EN:
        return str(n)
    return "两" if n == 2 else int_to_cn(n)


def day(language: str, d: date) -> str:
    return f"{d:%Y年%-m月%-d日}" if language == ZH else f"{d:%-d %B %Y}"


def title(language: str, c: Corpus, measure_id: str) -> str:
    """《…》, or "the Measures for …" in English where the measure has an English title."""
    m = c.measures[measure_id]
    if language == EN and m.english_title:
        return f"the {m.english_title}"
    return f"《{m.title}》"


def titles(language: str, c: Corpus, measures: list[str] | None = None) -> str:
    return say(language, "and").join(title(language, c, m) for m in (measures or list(c.measures)))


def scope(language: str, c: Corpus) -> str:
    example = next(iter(c.measures.values()))
    return say(language, "scope", titles=titles(language, c), short=example.short_title)


def quote(language: str, clause: Clause) -> str:
    """The clause as it is read out: its label, the article's lead where it is an item, the verbatim text;
    in English the same, then the English rendering marked as unofficial."""
    text = say(ZH, "quote", label=clause.label, lead=f"{clause.context}\n" if clause.context else "", text=clause.text)
    if language != EN or clause.english is None:
        return text
    en = clause.english
    return (say(EN, "quote", label=en.label, lead="", text=text) + "\n\n"
            + say(EN, "translation", lead=f"{en.context}\n" if en.context else "", text=en.text))


def label(language: str, clause: Clause) -> str:
    """The clause's full label; in English its English label with the Chinese one after it."""
    if language == EN and clause.english:
        return f"{clause.english.label} ({clause.label})"
    return clause.label


def short_label(language: str, clause: Clause) -> str:
    if language == EN and clause.english:
        return clause.english.label.split(" of the ")[0] + f" ({clause.short_label})"
    return clause.short_label
