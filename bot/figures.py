"""Reads a figure the way people type it in a chat: 500万, 5,000,000元, 五百万, 0.05亿, 十五个, 2023.5.1.

The checks want clean values (万元 as a number, a headcount, a date); callers type whatever they
would say on the phone. Everything that turns a typed reply into such a value lives here, so the
dialog engine only decides what to ask next and every channel understands the same replies.
A reply this module cannot read raises `Unreadable` with a Chinese message and an example, which
the engine shows before asking again.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Sequence

from knowledge import shanghai_today
from knowledge.numerals import DIGITS, NUMERAL_CHARS, SMALL_UNITS, read_number

__all__ = [
    "Parsed", "Unreadable", "is_skip", "normalise", "parse_value", "parse_number",
    "parse_date", "parse_bool", "parse_choice", "parse_grades", "format_value",
]


class Unreadable(ValueError):
    """The reply could not be read as the figure asked for; `message` says why, `example` shows how."""

    def __init__(self, message: str, example: str = ""):
        super().__init__(message)
        self.message = message
        self.example = example


@dataclass(frozen=True)
class Parsed:
    """A value read from a reply, how to show it back, and a note when the reading assumed something."""

    value: Any
    display: str
    note: str | None = None


# Replies that mean "I don't know this figure": the field stays unknown and the result says so.
SKIP_WORDS = (
    "不知道", "不清楚", "不确定", "跳过", "略过", "不好说", "没数", "不了解", "忘了", "记不清", "说不准",
    "暂不填", "暂时不填", "先跳过", "不填", "skip", "pass", "unknown", "?", "？", "不晓得", "不记得",
)

# The span of a reply that holds the number: digits (with thousands separators), Chinese numerals, units.
_NUMBER_SPAN = re.compile(r"[-−－]?\s*(?:\d[\d,，]*(?:\.\d+)?|\.\d+|[" + NUMERAL_CHARS + r"])"
                          r"(?:[\d.]|[" + NUMERAL_CHARS + r"])*")
_RANGE = re.compile(r"[\d" + NUMERAL_CHARS + r"]\s*(?:-|~|～|—|到|至)\s*[\d" + NUMERAL_CHARS + r"]")
_INNER_ABOUT = re.compile(r"([\d" + NUMERAL_CHARS + r"])(多|余|来)([十百千万亿拾佰仟萬億])")
# 五六百万, 七八个: two neighbouring digits are a spoken range, not a number.
_CN_RANGE = re.compile(r"[一二两三四五六七八九][一二两三四五六七八九](?:[十百千万亿个人家]|$)")
# Markup or words in Latin letters around a number mean the reply is something else (a paste, code).
_NOISE = re.compile(r"[<>{}\[\]=;\\|`$#@&*^]|[a-z]{2,}")
_BELOW_WORDS = ("不到", "不足", "少于", "低于", "未满", "不满", "以内", "以下", "小于")
_ABOVE_WORDS = ("多", "余", "以上", "超过", "出头", "大于", "不止")
_APPROX_WORDS = ("来", "约", "大约", "大概", "左右", "上下", "差不多", "将近", "接近", "近", "估计", "约为")


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII), trimmed, inner whitespace removed."""
    text = unicodedata.normalize("NFKC", text or "")
    return re.sub(r"\s+", "", text).strip()


def is_skip(text: str) -> bool:
    """True for 不知道 / 跳过 and their everyday variants."""
    t = normalise(text).lower().rstrip("。.!！~～")
    return bool(t) and any(t == w or (len(t) <= 12 and t.startswith(w)) for w in SKIP_WORDS)


def _numeral_value(span: str) -> Decimal:
    try:
        return read_number(span)
    except ValueError as exc:
        raise Unreadable(str(exc)) from None


@dataclass(frozen=True)
class _Number:
    value: Decimal
    rest: str          # the reply with the number removed: units and words around it
    qualifier: str | None  # 'above' (500多万) or 'approx' (约15人); 'below' never gets here


