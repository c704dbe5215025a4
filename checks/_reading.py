"""The one reader of figures, for every channel: what a person typed (五百万, 将近15人, 2024年11月底,
没有按期完成) or what a program sent (500, "2024-11-30", true) → the value, and how exactly it is known.

Why one reader: the same keystrokes must mean the same figure in the chat, through POST /checks and
from the web page, and a figure keeps the exactness it was said with. 将近500万 is not 500万: it is
a span (450 to 500 万元), and a rule decides on a span only where every value in it gives the same
outcome (checks/_engine.py). Dates said without their day keep every day they could be.

`read(spec, raw, today)` returns a `Reading`; anything it cannot read raises `Unreadable` with a
Chinese message and an example. JSON numbers, booleans and ISO dates are exact and in the field's own
unit; a string goes through the same reading whoever sent it. Readings that only a person should
settle (a bare 5000000 in a 万元 field: 元 or 万元?) carry `alternatives` for the chat to ask about;
a program's string is taken in the field's unit, which is what a JSON number would mean.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Sequence

from knowledge.limits import LARGEST_FIGURE
from knowledge.numerals import DIGITS, NUMERAL_CHARS, SMALL_UNITS, read_number

from ._dates import add_months, cn_date, month_days

# ----------------------------------------------------------------------------------------- results


class Unreadable(ValueError):
    """The text could not be read as the figure asked for; `message` says why, `example` shows how."""

    def __init__(self, message: str, example: str = ""):
        super().__init__(message)
        self.message = message
        self.example = example


@dataclass(frozen=True, slots=True)
class Span:
    """A figure known only within bounds, both inclusive (None: unbounded above), as it was said.

    将近500万 → Span(450, 500, '将近500万'); 2024年11月 → Span(2024-11-01, 2024-11-30, '2024年11月').
    """

    low: Any
    high: Any
    said: str
    nominal: Any = None
    """The number as said (500 in 将近500万), for sentences; None where there is none (a month, a range)."""

    @property
    def shown(self) -> Any:
        """The value a sentence about the figure uses: the number said when it lies in the span, else the low end."""
        inside = self.nominal is not None and self.low <= self.nominal and (self.high is None or self.nominal <= self.high)
        return self.nominal if inside else self.low

    def to_json(self) -> dict:
        def out(v):
            return v.isoformat() if isinstance(v, date) else v
        return {"low": out(self.low), "high": out(self.high), "said": self.said}


class _Never:
    """An event that has not happened (还没验收, 从来没有订单): an answer, not a missing figure."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NEVER"

    def __reduce__(self):
        return (_Never, ())


NEVER = _Never()
NEVER_JSON = "never"


@dataclass(frozen=True)
class Reading:
    """A value read from an answer: exact (a number, date, bool, choice key, list) or a Span, or NEVER."""

    value: Any
    display: str
    note: str | None = None
    """What the reading assumed or how it widened the figure, said back to the person."""
    alternatives: tuple[tuple[Any, str], ...] = ()
    """Readings only the person can choose between (5000000: 元 or 万元?); empty when the reading is sure."""

    @property
    def exact(self) -> bool:
        return not isinstance(self.value, Span)


# ----------------------------------------------------------------------------------------- text

SKIP_WORDS = ("不知道", "不清楚", "不确定", "跳过", "略过", "不好说", "没数", "不了解", "忘了", "记不清", "说不准",
              "暂不填", "暂时不填", "先跳过", "不填", "skip", "pass", "unknown", "不晓得", "不记得", "不太清楚",
              "搞不清", "说不好", "不太确定", "没统计", "没算过", "idk", "说不清", "讲不清", "不太记得", "记不得")
_QUESTION_MARKS = re.compile(r"[?？]|吗$|吗[。.!！]*$|么$|会不会|影响|为什么|怎么")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII), lower case, inner whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()


_NOT_KNOWING = re.compile(r"^(没有?|未|不)(统计|算过?|数过|记录|清楚|确定|知道|了解|记得|太清楚)")


def is_skip(text: str) -> bool:
    """不知道 / 跳过 and their variants, said as the whole answer (跳过这一项会影响结果吗 is a question)."""
    t = normalise(text).rstrip("。.!！~～")
    if not t or _QUESTION_MARKS.search(t):
        return t in ("?", "？")
    return bool(_NOT_KNOWING.match(t)) or any(t == w or (len(t) <= len(w) + 6 and t.startswith(w)) for w in SKIP_WORDS)


# ----------------------------------------------------------------------------------------- numbers

_CN = NUMERAL_CHARS
_NUM = rf"(?:\d[\d,]*(?:\.\d+)?|\.\d+|[{_CN}])(?:[\d.]|[{_CN}]|点(?=[\d{_CN}]))*"
# Words that bound or blur a figure, before or after it; longest first where one contains another.
_BEFORE = [("不少于", "at_least"), ("不低于", "at_least"), ("至少", "at_least"), ("最少", "at_least"),
           ("起码", "at_least"), ("超过", "more"), ("多于", "more"), ("大于", "more"), ("高于", "more"),
           ("不止", "more"), ("不到", "less"), ("不足", "less"), ("少于", "less"), ("低于", "less"),
           ("小于", "less"), ("未满", "less"), ("不满", "less"), ("没到", "less"), ("不超过", "at_most"),
           ("不高于", "at_most"), ("最多", "at_most"), ("至多", "at_most"), ("顶多", "at_most"),
           ("将近", "near"), ("接近", "near"), ("快到", "near"), ("快", "near"), ("近", "near"),
           ("差不多", "about"), ("大约", "about"), ("大概", "about"), ("约", "about"), ("估计", "about"),
           ("大致", "about"), ("预计", "about"), ("约莫", "about")]
_BEFORE.sort(key=lambda pair: -len(pair[0]))  # 不超过 before 超过, 不到 before 到
_AFTER = [("以上", "at_least"), ("及以上", "at_least"), ("开外", "more"), ("出头", "over"), ("挂零", "over"),
          ("以下", "at_most"), ("以内", "at_most"), ("之内", "at_most"), ("不到", "less"), ("左右", "about"),
          ("上下", "about"), ("前后", "about"), ("的样子", "about"), ("这样", "about"), ("这样子", "about")]
_AFTER.sort(key=lambda pair: -len(pair[0]))
_INNER = re.compile(rf"([\d{_CN}])(多|余|来|几)([十百千万亿拾佰仟萬億]|$|[^\d{_CN}])")
_RANGE = re.compile(rf"^(?P<a>{_NUM})(?P<ua>[万亿千百]?)(?:-|~|～|—|–|到|至)(?P<b>{_NUM})")
_CN_PAIR = re.compile(r"^(?P<head>(?:[一二两三四五六七八九]?[十百千])*)(?P<a>[一二两三四五六七八九])(?P<b>[一二两三四五六七八九])"
                      r"(?=[十百千万亿个人家名位平]|$)")
