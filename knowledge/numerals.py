"""Numbers written the Chinese way, for citations (第二十三条) and typed figures (五百万, 1.2千万, 三万五).

One reader for the whole project. Hand-written rather than cn2an: cn2an also rewrites ordinary words
(一般 → 1般, 第三方 → 第3方), so it must only ever see a span that a citation or amount pattern
already matched, and that span is small enough that this reader covers every form people type.
"""

from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "幺": 1, "二": 2, "两": 2, "贰": 2, "俩": 2,
          "三": 3, "叁": 3, "仨": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7,
          "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SECTIONS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
NUMERAL_CHARS = "".join([*DIGITS, *SMALL_UNITS, *SECTIONS])
_TOKEN = re.compile(r"\d+(?:\.\d+)?|\.\d+|[" + NUMERAL_CHARS + "]")


def _is_single_digit(tok: str) -> bool:
    return tok in DIGITS or (tok.isdigit() and len(tok) == 1)


def read_number(span: str) -> Decimal:
    """'1.2千万' → 12000000; '三千五百万' → 35000000; '3万5' → 35000 (a trailing digit is one unit down).

    Raises ValueError when the span holds no number or digits that do not make one (12 3).
    """
    total = Decimal(0)
    section = Decimal(0)
    digit: Decimal | None = None
    last_unit = None
    tokens = _TOKEN.findall(span)
    if not tokens:
        raise ValueError("没有找到数字。")
    for tok in tokens:
        if tok[0].isdigit() or tok[0] == ".":
            if digit is not None and last_unit is None:
                raise ValueError("数字的写法看不懂。")
            digit = Decimal(tok)
            last_unit = None
        elif tok in DIGITS:
            # 一千零五: 零 holds the place, the next digit replaces it.
            digit = Decimal(DIGITS[tok])
            last_unit = None
        elif tok in SMALL_UNITS:
            section += (digit if digit is not None else Decimal(1)) * SMALL_UNITS[tok]
            digit, last_unit = None, SMALL_UNITS[tok]
        else:
            unit = SECTIONS[tok]
            section += digit if digit is not None else (Decimal(0) if section or total else Decimal(1))
            total = (total + section) * unit if unit > total else total + section * unit
            section, digit, last_unit = Decimal(0), None, unit
    if digit is not None:
        # 三万五 means 35,000 and 一百五 150: a lone trailing digit counts one unit below the last one.
        if last_unit is None and (section or total) and len(tokens) >= 2 and _is_single_digit(tokens[-1]):
            step = SMALL_UNITS.get(tokens[-2]) or SECTIONS.get(tokens[-2])
            if step and step >= 10:
                digit *= Decimal(step) / 10
        section += digit
    return total + section


def cn_to_int(text: str) -> int | None:
    """二十四 → 24, 十五 → 15, 五百万 → 5000000, 一千零五 → 1005; None if not wholly a Chinese numeral."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    try:
        value = read_number(text)
    except ValueError:
        return None
    return int(value) if value == value.to_integral_value() else None


def int_to_cn(number: int) -> str:
    """24 → 二十四, 105 → 一百零五, 2023 → 二千零二十三, any non-negative integer: how the measures
    write article numbers (十 not 一十 at the start), so a message about 第100条 can say 第一百条."""
    if number < 0:
        return "负" + int_to_cn(-number)
    names = "零一二三四五六七八九"
    if number < 10:
        return names[number]
    if number < 20:
        return "十" + (names[number - 10] if number > 10 else "")
    sections = []  # 4-digit groups, least significant first
    while number:
        number, group = divmod(number, 10_000)
        sections.append(group)
    out = ""
    for power, group in reversed(list(enumerate(sections))):
        if group == 0:
            if out and not out.endswith("零"):
                out += "零"
            continue
        text = _group(group)
        if out and group < 1000 and not out.endswith("零"):
            out += "零"
        out += text + ("" if power == 0 else "万" if power == 1 else "亿" * (power // 2) if power % 2 == 0
                      else "万" + "亿" * (power // 2))
    out = out.rstrip("零")
    return out[1:] if out.startswith("一十") else out


def _group(group: int) -> str:
    """1–9999 → 一千零五, 二百一十: one section of a Chinese numeral."""
    names = "零一二三四五六七八九"
    out, zero = "", False
    for unit, value in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, group = divmod(group, value)
        if digit:
            if zero and out:
                out += "零"
            out += names[digit] + unit
            zero = False
        elif out:
            zero = True
    return out