# What may follow a number written in Chinese: units, counters and words of approximation.
_AFTER_NUMERAL = set("个人家名位年月天日号平米方元块台套项次类成倍分份多余来左上下万亿千百十约把点")


def _inside_a_word(m: re.Match, t: str) -> bool:
    """一 in 一般, 一共, 一些: a Chinese numeral followed by a character no number is followed by."""
    if any(ch.isdigit() for ch in m.group()):
        return False
    following = t[m.end():m.end() + 1]
    return bool(following) and "\u4e00" <= following <= "\u9fff" and following not in _AFTER_NUMERAL


def parse_number(text: str) -> _Number:
    """Finds exactly one number in a reply and reads it; words like 约 and 多 are noted, 不到 refused."""
    t = normalise(text)
    if not t:
        raise Unreadable("没有收到内容。")
    # 500多万 / 二十来个: the 多 sits inside the number; lift it out so 万 still multiplies.
    lifted = _INNER_ABOUT.sub(r"\1\3", t)
    inner_above = lifted != t
    t = lifted
    if _RANGE.search(t) or _CN_RANGE.search(t):
        raise Unreadable("这是一个范围，请只填一个数字（取您最有把握的数）。")
    spans = [m for m in _NUMBER_SPAN.finditer(t) if m.group().strip("-−－ ")]
    # A lone 万 or 十 in a word such as 一万多 stays attached; stray 一 in 一共 is not a number of its own.
    spans = [m for m in spans if any(ch.isdigit() or ch in DIGITS or ch in SMALL_UNITS for ch in m.group())
             and not _inside_a_word(m, t)]
    if not spans:
        raise Unreadable("没有找到数字。")
    if len(spans) > 1:
        raise Unreadable("回复里有不止一个数字，请只填一个。")
    m = spans[0]
    raw = m.group()
    negative = raw.lstrip()[0] in "-−－" or t[: m.start()].endswith("负")
    body = raw.lstrip("-−－ ").replace(",", "").replace("，", "")
    try:
        value = _numeral_value(body)
    except (InvalidOperation, ArithmeticError):
        raise Unreadable("数字的写法看不懂。") from None
    if negative and value != 0:
        raise Unreadable("不能是负数。")
    rest = t[: m.start()] + " " + t[m.end():]
    if _NOISE.search(re.sub(r"rmb|cny|sqm|m2|m²|ha", "", rest.lower())):
        raise Unreadable("回复里除了数字还有看不懂的内容，请只填这一项的数字。")
    if any(w in rest for w in _BELOW_WORDS):
        raise Unreadable("“不到”“少于”这类说法没法换算，请填一个具体数字。")
    qualifier = "above" if inner_above or any(w in rest for w in _ABOVE_WORDS) else (
        "approx" if any(w in rest for w in _APPROX_WORDS) else None)
    return _Number(value, rest, qualifier)