_LATIN_UNITS = [(re.compile(r"(?<=\d)w(?=[^a-z]|$)"), "万"), (re.compile(r"(?<=\d)k(?=[^a-z]|$)"), "千")]
_NOISE = re.compile(r"[<>{}\[\]=;\\|`$#@&*^]|[a-z]{3,}")


@dataclass(frozen=True)
class _Figure:
    low: Decimal | None
    high: Decimal | None
    nominal: Decimal
    qualifier: str | None     # None (exact), about, near, over, more, less, at_least, at_most, range, plus
    rest: str                 # the answer with the figure taken out: units and other words


def _decimal(span: str) -> Decimal:
    span = span.replace(",", "")
    if "点" in span:
        whole, _, frac = span.partition("点")
        digits = "".join(str(DIGITS[c]) for c in frac if c in DIGITS)
        return _decimal(whole) + Decimal("0." + digits) if digits else _decimal(whole)
    try:
        return read_number(span)
    except (ValueError, InvalidOperation, ArithmeticError):
        raise Unreadable("数字的写法看不懂。") from None


def _last_unit(span: str) -> Decimal:
    """The size of the last written digit's place, in the figure's own scale: 500 → 100, 520 → 10, 十 → 10,
    500万 → 1,000,000 (500多万 is 500–600万), 3万 → 10,000."""
    body = span.replace(",", "")
    section = _trailing_section(body)
    body = body.rstrip("万萬亿億") or "1"
    if body[-1] in SMALL_UNITS:
        unit = Decimal(SMALL_UNITS[body[-1]])
    elif "." in body:
        unit = Decimal(1).scaleb(-len(body.split(".")[1]))
    else:
        digits = body.rstrip("0")
        unit = Decimal(10) ** (len(body) - len(digits)) if body.isdigit() and digits else Decimal(1)
    return unit * section


_UNIT_WORDS = re.compile(r"^(?:个月|个人|平方米|平米|平方|万元|元|块钱|块|人|家|名|位|个|平|天|年|类|次|项|㎡|m2)")


def _qualifier(text: str, start: int, end: int) -> tuple[str | None, int, int, str]:
    """The word that bounds or blurs the figure: before it (约500万) or after it, past its unit (15人左右)."""
    before, after = text[:start], text[end:]
    for word, q in _BEFORE:
        if before.endswith(word):
            return q, start - len(word), end, ""
    unit = _UNIT_WORDS.match(after)
    skip = unit.end() if unit else 0
    for word, q in _AFTER:
        if after.startswith(word, skip):
            return q, start, end + skip + len(word), after[:skip]
    return None, start, end, ""


_COUNTER_BEFORE_SECTION = re.compile(r"([\d一二两三四五六七八九十百千])个(多)?([万亿])")


def prepare(text: str) -> str:
    """normalise, then 500w → 500万, 一个亿 → 一亿, 三个多月 → 三多个月, thousands separators dropped:
    the text figures are read from."""
    t = normalise(text)
    t = _COUNTER_BEFORE_SECTION.sub(lambda m: m[1] + (m[2] or "") + m[3], t)
    t = re.sub(r"([\d一二两三四五六七八九十])个多(月|季度)", r"\1多个\2", t)
    for pattern, repl in _LATIN_UNITS:
        t = pattern.sub(repl, t)
    return re.sub(r"(?<=\d),(?=\d{3})", "", t).replace("，", "")


LARGEST_SAID = Decimal(LARGEST_FIGURE) * 10_000
"""No figure anyone means is larger, in any unit they say it in (the largest figure, in 元)."""


def read_figure(text: str, *, about_pct: int = 10) -> _Figure:
    """Finds exactly one figure (or a range) in an answer and how exactly it was said."""
    fig = _find_figure(text, about_pct)
    if max(fig.nominal, fig.high or 0, fig.low or 0) > LARGEST_SAID:
        raise Unreadable("这个数字大得不合常理，请检查是否多打了几位。")
    return fig


def _find_figure(text: str, about_pct: int) -> _Figure:
    t = prepare(text)
    if not t:
        raise Unreadable("没有收到内容。")
    negative = bool(re.search(rf"(^|[^\d{_CN}])(-|−|负)\s*(\d|[{_CN}])", t))
    if negative:
        raise Unreadable("不能是负数。")
    # 500多万, 二十来个: 多/余/来 inside the number marks "a little over"; lift it out so 万 still multiplies.
    plus = None
    if m := _INNER.search(t):
        plus = m[2]
        t = t[:m.start(2)] + t[m.end(2):]
    spans = [m for m in re.finditer(_NUM, t) if not _inside_word(m, t)]
    if not spans:
        raise Unreadable("没有找到数字。")
    first = spans[0]
    # A range: 300-400万, 三到五个, 五六百万, 三四十家.
    if (m := _RANGE.match(t[first.start():])) and len(spans) >= 2:
        a, b = _decimal(m["a"]), _decimal(m["b"])
        unit_a, unit_b = _trailing_section(m["a"] + m["ua"]), _trailing_section(m["b"])
        if m["ua"]:
            a *= _scale_after(m["ua"])
        if unit_a == 1 and unit_b > 1:
            a *= unit_b  # 300-400万: the 万 belongs to both ends
        tail = t[first.start() + m.end():]
        scale = _scale_after(tail)
        lo, hi = min(a, b) * scale, max(a, b) * scale
        return _Figure(lo, hi, (lo + hi) / 2, "range", t[:first.start()] + " " + tail)
    if pair := _CN_PAIR.match(t[first.start():]):
        tail = t[first.start() + pair.end():]
        units = re.match(r"[十百千万亿]*", tail)[0]
        a, b = _decimal(pair["head"] + pair["a"] + units), _decimal(pair["head"] + pair["b"] + units)
        lo, hi = min(a, b), max(a, b)
        return _Figure(lo, hi, (lo + hi) / 2, "range", t[:first.start()] + " " + tail[len(units):])
    if len(spans) > 1:
        raise Unreadable("回复里有不止一个数字，请只填一个。")
    value = _decimal(first.group())
    qualifier, q_start, q_end, unit = _qualifier(t, first.start(), first.end())
    if plus == "来":  # 二十来个, 500来万: "about", not "twenty-odd"
        plus, qualifier = None, qualifier or "about"
    rest = t[:q_start] + " " + unit + t[q_end:]
    if _NOISE.search(re.sub(r"rmb|cny|sqm|m2|m²|元|万|亿", "", rest)):
        raise Unreadable("回复里除了数字还有看不懂的内容，请只填这一项的数字。")
    if plus:
        step = _last_unit(first.group())
        return _Figure(value, value + step, value, "plus", rest)
    pct = Decimal(about_pct) / 100
    bounds = {
        None: (value, value), "about": (value * (1 - pct), value * (1 + pct)), "near": (value * (1 - pct), value),
        "over": (value, value * (1 + pct)), "more": (value, None), "at_least": (value, None),
        "less": (Decimal(0), value), "at_most": (Decimal(0), value),
    }[qualifier]
    return _Figure(bounds[0], bounds[1], value, qualifier, rest)


