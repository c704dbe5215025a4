"""Whether a question asks for a value its best clause never states: an amount, a period, a date or a time, a
share, a number of things, a contact.

The ranker finds the clause a question is about; it cannot tell whether that clause answers it. Asked how
much the reward for an excellent grade is, the hotline finds the clause that grants the reward, which names
no amount: the measures do not say, and quoting the clause as the answer would suggest they do. This is the
classic answer-type check of question answering: what kind of value the question wants, then whether the
clause holds any value of that kind. Both sides are read from the surface (an interrogative form, a figure
with its unit), not from a list of topics, so it holds for any clause of any registered measure.

Each pattern asks in the interrogative only (几年 and 多久, not 前几年 or 送几个工程师去; a sentence ending in
吗 wants a yes or a no), and what counts as stating a value is broad (a duration, 每年, 待整改完成后 all answer
多久), so that it errs on the side of answering. Checked against the clause each was written for, it fires on 8
of the banks' 4,223 in-scope lines (5 of them two questions in one, which an answer quoting two clauses leaves
unjudged); against the shipped ranker's best clause, on 102 of their 996 neighbouring-topic lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_NUMBER = r"[0-9一二两三四五六七八九十百千半]+"
_INDEFINITE = r"(?<![好前这那近头最过没])"
"""前几年, 这几天, 好几个月 speak of some years or days; only a bare 几年 asks how many."""
_MONEY = r"(钱|金额|经费|资金|奖励|奖金|补贴|补助|资助|拨款|费用|收费|价格|报酬|额度)"


@dataclass(frozen=True)
class Value:
    kind: str
    asks: str
    """A question asking for this kind of value, Chinese (simplified, as text.fold leaves it) or English."""
    states: str
    """A clause that states a value of this kind, in its Chinese text or its English rendering."""
    zh: str
    en: str


VALUES = (
    Value("amount",
          # 多少 after a word for money, within a few characters (a fee, then 交多少), not before a unit of
          # something else (多少个 products, 多少时间).
          _MONEY + r"[^。]{0,10}(多少|几万|几千|几百)(?!(个|家|名|位|人|天|年|月|时间|项|次|分|类))|(多少|几万|几千)(钱|万|元)"
          r"|(交|付|缴|收|拿|领|拨|补|奖|罚|赔|花)多少(?!(个|家|名|位|人|天|年|月|时间|项|次|分|类))"
          r"|how much (money|funding|is the|are the|will|do|does|can)|what amount",
          r"元", "具体金额", "an amount"),
    Value("period",
          r"(?<![没不])多久|多长时间|多少时间|" + _INDEFINITE + r"几(年|个月|天|个工作日)|多少(天|年|个月)|任期"
          r"|how long|how much time|how many (years|months|days|weeks)",
          _NUMBER + r"\s*(个)?(年|月|天|日|周|工作日)|每年|年度|长期|期限|直至|待.{0,12}(完成|后)"
          r"|\b(year|month|day|week)s?\b",
          "具体期限", "a period"),
    Value("date",
          r"几月份?|几号|哪天|哪一天|哪一?年|截止(日期|时间)|what date|what is the deadline|which year|what year",
          # A quarter or a half-year (每年一季度) says when in the year, as a month would.
          _NUMBER + r"\s*(年|月|日)|季度|上半年|下半年|年初|年底|年末|之日|届满|\bquarter\b", "具体日期", "a date"),
    Value("when",
          r"什么时候|何时|when (is|are|was|were|will|does|do|did|can|should|must|shall|would)\b",
          # A condition or a cadence answers "when" as well as a date does: 公示无异议的，可正式入驻; 每年发布.
          _NUMBER + r"\s*(年|月|日|天)|每年|年度|之日|届满|[^,，。]{1,12}(后|前)[,，]|的[，,]"
          r"|\b(after|once|upon|within|before|each year|every year|annually)\b",
          "具体时间", "a time"),
    Value("share",
          r"权重|占比|占多少|百分之几|多少比例|比例(是|为|有)?多少|比重|what (percentage|proportion|share|weight)",
          # A figure, not the word: 确定相应比例 states no share.
          r"\d\s*[%％]|百分之[零一二两三四五六七八九十百]|\bper ?cent\b", "具体比例", "a percentage"),
    Value("count",
          r"最多[^,，。？?]{0,8}(几|多少)|上限|(一共|总共|至少|最少|最多)[^,，。？?]{0,4}(几|多少)(个|家|名|人|位|次|届)"
          r"|(?<!哪)" + _INDEFINITE + r"几(家|名|位|届)|多少(家|名|位|届|人)|how many (?!(items|tasks|duties|kinds|types|conditions|requirements))",
          _NUMBER + r"\s*(个|名|人|家|次|位|届)|多个|若干|不少于|不超过|以上|以下|一家|每家|\d"
          r"|\b(two|three|four|five|several|multiple)\b",
          "具体数量", "a number"),
    Value("items",
          r"(?<!哪)几(项|条|个方面|类|种|个条件|个环节)|多少(项|条|个方面|类|种)|how many (items|tasks|duties|kinds|types|conditions|requirements)",
          # An enumeration states how many things it lists: （一）…（四）.
          r"[(（][一二三四五六七八九十]+[)）]|" + _NUMBER + r"\s*(项|条|类|种|个方面)",
          "所列事项的数目", "how many items"),
    Value("contact",
          r"(电话|热线)(号码|是多少|多少|号)|打(什么|哪个)电话|电话打哪|联系方式|地址|网址|邮箱|在哪(儿|里)?(办公|上班)"
          r"|办公地点|phone number|address|e-?mail|website|\burl\b",
          r"https?|www|\.cn|\.com|路\d|号楼|\d{7}", "联系方式或地址", "contact details or an address"),
)

_SENTENCES = re.compile(r"[？?。!！；;]+")
_YES_NO = re.compile(r"(吗|么|嘛|不|没|否|没有|\bor not)\s*$")
"""A sentence asking whether (能请几位专家吗) wants a yes or a no, whatever number it mentions."""


@cache
def _compiled() -> tuple[tuple[Value, re.Pattern, re.Pattern], ...]:
    return tuple((v, re.compile(v.asks), re.compile(v.states)) for v in VALUES)


def unstated(question: str, evidence: str) -> Value | None:
    """The kind of value `question` asks for that `evidence` (the clauses it would be answered with) never
    states, both folded (text.fold); None when no sentence of it asks for a value, or one asks for a value the
    clauses do state (that sentence is answered; the caller reads the rest beside it)."""
    missing = None
    for sentence in _SENTENCES.split(question):
        if _YES_NO.search(sentence):
            continue
        for value, asks, states in _compiled():
            if asks.search(sentence):
                if states.search(evidence):
                    return None
                missing = missing or value
    return missing