def _plain(value: Decimal) -> str:
    """1500 → '1,500'; 12.50 → '12.5'."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}"


def _as_json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _qualifier_note(q: str | None, shown: str) -> str | None:
    if q == "above":
        return f"按 {shown} 计（实际略多，结论只会更好）。"
    if q == "approx":
        return f"按约数 {shown} 计。"
    return None


_WAN_LIMIT = Decimal(10_000_000)  # 1,000 亿元: past this a figure in 万元 is surely a typo


def _parse_wan(text: str) -> Parsed:
    """Money in 万元: 500万 / 5,000,000元 / 五百万 / 0.05亿 / 500 (the prompt's unit is 万元)."""
    n = parse_number(text)
    t = normalise(text)
    has_section = bool(re.search(r"[万萬亿億]", t))
    yuan = bool(re.search(r"元|块|rmb|cny|¥|￥", t.lower()))
    note = None
    if has_section or yuan:
        wan = n.value / 10_000  # every spelling is read in 元 first, then stated in 万元
    elif n.value >= 100_000:
        # A bare 5000000 is not 500 亿: people who type seven digits mean 元.
        wan = n.value / 10_000
        note = f"按 {_plain(n.value)} 元理解，即 {_plain(wan)} 万元。"
    else:
        wan = n.value
        note = f"按 {_plain(wan)} 万元理解。"
    if wan > _WAN_LIMIT:
        raise Unreadable("金额大得不合常理，请检查单位（本项以万元计）。")
    shown = f"{_plain(wan)} 万元"
    return Parsed(_as_json_number(wan), shown, _qualifier_note(n.qualifier, shown) or note)


def _parse_count(text: str, unit: str = "人") -> Parsed:
    n = parse_number(text)
    if n.value != n.value.to_integral_value():
        raise Unreadable("这里要填整数。")
    if n.value > 10_000_000:
        raise Unreadable("数字大得不合常理，请检查。")
    shown = f"{_plain(n.value)} {unit}".strip()
    return Parsed(int(n.value), shown, _qualifier_note(n.qualifier, shown))


def _parse_sqm(text: str) -> Parsed:
    t = normalise(text).lower()
    # NFKC turns ㎡ into m2, whose 2 must not count as a second number.
    n = parse_number(re.sub(r"m2|m²|sqm|sq\.?m", "平米", t))
    value = n.value
    if "亩" in t:
        value = (value * Decimal("666.67")).quantize(Decimal("0.01"))
    elif re.search(r"公顷|ha\b", t):
        value = value * 10_000
    if value > 100_000_000:
        raise Unreadable("面积大得不合常理，请检查单位（本项以平方米计）。")
    shown = f"{_plain(value)} 平方米"
    return Parsed(_as_json_number(value), shown, _qualifier_note(n.qualifier, shown))


def _parse_months(text: str) -> Parsed:
    t = normalise(text)
    if re.fullmatch(r"(大约|约)?(半年|六个月)(左右|多)?", t):
        return Parsed(6, "6 个月")
    if re.fullmatch(r"(全年|一整年|整年|一年|十二个月|12个月|全职|全部时间)", t):
        return Parsed(12, "12 个月")
    n = parse_number(text)
    value = n.value * 12 if ("年" in n.rest and "月" not in n.rest) else n.value
    if value > 12:
        raise Unreadable("一年最多 12 个月。")
    shown = f"{_plain(value)} 个月"
    return Parsed(_as_json_number(value), shown, _qualifier_note(n.qualifier, shown))


def _parse_percent(text: str) -> Parsed:
    n = parse_number(text)
    t = normalise(text)
    value = n.value
    if "%" not in t and "百分之" not in t and value <= 1 and "." in t:
        value = value * 100  # 0.3 means 30%
    if "成" in t and "%" not in t:
        value = value * 10  # 三成
    if value > 100:
        raise Unreadable("百分比不能超过 100%。")
    shown = f"{_plain(value)}%"
    return Parsed(_as_json_number(value), shown, _qualifier_note(n.qualifier, shown))


# ----------------------------------------------------------------------------------- dates

_CN_DIGIT_RUN = re.compile(r"[零〇○一二三四五六七八九]{2,4}(?=年)")
_CN_SMALL = re.compile(r"[零〇一二两三四五六七八九十]+(?=[月日号])")
_FULL_DATE = re.compile(r"(\d{2,4})(?:年|[-./])(\d{1,2})(?:月|[-./])(\d{1,2})(?:日|号)?")
_MONTH_ONLY = re.compile(r"(\d{2,4})(?:年|[-./])(\d{1,2})月?(?:份)?(?:初|底|末|中)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_NO_YEAR = re.compile(r"(\d{1,2})月(\d{1,2})(?:日|号)?")
_YEAR_ONLY = re.compile(r"(\d{2,4})年?(?:初|底|末|中)?")


def _year(raw: str) -> int:
    y = int(raw)
    if len(raw) == 2:
        y += 2000
    if len(raw) == 3:
        raise Unreadable("年份看不懂，请写四位年份。", "2023-05-01")
    return y


def _cn_date_to_digits(t: str) -> str:
    """二〇二三年五月一日 → 2023年5月1日; only spans next to 年/月/日 are touched."""
    t = _CN_DIGIT_RUN.sub(lambda m: "".join(str(DIGITS[c]) for c in m.group()), t)

    def small(m: re.Match) -> str:
        try:
            return str(int(_numeral_value(m.group())))
        except Unreadable:
            return m.group()

    return _CN_SMALL.sub(small, t)


def _checked(y: int, mo: int, d: int) -> date:
    if not 1 <= mo <= 12:
        raise Unreadable(f"没有{mo}月，月份应在 1 到 12 之间。", "2023-05-01")
    last = calendar.monthrange(y, mo)[1] if 1 <= y <= 9999 else 31
    if not 1 <= d <= last:
        raise Unreadable(f"{y}年{mo}月没有{d}日（这个月只有{last}天）。", "2023-05-01")
    return date(y, mo, d)


def parse_date(text: str, today: date | None = None, *, not_after_today: bool = True) -> Parsed:
    """2023年5月 / 2023-05-01 / 2023.5.1 / 2023/5/1 / 20230501 / 二〇二三年五月一日 / 今天 / 去年5月."""
    today = today or shanghai_today()
    t = _cn_date_to_digits(normalise(text))
    # 去年5月, 前年3月1日: the year named relative to today, as people say it.
    for word, back in (("今年", 0), ("去年", 1), ("前年", 2)):
        if t.startswith(word):
            t = f"{today.year - back}年" + t[len(word):]
    note = None
    if t in ("今天", "今日", "当天"):
        d = today
    elif t in ("昨天", "昨日"):
        d = date.fromordinal(today.toordinal() - 1)
    elif m := _FULL_DATE.search(t):
        d = _checked(_year(m[1]), int(m[2]), int(m[3]))
    elif m := _COMPACT.fullmatch(t):
        d = _checked(int(m[1]), int(m[2]), int(m[3]))
    elif (m := _MONTH_ONLY.fullmatch(t)) and ("月" in t or "-" in t or "." in t or "/" in t):
        y, mo = _year(m[1]), int(m[2])
        d = _checked(y, mo, 1)
        note = f"只写了月份，按 {y}年{mo}月1日 计；如需精确，可用“修改”改成具体日期。"
    elif m := _NO_YEAR.fullmatch(t):
        mo, day = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            raise Unreadable(f"没有{mo}月，月份应在 1 到 12 之间。", "2023-05-01")
        last = 29 if mo == 2 else calendar.monthrange(2023, mo)[1]
        if not 1 <= day <= last:
            raise Unreadable(f"{mo}月没有{day}日。", "2023-05-01")
        raise Unreadable("没有写年份，请把年份也写上。", f"{today.year - 1}年{mo}月{day}日")
    elif _YEAR_ONLY.fullmatch(t) and len(t) >= 4:
        raise Unreadable("只写了年份，请至少写到月份。", "2023年5月 或 2023-05-01")
    else:
        raise Unreadable("没有看懂这个日期。", "2023-05-01、2023年5月 或 2023.5.1")
    if d.year < 1900:
        raise Unreadable("年份太早了，请检查。", "2023-05-01")
    if not_after_today and d > today:
        raise Unreadable(f"这个日期晚于今天（{today.isoformat()}），请检查。", "2023-05-01")
    shown = f"{d.year}年{d.month}月{d.day}日"
    return Parsed(d.isoformat(), shown, note)


def _parse_year(text: str, today: date) -> Parsed:
    t = _cn_date_to_digits(normalise(text))
    relative = {"今年": 0, "本年": 0, "本年度": 0, "去年": -1, "上一年": -1, "明年": 1, "前年": -2}
    if t.rstrip("度") in relative or t in relative:
        y = today.year + relative.get(t, relative.get(t.rstrip("度"), 0))
    elif m := re.fullmatch(r"(\d{4})(年度?)?", t):
        y = int(m[1])
    else:
        raise Unreadable("没有看懂这个年份。", str(today.year))
    if not 1990 <= y <= today.year + 1:
        raise Unreadable(f"年份应在 1990 到 {today.year + 1} 之间。", str(today.year))
    return Parsed(y, f"{y}年")


# ----------------------------------------------------------------------------------- yes / no

_YES = ("是", "是的", "有", "有的", "对", "对的", "已", "已经", "已有", "具备", "符合", "满足", "嗯", "嗯嗯",
        "好", "肯定", "当然", "没错", "yes", "y", "true", "ok", "√", "✓", "✔", "👍", "1", "有过", "已设",
        "已建立", "建立了", "设了", "做了", "已完成", "完成了", "会", "可以", "能", "要", "在")
_NO = ("否", "不是", "没有", "没", "无", "不", "未", "不对", "不具备", "不符合", "还没", "尚未", "还没有",
       "no", "n", "false", "×", "✗", "✘", "👎", "0", "没设", "未设", "没建", "不会", "不能", "不要",
       "从未", "从没", "不在", "并没有", "暂无", "未曾")


def parse_bool(text: str) -> Parsed:
    """是/否/有/没有/对/不是/已经/还没 … ; a longer reply counts by its first clause."""
    t = normalise(text).lower()
    if re.search(r"\d", t) and t.rstrip("。.!！") not in ("0", "1"):
        # A figure typed where yes/no was asked (0.05亿, 120平) must not be read as its first digit.
        raise Unreadable("这一项请回答“是”或“否”，不是填数字。", "是 / 否（也可以说“有”“没有”）")
    first = re.split(r"[,，。.!！;；、\s]", t, maxsplit=1)[0]
    for candidate in (t.rstrip("。.!！~～"), first):
        if candidate in _NO:
            return Parsed(False, "否")
        if candidate in _YES:
            return Parsed(True, "是")
    # 没有设专职秘书 / 有独立核算: a clear yes or no word leading a short clause.
    if len(first) <= 16:
        for w in sorted(_NO, key=len, reverse=True):
            if len(w) > 1 and first.startswith(w):
                return Parsed(False, "否")
        if first[:1] in ("没", "无", "未", "否") or (first.startswith("不") and not first.startswith("不知")):
            return Parsed(False, "否")
        for w in sorted(_YES, key=len, reverse=True):
            if len(w) > 1 and first.startswith(w):
                return Parsed(True, "是")
        if first[:1] in ("是", "有", "对", "已"):
            return Parsed(True, "是")
    raise Unreadable("请回答“是”或“否”。", "是 / 否（也可以说“有”“没有”）")


# ----------------------------------------------------------------------------------- choices

def parse_choice(text: str, choices: Sequence[tuple[str, str]], aliases: dict[str, Sequence[str]] | None = None
                 ) -> Parsed:
    """Matches a reply to one of (value, label): by value, label, number in the list, or a known alias."""
    t = normalise(text).lower()
    aliases = aliases or {}
    if not t:
        raise Unreadable("没有收到内容。")
    for value, label in choices:
        if t in (value.lower(), normalise(label).lower()):
            return Parsed(value, label)
    if re.fullmatch(r"\d{1,2}", t) and 1 <= int(t) <= len(choices):
        value, label = choices[int(t) - 1]
        return Parsed(value, label)
    # The longest label or alias found in the reply wins, so 非法人组织 is not read as 法人.
    best: tuple[int, str, str] | None = None
    for value, label in choices:
        for name in (normalise(label).lower(), *[normalise(a).lower() for a in aliases.get(value, ())]):
            if name and name in t and (best is None or len(name) > best[0]):
                best = (len(name), value, label)
    if best is not None:
        return Parsed(best[1], best[2])
    options = "、".join(label for _, label in choices)
    raise Unreadable(f"请从这几项中选一项：{options}。", choices[0][1] if choices else "")


# ----------------------------------------------------------------------------------- grades

_GRADE_ABBREV = {"优": "优秀", "良": "良好", "中": "一般", "差": "不合格", "合": "合格"}


def parse_grades(text: str, allowed: Sequence[str]) -> Parsed:
    """'优秀、良好、一般' or '优良一' or '没有' → grades oldest first, each from `allowed`."""
    t = normalise(text)
    if re.fullmatch(r"(无|没有|没|还没有?(评过|评价过|参加过|参评过)?|从未(评过|参评)?|暂无|未参评|没评过|0次?)[。.]?", t):
        return Parsed([], "尚无评估结果")
    names = sorted(allowed, key=len, reverse=True)
    grades: list[str] = []
    i = 0
    while i < len(t):
        for name in names:
            if t.startswith(name, i):
                grades.append(name)
                i += len(name)
                break
        else:
            ch = t[i]
            if ch in _GRADE_ABBREV and _GRADE_ABBREV[ch] in allowed and not t.startswith("合格", i):
                grades.append(_GRADE_ABBREV[ch])
            elif ch not in " ,，、/;；|→>-和及与年次。.0123456789第":
                raise Unreadable("评估等级看不懂。可填：" + "、".join(allowed) + "，从早到晚，用顿号隔开。",
                                 "、".join(list(allowed)[:2]))
            i += 1
    if not grades:
        raise Unreadable("没有找到评估等级。可填：" + "、".join(allowed) + "；从未参评请填“没有”。",
                         "、".join(list(allowed)[:2]))
    if len(grades) > 30:
        raise Unreadable("等级太多了，请只填最近几次。", "、".join(list(allowed)[:2]))
    return Parsed(grades, "、".join(grades) + "（从早到晚）")


# ----------------------------------------------------------------------------------- dispatch

def parse_value(kind: str, text: str, *, choices: Sequence[tuple[str, str]] = (),
                aliases: dict[str, Sequence[str]] | None = None, unit: str | None = None,
                today: date | None = None, allow_future: bool = False) -> Parsed:
    """Reads `text` as a figure of `kind` (int, wan, sqm, months, percent, date, bool, choice, grades, text)."""
    if len(text or "") > 2000:
        raise Unreadable("回复太长了，请只填这一项的数字或选项。")
    if kind in ("int", "count"):
        return _parse_count(text, unit or "")
    if kind in ("wan", "money"):
        return _parse_wan(text)
    if kind == "sqm":
        return _parse_sqm(text)
    if kind == "months":
        return _parse_months(text)
    if kind == "percent":
        return _parse_percent(text)
    if kind == "date":
        return parse_date(text, today, not_after_today=not allow_future)
    if kind == "year":
        return _parse_year(text, today or shanghai_today())
    if kind == "bool":
        return parse_bool(text)
    if kind == "choice":
        return parse_choice(text, choices, aliases)
    if kind == "grades":
        return parse_grades(text, [v for v, _ in choices] or ["优秀", "良好", "一般", "合格", "不合格"])
    if kind in ("float", "number"):
        n = parse_number(text)
        shown = f"{_plain(n.value)}{(' ' + unit) if unit else ''}"
        return Parsed(_as_json_number(n.value), shown, _qualifier_note(n.qualifier, shown))
    t = normalise(text)
    if not t:
        raise Unreadable("没有收到内容。")
    return Parsed(text.strip()[:500], text.strip()[:500])


def format_value(kind: str, value: Any, unit: str | None = None) -> str:
    """How a stored value is shown back in the review and the result."""
    if value is None:
        return "（不知道）"
    if kind == "bool":
        return "是" if value else "否"
    if kind in ("wan", "money"):
        return f"{_plain(Decimal(str(value)))} 万元"
    if kind == "sqm":
        return f"{_plain(Decimal(str(value)))} 平方米"
    if kind == "months":
        return f"{_plain(Decimal(str(value)))} 个月"
    if kind == "percent":
        return f"{_plain(Decimal(str(value)))}%"
    if kind in ("int", "count"):
        return f"{_plain(Decimal(str(value)))} {unit or ''}".strip()
    if kind == "date":
        try:
            d = date.fromisoformat(str(value))
            return f"{d.year}年{d.month}月{d.day}日"
        except ValueError:
            return str(value)
    if kind == "grades":
        return "、".join(value) if value else "尚无评估结果"
    if kind == "year":
        return f"{value}年"
    return str(value)