# What may follow a number written in Chinese: units, counters and words of approximation.
_AFTER_NUMERAL = set("个人家名位年月天日号平米方元块台套项次类成倍分份多余来左上下万亿千百十约把点出开以之及几吧呢啊呀吗的了哦嘛")


def _inside_word(m: re.Match, t: str) -> bool:
    """一 in 一般, 一共, 一些: a Chinese numeral followed by a character no number is followed by."""
    if any(ch.isdigit() for ch in m.group()):
        return False
    following = t[m.end():m.end() + 1]
    return bool(following) and "\u4e00" <= following <= "\u9fff" and following not in _AFTER_NUMERAL


_UNIT_VALUES = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000, "万": 10_000, "萬": 10_000,
                "亿": 100_000_000, "億": 100_000_000}


def _scale_after(tail: str) -> Decimal:
    """The units written after a range's digits: 五六百万 → ×1,000,000, 三四十家 → ×10; 1 when none."""
    scale = Decimal(1)
    for ch in tail.lstrip():
        if ch not in _UNIT_VALUES:
            break
        scale *= _UNIT_VALUES[ch]
    return scale


def _trailing_section(span: str) -> Decimal:
    """万 or 亿 that ends a written figure (400万 → 10,000), which a range's first end shares."""
    scale = Decimal(1)
    for ch in reversed(span):
        if ch in ("万", "萬", "亿", "億"):
            scale *= _UNIT_VALUES[ch]
        else:
            break
    return scale


# ----------------------------------------------------------------------------------------- kinds

def _plain(value: Decimal | float | int) -> str:
    """1500 → '1,500'; 12.50 → '12.5'."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d.normalize():f}"


def _num(value: Decimal | None, integer: bool) -> int | float | None:
    if value is None:
        return None
    if integer:
        return int(value)
    f = float(round(value, 6))
    return int(f) if f.is_integer() else f


def _figure_reading(fig: _Figure, unit: str, said: str, *, integer: bool, eps: Decimal) -> Reading:
    """A _Figure in the field's unit → an exact value or a Span with its open ends closed inward."""
    low, high = fig.low, fig.high
    if fig.qualifier in ("more", "plus", "over"):
        low = low + eps if low is not None else None
    if fig.qualifier in ("less", "plus"):
        high = high - eps if high is not None else None
    if integer:
        low = None if low is None else Decimal(math.ceil(low))
        high = None if high is None else Decimal(math.floor(high))
    if fig.qualifier is None:
        value = _num(fig.nominal, integer)
        return Reading(value, f"{_plain(value)} {unit}".strip())
    if high is not None and low is not None and high < low:
        raise Unreadable("这个说法里没有符合条件的数，请填一个具体数字。")
    if low is not None and high is not None and low == high:
        value = _num(low, integer)
        return Reading(value, f"{_plain(value)} {unit}".strip())
    nominal = _num(fig.nominal, integer) if fig.qualifier != "range" else None
    span = Span(_num(low, integer), _num(high, integer), said.strip(), nominal)
    shown = _span_display(span, unit, fig.qualifier)
    return Reading(span, shown, note=f"按您说的“{said.strip()}”记为{shown}；如结论取决于准确数字，我会再问一次。")


_SAID_AS = {"more": "超过 {n}", "at_least": "不少于 {n}", "less": "不到 {n}", "at_most": "不超过 {n}"}


def _span_display(span: Span, unit: str, qualifier: str | None = None) -> str:
    """约 500 万元（450–550）, 超过 500 万元, 300–400 万元: the words said, and the span where it has two ends."""
    n = span.nominal
    if qualifier in _SAID_AS and n is not None:
        return f"{_SAID_AS[qualifier].format(n=_plain(n))} {unit}".strip()
    if span.high is None:
        return f"不少于 {_plain(span.low)} {unit}".strip()
    if not span.low and qualifier is None:
        return f"不超过 {_plain(span.high)} {unit}".strip()
    if qualifier == "plus" and isinstance(span.low, float):
        # 500多万 is kept as 500.0001–599.9999 so that neither end is met by accident; said as 500–600.
        return f"{_plain(round(span.low, 1))}–{_plain(round(span.high, 1))} {unit}".strip()
    return f"{_plain(span.low)}–{_plain(span.high)} {unit}".strip()


_NONE = re.compile(r"^(?:一[个家位名人项类]?(?:都|也)没有?|没有|没|无|零|暂无|目前没有|还没有)[\u4e00-\u9fff]{0,4}$")
_NOT_KNOWN = re.compile(r"统计|算过|数过|清楚|确定|记得|知道|了解")


def _none_said(text: str) -> bool:
    """没有 / 一个都没有 / 没有收入: zero said in words (没有统计 is not knowing, not zero)."""
    t = normalise(text).rstrip("。.!！~～")
    return bool(_NONE.match(t)) and not _NOT_KNOWN.search(t) and not re.search(r"\d", t)


def _count(text: str, unit: str, about_pct: int) -> Reading:
    t = normalise(text)
    if _none_said(t):
        return Reading(0, f"0 {unit}".strip())
    fig = read_figure(t, about_pct=about_pct)
    if fig.qualifier is None and fig.nominal != fig.nominal.to_integral_value():
        raise Unreadable("这里要填整数。")
    return _figure_reading(fig, unit, text, integer=True, eps=Decimal(1))


_WAN_UNIT = re.compile(r"元|块|rmb|cny|¥|￥|人民币")


_FOREIGN_MONEY = re.compile(r"美元|美金|欧元|日元|港币|港元|英镑|usd|eur|\$|us\$")


def _wan(text: str, about_pct: int) -> Reading:
    """Money in 万元: 500万 / 5,000,000元 / 五百万 / 0.05亿 / 1.2千万 / 500 (the field's unit is 万元)."""
    t = prepare(text)
    if _FOREIGN_MONEY.search(t):
        raise Unreadable("请换算成人民币再填写（以万元计）。", "500万")
    if _none_said(t):
        return Reading(0, "0 万元")
    fig = read_figure(t, about_pct=about_pct)
    has_section = bool(re.search(r"[万萬亿億]", t))
    yuan = bool(_WAN_UNIT.search(t))
    if has_section or yuan:
        factor = Decimal("0.0001")   # every spelling with a unit is read in 元 first, then stated in 万元
        alternatives: tuple = ()
    else:
        factor = Decimal(1)          # a bare number is in the field's unit, as a JSON number would be
        alternatives = ()
        if fig.qualifier is None and fig.nominal >= 10_000:
            # 5000000 typed alone: people who type seven digits mostly mean 元; only they can say.
            as_yuan = fig.nominal / 10_000
            alternatives = ((_num(as_yuan, False), f"{_plain(fig.nominal)} 元（即 {_plain(as_yuan)} 万元）"),
                            (_num(fig.nominal, False), f"{_plain(fig.nominal)} 万元"))
    scaled = _Figure(None if fig.low is None else fig.low * factor, None if fig.high is None else fig.high * factor,
                     fig.nominal * factor, fig.qualifier, fig.rest)
    reading = _figure_reading(scaled, "万元", text, integer=False, eps=Decimal("0.0001"))
    if alternatives:
        return Reading(reading.value, reading.display, reading.note, alternatives)
    return reading


