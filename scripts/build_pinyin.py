"""Writes knowledge/data/pinyin.json: every common Chinese character's readings, without tones.

Why a table rather than pypinyin at run time: importing pypinyin costs about 0.2 s and 58 MB (its
phrase dictionary loads with the package), more than the hotline's start-up and memory budgets allow
for a look-up that needs only each character's readings. The table is pypinyin's own data, grouped
by reading (about 80 KB), and is rebuilt by running this script after upgrading pypinyin:

    .venv/bin/pip install pypinyin && .venv/bin/python scripts/build_pinyin.py
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from pypinyin import Style, pinyin

OUT = Path(__file__).resolve().parents[1] / "knowledge" / "data" / "pinyin.json"


def main() -> None:
    chars_by_reading: dict[str, list[str]] = defaultdict(list)
    for code in range(0x4E00, 0x9FA6):  # CJK Unified Ideographs, the block the measures and callers use
        ch = chr(code)
        readings = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
        # The two commonest readings: rarer ones (盒 as "an") would only make false homophones.
        for reading in list(dict.fromkeys(readings[0] if readings else []))[:2]:
            if reading.isascii() and reading.isalpha():
                chars_by_reading[reading].append(ch)
    data = {"_about": "Reading (pinyin without tones) → the characters that have it; from pypinyin by "
                      "scripts/build_pinyin.py. Read by knowledge/homophones.py.",
            **{r: "".join(cs) for r, cs in sorted(chars_by_reading.items())}}
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(chars_by_reading)} readings, {sum(map(len, chars_by_reading.values()))} characters")


if __name__ == "__main__":
    main()