def _sqm(text: str, about_pct: int) -> Reading:
    t = normalise(text)
    if _none_said(t):
        return Reading(0, "0 平方米")
    factor = Decimal(1)
    if "亩" in t:
        factor = Decimal("666.67")
    elif re.search(r"公顷|ha\b", t):
        factor = Decimal(10_000)
    # NFKC turns ㎡ into m2, whose 2 must not count as a second number.
    fig = read_figure(re.sub(r"m2|m²|sqm|sq\.?m|平方米|平米|平方|㎡", "平", t), about_pct=about_pct)
    scaled = _Figure(None if fig.low is None else fig.low * factor, None if fig.high is None else fig.high * factor,
                     fig.nominal * factor, fig.qualifier, fig.rest)
    return _figure_reading(scaled, "平方米", text, integer=False, eps=Decimal("0.01"))


_MONTH_WORDS = [
    (r"(半个月)", (0.5, 0.5)),
    (r"(全年|一整年|整年|一年(?!半)|十二个月|12个月|全职|全部时间|一直在)", (12, 12)),
    (r"(大半年)", (6.01, 11.99)),
    (r"(小半年)", (4, 5.99)),
    (r"(半年)", (6, 6)),
    (r"(一个季度|三个月)", (3, 3)),
]


def _months(text: str, about_pct: int) -> Reading:
    """半年, 6个月, 五个半月 (5.5), 半年左右, 180天 (days are 28–31 to a month), 两个季度."""
    t = normalise(text)
    t = re.sub(rf"([\d{_CN}]+)个半月", lambda m: f"{_decimal(m[1]) + Decimal('0.5')}个月", t)
    t = re.sub(rf"([\d{_CN}]+)个季度", lambda m: f"{_decimal(m[1]) * 3}个月", t)
    t = re.sub(rf"([\d{_CN}]+)年半", lambda m: f"{_decimal(m[1]) * 12 + 6}个月", t)
    for pattern, (lo, hi) in _MONTH_WORDS:
        if m := re.search(pattern, t):
            if lo == hi:
                t = t.replace(m[1], f"{lo}个月")
            else:
                return Reading(Span(lo, hi, text.strip()), f"{_plain(lo)}–{_plain(hi)} 个月",
                               note=f"按您说的“{text.strip()}”记为 {_plain(lo)}–{_plain(hi)} 个月。")
            break
    fig = read_figure(t, about_pct=about_pct)
    if "天" in fig.rest or "日" in fig.rest:
        # A month is 28 to 31 days: a count of days is a span of months.
        low = (fig.low or Decimal(0)) / 31
        high = None if fig.high is None else fig.high / 28
        fig = _Figure(low, high, fig.nominal / Decimal("30.44"), "days", fig.rest)
        span = Span(_num(low.quantize(Decimal("0.01"), rounding="ROUND_FLOOR"), False),
                    None if high is None else _num(high.quantize(Decimal("0.01"), rounding="ROUND_CEILING"), False),
                    text.strip())
        if span.high is not None and span.high > 12:
            span = Span(span.low, 12, span.said)
        if span.low > 12:
            raise Unreadable("一年最多 12 个月（约 365 天）。")
        return Reading(span, _span_display(span, "个月"),
                       note=f"按每月 28–31 天换算，“{text.strip()}”约为{_span_display(span, '个月')}。")
    if "年" in fig.rest and "月" not in fig.rest:
        fig = _Figure(None if fig.low is None else fig.low * 12, None if fig.high is None else fig.high * 12,
                      fig.nominal * 12, fig.qualifier, fig.rest)
    reading = _figure_reading(fig, "个月", text, integer=False, eps=Decimal("0.01"))
    if isinstance(reading.value, Span):
        if reading.value.low > 12:
            raise Unreadable("一年最多 12 个月。")
        if reading.value.high is None or reading.value.high > 12:
            span = Span(reading.value.low, 12, reading.value.said)
            return Reading(span, _span_display(span, "个月"), reading.note)
    elif reading.value > 12:
        raise Unreadable("一年最多 12 个月。")
    return reading


# ----------------------------------------------------------------------------------------- dates

_CN_YEAR = re.compile(r"[零〇○一二三四五六七八九]{2,4}(?=年)")
_CN_SMALL = re.compile(r"[零〇一二两三四五六七八九十]+(?=[月日号])")
_FULL = re.compile(r"(\d{2,4})(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})(?:日|号)?")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_MONTH = re.compile(r"(\d{2,4})(?:年|[-./])(\d{1,2})(?:月份?)?(初|上旬|中旬|下旬|中|底|末)?$")
_YEAR = re.compile(r"(\d{2,4})年度?年?(初|中|底|末|上半年|下半年|第?[一二三四1-4]季度|q[1-4])?$")
_QUARTER = re.compile(r"第?([一二三四1-4])季度|q([1-4])")
_NO_YEAR = re.compile(r"^(\d{1,2})月(\d{1,2})(?:日|号)?$")
_RELATIVE_YEAR = (("今年", 0), ("本年", 0), ("去年", 1), ("上一年", 1), ("前年", 2), ("大前年", 3))
_PART_OF_MONTH = {"初": (1, 10), "上旬": (1, 10), "中": (11, 20), "中旬": (11, 20), "下旬": (21, 31),
                  "底": (21, 31), "末": (21, 31)}
_PART_OF_YEAR = {"初": (1, 1), "中": (6, 7), "底": (12, 12), "末": (12, 12), "上半年": (1, 6), "下半年": (7, 12)}


def _part_of_year(part: str) -> tuple[int, int]:
    """年初 → January; 二季度 / Q2 → April–June; no part → the whole year."""
    if m := _QUARTER.fullmatch(part or ""):
        q = int(m[2] or ("一二三四".index(m[1]) + 1 if m[1] in "一二三四" else m[1]))
        return 3 * q - 2, 3 * q
    return _PART_OF_YEAR.get(part or "", (1, 12))


def _year(raw: str) -> int:
    if len(raw) == 3:
        raise Unreadable("年份看不懂，请写四位年份。", "2023-05-01")
    return int(raw) + (2000 if len(raw) == 2 else 0)


def _checked(y: int, mo: int, d: int) -> date:
    if not 1 <= mo <= 12:
        raise Unreadable(f"没有{mo}月，月份应在 1 到 12 之间。", "2023-05-01")
    if not 1 <= y <= 9999:
        raise Unreadable("年份看不懂，请写四位年份。", "2023-05-01")
    last = month_days(y, mo)
    if not 1 <= d <= last:
        raise Unreadable(f"{y}年{mo}月没有{d}日（这个月只有{last}天）。", "2023-05-01")
    return date(y, mo, d)


def _digits(t: str) -> str:
    """二〇二三年五月一日 → 2023年5月1日; only spans next to 年/月/日 are touched."""
    t = _CN_YEAR.sub(lambda m: "".join(str(DIGITS[c]) for c in m.group()), t)

    def small(m: re.Match) -> str:
        try:
            return str(int(read_number(m.group())))
        except ValueError:
            return m.group()

    return _CN_SMALL.sub(small, t)


def _date_span(low: date, high: date, said: str) -> Reading:
    if low == high:
        return Reading(low, cn_date(low))
    span = Span(low, high, said)
    shown = f"{cn_date(low)}至{cn_date(high)}之间"
    return Reading(span, shown, note=f"“{said}”没有写具体哪一天，记为{shown}；如结论取决于具体日期，我会再问一次。")


def _date(text: str, today: date) -> Reading:
    """2023-05-01 / 2023年5月1日 / 2023.5.1 / 20230501 / 二〇二三年五月一日 / 2024年11月(底) / 去年底 / 今天."""
    said = text.strip()
    t = _digits(normalise(text)).rstrip("。.!！")
    for word, back in sorted(_RELATIVE_YEAR, key=lambda p: -len(p[0])):
        if t.startswith(word):
            t = f"{today.year - back}年" + t[len(word):]
            break
    if t in ("今天", "今日", "当天"):
        return Reading(today, cn_date(today))
    if t in ("昨天", "昨日"):
        d = today - timedelta(days=1)
        return Reading(d, cn_date(d))
    if m := re.fullmatch(r"(上个月|上月|这个月|本月)(初|上旬|中旬|下旬|中|底|末)?", t):
        first = add_months(today.replace(day=1), -1 if m[1].startswith("上") else 0)
        lo, hi = _PART_OF_MONTH.get(m[2] or "", (1, 31))
        return _date_span(first.replace(day=lo), first.replace(day=min(hi, month_days(first.year, first.month))), said)
    if m := re.fullmatch(rf"([\d{_CN}]+)(个月|年)(多)?前", t):
        n = int(_decimal(m[1]))
        months = n if m[2] == "个月" else 12 * n
        centre = add_months(today, -months)
        if m[3]:
            step = 1 if m[2] == "个月" else 12
            return _date_span(add_months(today, -months - step), centre, said)
        spread = 0 if m[2] == "个月" else 6
        low, high = add_months(centre, -spread), min(add_months(centre, spread), today)
        if m[2] == "个月":
            low, high = centre - timedelta(days=15), min(centre + timedelta(days=15), today)
        return _date_span(low, high, said)
    if m := _FULL.search(t):
        d = _checked(_year(m[1]), int(m[2]), int(m[3]))
        return Reading(d, cn_date(d))
    if m := _COMPACT.match(t):
        d = _checked(int(m[1]), int(m[2]), int(m[3]))
        return Reading(d, cn_date(d))
    if m := _MONTH.fullmatch(t):
        y, mo = _year(m[1]), int(m[2])
        _checked(y, mo, 1)
        first, last = _PART_OF_MONTH.get(m[3] or "", (1, 31))
        end = month_days(y, mo)
        return _date_span(date(y, mo, first), date(y, mo, min(last, end)), said)
    if m := _YEAR.fullmatch(t):
        y = _year(m[1])
        first_month, last_month = _part_of_year(m[2])
        _checked(y, 1, 1)
        return _date_span(date(y, first_month, 1), date(y, last_month, month_days(y, last_month)), said)
    if m := _NO_YEAR.match(t):
        mo, day = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise Unreadable(f"没有{mo}月，月份应在 1 到 12 之间。", "2023-05-01")
        if not 1 <= day <= (29 if mo == 2 else calendar.monthrange(2023, mo)[1]):
            raise Unreadable(f"{mo}月没有{day}日。", "2023-05-01")
        raise Unreadable("没有写年份，请把年份也写上。", f"{today.year - 1}年{mo}月{day}日")
    if re.fullmatch(r"\d{4}", t):
        y = int(t)
        return _date_span(date(y, 1, 1), date(y, 12, 31), said)
    # 验收了，2025年底: a date inside a short sentence is read when it is the only one there.
    found = [m for m in re.finditer(r"\d{2,4}(?:年|[-./])[^，,。；;]*", t)]
    if len(found) == 1 and found[0].group() != t:
        return _date(found[0].group(), today)
    raise Unreadable("没有看懂这个日期。", "2023-05-01、2023年5月 或 2023.5.1")


def _year_value(text: str, today: date) -> Reading:
    t = _digits(normalise(text)).rstrip("年度。.")
    relative = {"今": 0, "本": 0, "去": -1, "上一": -1, "明": 1, "下一": 1, "前": -2}
    if t in relative or t.endswith("年") and t[:-1] in relative:
        y = today.year + relative[t.rstrip("年")]
    elif re.fullmatch(r"\d{4}", t):
        y = int(t)
    elif re.fullmatch(r"\d{2}", t) and text.strip().rstrip("。.").endswith(("年", "年度")):
        y = 2000 + int(t)
    else:
        raise Unreadable("没有看懂这个年份。", str(today.year))
    return Reading(y, f"{y}年")


# ----------------------------------------------------------------------------------------- yes / no

_NEGATORS = ("从来没有", "从来没", "还没有", "并没有", "并没", "尚未", "还没", "从未", "从没", "没有", "没", "未", "不是",
             "不", "无", "非", "别", "否")
_YES_WORDS = ("是", "是的", "有", "有的", "对", "对的", "已", "已经", "具备", "符合", "满足", "嗯", "嗯嗯", "好", "好的",
              "肯定", "当然", "没错", "yes", "y", "true", "ok", "√", "✓", "✔", "👍", "1", "会", "可以", "能", "要",
              "在", "接受", "配合", "实行了", "建了", "设了", "做了", "交了", "报了", "开放了", "公开了", "都有", "有过")
_NO_WORDS = ("否", "no", "n", "false", "×", "✗", "✘", "👎", "0", "无", "没", "没有", "不", "不是", "不对", "还没",
             "尚未", "从未", "暂无", "未", "暂时没有", "目前没有", "还没有")
_CLAUSE_SPLIT = re.compile(r"[,，。.!！;；、]|但是|但|不过|可是|然而|只是|[也又](?=不|没)")
_ADVERBS = ("已经都", "基本上", "基本", "一直", "确实", "早就", "全部", "目前", "暂时", "现在", "还是", "都", "也", "又", "均")
_SUFFIXES = ("了的", "了", "过", "着", "的", "呢", "啊", "吧", "呀")
_NEGATED_BEFORE = re.compile(r"(未|不|没|无|非|从未|尚未)[\u4e00-\u9fff]{0,2}$")


def _within(reply: str, label: str) -> bool | None:
    """Whether a reply made only of the question's own words echoes a part of it the question negates:
    None when the reply is not wholly the question's words (注册在江苏 is not 在本市注册), False when it
    echoes a plain part (独立核算 → yes), True when it echoes a negated part (有过 in 是否从未有过订单 → no)."""
    core = reply
    for suffix in _SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[:-len(suffix)]
            break
    if not core or not label or core not in label:
        return None
    return bool(_NEGATED_BEFORE.search(label[:label.index(core)]))


def polarity(clause: str, label: str = "") -> bool | None:
    """True/False for a clause that says yes or no (不是没有 is yes), read against the question's label;
    None when it says neither."""
    t = clause
    while (adverb := next((a for a in _ADVERBS if t.startswith(a) and len(t) > len(a)), None)) is not None:
        t = t[len(adverb):]
    flips = 0
    while True:
        for neg in _NEGATORS:
            if t.startswith(neg) and not t.startswith(("不知", "不清", "无论", "不管", "不错", "没错", "没问题")):
                t = t[len(neg):]
                flips += 1
                break
        else:
            break
    if not t:
        return flips % 2 == 0 if flips else None
    echoed = _within(t, label)
    if echoed is not None:
        return (flips + echoed) % 2 == 0
    if flips:
        return flips % 2 == 0
    if t in _YES_WORDS:
        return True
    for word in [*sorted((w for w in _YES_WORDS if len(w) > 1), key=len, reverse=True), "是", "有", "对", "已"]:
        if t.startswith(word):
            rest = _within(t[len(word):], label)
            if rest is None:
                return None
            # 有过订单 against 是否从未有过订单: the yes-word itself echoes the part the question denies.
            return (not rest) != (_within(word, label) is True)
    return None


def yes_no(text: str) -> bool:
    """是/好的/没问题 → True, 不/不对 → False; Unreadable otherwise (the review screen's 请确认)."""
    return _bool(text).value


def _bool(text: str, label: str = "") -> Reading:
    """是/否/有/没有/对/不是/已经/还没 …; a reply in the question's own words (独立核算, 没有独立核算) is
    read against it; a reply whose clauses say yes and no at once, or that says something else
    (注册在江苏), is asked again, never guessed."""
    t = re.sub(r"(吧|呢|啊|呀|嘛|哦|哈)+$", "", normalise(text).rstrip("。.!！~～")) or normalise(text)
    if re.search(r"\d", t) and t not in ("0", "1"):
        # A figure typed where yes/no was asked (0.05亿, 120平) must not be read as its first digit.
        raise Unreadable("这一项请回答“是”或“否”，不是填数字。", "是 / 否（也可以说“有”“没有”）")
    label = normalise(label).replace("（自述）", "")
    if t in _NO_WORDS:
        return Reading(False, "否")
    if t in _YES_WORDS and _within(t, label) is not True:
        return Reading(True, "是")
    votes = {p for c in _CLAUSE_SPLIT.split(t) if c and (p := polarity(c, label)) is not None}
    if len(votes) == 1:
        value = votes.pop()
        return Reading(value, "是" if value else "否")
    if votes:
        raise Unreadable("这句话里既有肯定又有否定，请只回答“是”或“否”。", "是 / 否")
    raise Unreadable("请回答“是”或“否”。", "是 / 否（也可以说“有”“没有”）")


# ----------------------------------------------------------------------------------------- choices

def assertions(text: str, concepts: dict[str, Sequence[str]]) -> dict[str, bool]:
    """What a free answer says about each concept: 没有按期完成 → {按期: False, 完成: False}.

    A concept word is negated when a negator stands before it in its clause (没有按期完成 negates
    both), or inside it (不合格); clauses are cut at commas and 但/不过, so 改过名字，没有报批 keeps
    the change and denies the approval.
    """
    said: dict[str, bool] = {}
    t = normalise(text)
    for clause in _CLAUSE_SPLIT.split(t):
        if not clause:
            continue
        for concept, words in concepts.items():
            for word in sorted(words, key=len, reverse=True):
                at = clause.find(word)
                if at < 0:
                    continue
                before = clause[:at]
                negations = sum(before.count(n) for n in ("没有", "还没", "尚未", "从未", "从没", "并未", "未经", "不是"))
                singles = before.replace("没有", "").replace("还没", "").replace("尚未", "").replace("从未", "")
                singles = singles.replace("从没", "").replace("并未", "").replace("未经", "").replace("不是", "")
                negations += sum(singles.count(n) for n in ("没", "未", "不", "无", "非"))
                said[concept] = negations % 2 == 0
                break
    return said


def _choice(text: str, spec) -> Reading:
    """One of the field's choices: by key, label, alias, list number, or what a free answer asserts."""
    t = normalise(text).rstrip("。.!！")
    if not t:
        raise Unreadable("没有收到内容。")
    options = list(spec.choices.items())
    for key, choice in options:
        if t in (key.lower(), normalise(choice.label)):
            return Reading(key, choice.label)
    if re.fullmatch(r"\d{1,2}", t) and 1 <= int(t) <= len(options):
        key, choice = options[int(t) - 1]
        return Reading(key, choice.label)
    said = assertions(t, spec.concepts) if spec.concepts else {}
    if said:
        fitting = []
        for key, choice in options:
            means = choice.means
            if any(c in said and said[c] != v for c, v in means.items()):
                continue
            shared = sum(1 for c in means if c in said)
            if shared:
                fitting.append((shared, key, choice))
        fitting.sort(key=lambda f: -f[0])
        if fitting and (len(fitting) == 1 or fitting[0][0] > fitting[1][0]):
            _, key, choice = fitting[0]
            return Reading(key, choice.label)
        if fitting or any(not v for v in said.values()):
            raise Unreadable("没能确定是哪一种情况，请从这几项中选一项：" + "、".join(c.label for _, c in options) + "。",
                             options[0][1].label)
    # Aliases and labels found inside the answer; the longest wins, so 非法人组织 is not read as 法人.
    best: tuple[int, str, str] | None = None
    negated = any(n in t for n in ("没", "未", "不", "无", "非"))
    for key, choice in options:
        for name in (normalise(choice.label), *[normalise(a) for a in choice.aliases]):
            if name and name in t and (best is None or len(name) > best[0]):
                best = (len(name), key, choice.label)
    if best is not None and (not negated or any(n in best[2] for n in ("没", "未", "不", "无", "非"))
                             or best[0] == len(t)):
        return Reading(best[1], best[2])
    raise Unreadable("请从这几项中选一项：" + "、".join(c.label for _, c in options) + "。", options[0][1].label)


# ----------------------------------------------------------------------------------------- grades, scores

_GRADE_ABBREV = {"优": "优秀", "良": "良好", "中": "一般", "差": "不合格", "合": "合格"}


_NO_GRADES = re.compile(r"^(无|没有|没|暂无|从未|从来没有?|还没有?|未)(参加|参评|评过|评价|评估|参与|被评|评)?.{0,6}$")


def _grades(text: str, allowed: Sequence[str]) -> Reading:
    """'优秀、良好、一般', '优良一', '2024年良好，2023年优秀' (put in year order), '连续两年良好', '没有' →
    grades oldest first, each from `allowed`."""
    t = normalise(text).rstrip("。.!！")
    names = sorted(allowed, key=len, reverse=True)
    if _NO_GRADES.match(t) and not any(n in t for n in names) or t in ("0", "0次"):
        return Reading([], "尚无评估结果")
    if m := re.fullmatch(rf"连续([\d{_CN}]+)[年次届轮]?(?:都|均)?(?:是|为|评为)?({'|'.join(names)})", t):
        n = int(_decimal(m[1]))
        if 1 <= n <= 30:
            return Reading([m[2]] * n, "、".join([m[2]] * n) + "（从早到晚）")
    dated = re.findall(rf"(\d{{4}})年?(?:度)?(?:是|为|评为|得了|:|：)?({'|'.join(names)})", t)
    if dated and len(dated) == sum(t.count(n) for n in names if not any(o != n and n in o and o in t for o in names)):
        grades = [g for _, g in sorted(dated, key=lambda p: p[0])]
        return Reading(grades, "、".join(grades) + "（从早到晚）")
    grades: list[str] = []
    rest = t
    i = 0
    while i < len(t):
        name = next((n for n in names if t.startswith(n, i)), None)
        if name is not None:
            grades.append(name)
            rest = rest.replace(name, " ", 1)
            i += len(name)
            continue
        ch = t[i]
        if ch in _GRADE_ABBREV and _GRADE_ABBREV[ch] in allowed and not t.startswith("合格", i) and \
                (i + 1 >= len(t) or t[i + 1] in _GRADE_ABBREV or t[i + 1] in " ,，、/;；|→>-"):
            grades.append(_GRADE_ABBREV[ch])
            rest = rest.replace(ch, " ", 1)
        i += 1
    if not grades:
        raise Unreadable("没有找到等级。可填：" + "、".join(allowed) + "；从未参评请填“没有”。", "、".join(list(allowed)[:2]))
    if re.search(r"没|未|不是|非|并非", rest):
        # 没评上优秀 names a grade it denies: ask rather than record it.
        raise Unreadable("等级看不懂。可填：" + "、".join(allowed) + "，从早到晚，用顿号隔开。", "、".join(list(allowed)[:2]))
    if len(grades) > 30:
        raise Unreadable("等级太多了，请只填最近几次。", "、".join(list(allowed)[:2]))
    return Reading(grades, "、".join(grades) + "（从早到晚）")


def _scores(text: str) -> Reading:
    """One name and score a line: '甲 91' / '甲：91分' / '甲,91' → name → score."""
    scores: dict[str, float] = {}
    for line in re.split(r"[\n;；，,、]+", text or ""):
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r"(.+?)[\s:：,，=]*(\d+(?:\.\d+)?)\s*分?", line)
        if not m or not m[1].strip(" :：,，"):
            raise Unreadable(f"“{line[:20]}”看不懂：每行写一个名称和得分。", "甲 91")
        name = m[1].strip(" :：,，")
        if name in scores:
            raise Unreadable(f"“{name}”出现了两次。", "甲 91")
        scores[name] = float(m[2])
    if not scores:
        raise Unreadable("没有找到得分：每行写一个名称和得分。", "甲 91\n乙 78.5")
    return Reading(scores, f"{len(scores)} 个得分")


# ----------------------------------------------------------------------------------------- dispatch

MAX_TEXT = 2000


def read(spec, raw: Any, today: date, *, about_pct: int = 10) -> Reading:
    """Reads one answer for the field `spec` (checks.FieldSpec). JSON values are exact; strings are read
    as people write them. Raises Unreadable with the reason and an example."""
    kind = spec.kind
    if isinstance(raw, str):
        if len(raw) > MAX_TEXT:
            raise Unreadable("回复太长了，请只填这一项。")
        if "\ud800" <= max(raw, default=" ") and any("\ud800" <= ch <= "\udfff" for ch in raw):
            raise Unreadable("回复里有无法识别的字符，请重新输入。")
        if spec.never and raw.strip().lower() == NEVER_JSON:
            return _never(spec)
        if spec.never and _denies_event(raw, spec.never.concepts):
            return _never(spec)
        return _read_text(kind, spec, raw, today, about_pct)
    return _read_json(kind, spec, raw)


def _never(spec) -> Reading:
    return Reading(NEVER, spec.never.label)


def _denies_event(text: str, concepts: Sequence[str]) -> bool:
    """还没验收, 从来没有接过订单, 一单都没有, 订单从来没有过: the event has not happened."""
    t = normalise(text).rstrip("。.!！")
    if t in ("没有", "没", "无", "还没", "还没有", "尚未", "从未", "从来没有", "暂无", "未", "否", "不曾"):
        return True
    if re.fullmatch(r"一.{0,3}(都|也)(没有|没)(过)?", t) or \
            any(re.fullmatch(rf".{{0,4}}{re.escape(c)}.{{0,4}}(从来|还|都|也)?(没有|没|未曾)(过)?", t) for c in concepts):
        return True
    said = assertions(t, {"event": concepts})
    return said.get("event") is False and not re.search(r"\d", t)


def _read_text(kind: str, spec, raw: str, today: date, about_pct: int) -> Reading:
    if kind == "count":
        return _count(raw, spec.unit or "", about_pct)
    if kind == "wan":
        return _wan(raw, about_pct)
    if kind == "sqm":
        return _sqm(raw, about_pct)
    if kind == "months":
        return _months(raw, about_pct)
    if kind == "date":
        return _date(raw, today)
    if kind == "year":
        return _year_value(raw, today)
    if kind == "bool":
        return _bool(raw, spec.label)
    if kind == "choice":
        return _choice(raw, spec)
    if kind == "grades":
        return _grades(raw, list(spec.choices))
    if kind == "scores":
        return _scores(raw)
    t = raw.strip()
    if not t:
        raise Unreadable("没有收到内容。")
    return Reading(t[:200], t[:200])


_INTEGER_KINDS = ("count", "year")


def _read_json(kind: str, spec, raw: Any) -> Reading:
    """A program's JSON value: numbers in the field's unit, booleans, ISO dates (strings), lists, objects."""
    if isinstance(raw, dict) and {"low", "high"} <= set(raw) and kind in ("count", "wan", "sqm", "months", "date"):
        return _span_json(kind, spec, raw)
    if kind in ("count", "wan", "sqm", "months", "year"):
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise Unreadable("应是数字。", "15")
        if isinstance(raw, float) and not math.isfinite(raw):
            raise Unreadable("应是有限的数字。", "15")
        if raw < 0:
            raise Unreadable("不能是负数。", "15")
        if kind in _INTEGER_KINDS:
            if raw != int(raw):
                raise Unreadable("应是整数，不能带小数。", "15")
            raw = int(raw)
        return Reading(raw, f"{_plain(raw)} {spec.unit or ''}".strip())
    if kind == "bool":
        if isinstance(raw, bool):  # not 0 or 1: the schema promises JSON booleans, and a count's 0 is no "no"
            return Reading(raw, "是" if raw else "否")
        raise Unreadable("应是“是”或“否”（true / false）。", "true")
    if kind == "date":
        if isinstance(raw, date):
            return Reading(raw, cn_date(raw))
        raise Unreadable("应是日期，写成 2024-05-01。", "2024-05-01")
    if kind == "grades":
        if not isinstance(raw, (list, tuple)) or not all(isinstance(g, str) for g in raw):
            raise Unreadable("应是等级列表（从早到晚），例如 [\"良好\", \"一般\"]。", "[\"良好\", \"一般\"]")
        bad = [g for g in raw if g not in spec.choices]
        if bad:
            raise Unreadable(f"“{bad[0][:10]}”不是有效等级{_other_scheme(spec, bad[0])}，可填：" + "、".join(spec.choices) + "。", "良好")
        if len(raw) > 30:
            raise Unreadable("等级太多了，请只填最近几次。", "良好")
        return Reading(list(raw), "、".join(raw) + "（从早到晚）")
    if kind == "scores":
        pairs = _score_pairs(raw)
        scores: dict[str, float] = {}
        for name, score in pairs:
            if not isinstance(name, str) or not name.strip():
                raise Unreadable("名称应是文字，不能为空。", "{\"甲\": 91}")
            if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score) or score < 0:
                raise Unreadable(f"“{name[:20]}”的分数应是非负的数字。", "{\"甲\": 91}")
            if name.strip() in scores:
                raise Unreadable(f"“{name[:20]}”出现了两次。", "{\"甲\": 91}")
            scores[name.strip()] = float(score)
        if not scores:
            raise Unreadable("不能为空：至少要有一个分数。", "{\"甲\": 91}")
        if len(scores) > 1000:
            raise Unreadable("名单太长了：最多 1000 个。", "{\"甲\": 91}")
        return Reading(scores, f"{len(scores)} 个得分")
    raise Unreadable("应是文字。", spec.example or "")


def _other_scheme(spec, grade: str) -> str:
    """（“合格”是另一项规定的等级）: a grade of another measure's scheme typed into this one."""
    from ._fields import fields  # late: the field registry is the reader's caller

    others = [f for f in fields().values() if f.kind == "grades" and f.name != spec.name and grade in f.choices]
    return f"（“{grade}”是另一项规定的等级，见{others[0].label}）" if others else ""


def _score_pairs(raw: Any) -> list[tuple[Any, Any]]:
    if isinstance(raw, dict):
        return list(raw.items())
    if isinstance(raw, (list, tuple)) and all(isinstance(r, dict) and "name" in r and "score" in r for r in raw):
        return [(r["name"], r["score"]) for r in raw]
    raise Unreadable("应是“名称 → 分数”的对象，例如 {\"甲\": 91.5}。", "{\"甲\": 91}")


def _span_json(kind: str, spec, raw: dict) -> Reading:
    """{"low": 450, "high": 500, "said": "将近500万"}: a span a program passes on as it was stored."""
    said = raw.get("said")
    said = said if isinstance(said, str) else ""
    if kind == "date":
        try:
            low, high = date.fromisoformat(raw["low"]), date.fromisoformat(raw["high"])
        except (TypeError, ValueError):
            raise Unreadable("日期范围应写成 {\"low\": \"2024-11-01\", \"high\": \"2024-11-30\"}。", "2024-11-01") from None
        if high < low:
            raise Unreadable("日期范围的起点晚于终点。", "2024-11-01")
        return _date_span(low, high, said or f"{low.isoformat()}至{high.isoformat()}")
    low, high = raw.get("low"), raw.get("high")
    for v in (low, high):
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) or v < 0):
            raise Unreadable("范围的两端应是非负的数字（上限可以为 null）。", "{\"low\": 450, \"high\": 500}")
    if low is None or (high is not None and high < low):
        raise Unreadable("范围应有下限，且下限不大于上限。", "{\"low\": 450, \"high\": 500}")
    span = Span(int(low) if kind == "count" else low, None if high is None else (int(high) if kind == "count" else high),
                said)
    if span.high == span.low:
        return Reading(span.low, f"{_plain(span.low)} {spec.unit or ''}".strip())
    return Reading(span, _span_display(span, spec.unit or ""))


def to_json(value: Any) -> Any:
    """A stored value as JSON: dates as ISO strings, spans as objects, NEVER as "never"."""
    if value is NEVER:
        return NEVER_JSON
    if isinstance(value, Span):
        return value.to_json()
    if isinstance(value, date):
        return value.isoformat()
    return value


def display(spec, value: Any) -> str:
    """How a stored value is shown back in the review and the result."""
    if value is None:
        return "（不知道）"
    if value is NEVER:
        return spec.never.label if spec.never else "没有"
    if isinstance(value, Span):
        if isinstance(value.low, date):
            return f"“{value.said}”（{cn_date(value.low)}至{cn_date(value.high)}）"
        return f"“{value.said}”（{_span_display(value, spec.unit or '')}）" if value.said else _span_display(value, spec.unit or "")
    kind = spec.kind
    if kind == "bool":
        return "是" if value else "否"
    if kind == "choice":
        choice = spec.choices.get(value)
        return choice.label if choice else str(value)
    if kind == "date":
        return cn_date(value) if isinstance(value, date) else str(value)
    if kind == "grades":
        return "、".join(value) if value else "尚无评估结果"
    if kind == "scores":
        return "；".join(f"{k} {_plain(v)}" for k, v in value.items())
    if kind == "year":
        return f"{value}年"
    if kind in ("count", "wan", "sqm", "months"):
        return f"{_plain(value)} {spec.unit or ''}".strip()
    return str(value)
