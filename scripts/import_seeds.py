"""Turn each measure version's seed text (knowledge/measures/<id>/source-<version>.txt) into the
article-indexed JSON the assistant loads (text-<version>.json), as measure.json describes it.

Run once per new version of a measure, then read the diff: the JSON is the reviewed source of truth
and tests/knowledge/test_corpus.py proves it still matches the seed character for character.

Traps handled here (GUIDE.md §1): PDF line breaks inside sentences and words, no space after
"第七条", page furniture before the measure, cross-references such as "按照本细则第十二条" that are
not article starts, "企业（团队）" that is not an item, and voucher items prefixed with "- ".
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

MEASURES = Path(__file__).resolve().parent.parent / "knowledge" / "measures"

NUMERALS = "零一二三四五六七八九"
CHAPTER = re.compile(r"^第([一二三四五六七八九十]+)章\s*(.+)$")
# Anchored at the start of a line: a cross-reference inside a sentence is never an article start.
ARTICLE = re.compile(r"^第([一二三四五六七八九十]+)条(?:（([^）]+)）)?\s*(.*)$")
# Items start a line; the voucher text writes them as a Markdown list ("- （一）").
ITEM = re.compile(r"^(?:-\s*)?（([一二三四五六七八九十]+)）(.*)$")


def numeral_to_int(text: str) -> int:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (NUMERALS.index(tens) if tens else 1) * 10 + (NUMERALS.index(units) if units else 0)
    return NUMERALS.index(text)


def body_lines(raw: str, starts: str, ends: str | None) -> list[str]:
    lines = [line.strip() for line in raw.splitlines()]
    # The title also appears in the covering notice, broken across lines or inside 《》; the measure
    # itself starts at the last line that is exactly its title.
    start = max(i for i, line in enumerate(lines) if line == starts) + 1
    stop = next((i for i, line in enumerate(lines) if ends and line.startswith(ends)), len(lines))
    return [line for line in lines[start:stop] if line]


def parse(raw: str, starts: str, ends: str | None) -> dict:
    chapters: list[dict] = []
    article: dict | None = None
    # The block being filled: a paragraph (str in a list) or an item (dict).
    open_block: dict | None = None

    def append_text(text: str) -> None:
        nonlocal open_block
        if open_block is None:
            open_block = {"kind": "paragraph", "text": ""}
            article["paragraphs"].append(open_block)
        open_block["text"] += text
        # A paragraph ends with 。 in both texts; a line that stops elsewhere is a PDF line break.
        if open_block["kind"] == "paragraph" and text.endswith("。"):
            open_block = None

    for line in body_lines(raw, starts, ends):
        if m := CHAPTER.match(line):
            chapters.append({"number": numeral_to_int(m[1]), "numeral": m[1],
                             "title": re.sub(r"\s+", "", m[2]), "articles": []})
            article = open_block = None
        elif m := ARTICLE.match(line):
            article = {"number": numeral_to_int(m[1]), "numeral": m[1], "title": m[2],
                       "paragraphs": [], "items": []}
            chapters[-1]["articles"].append(article)
            open_block = None
            if m[3]:
                append_text(m[3])
        elif m := ITEM.match(line):
            open_block = {"kind": "item", "number": numeral_to_int(m[1]), "marker": f"（{m[1]}）",
                          "text": m[2]}
            article["items"].append(open_block)
        else:
            append_text(line)

    for chapter in chapters:
        for art in chapter["articles"]:
            art["paragraphs"] = [p["text"] for p in art["paragraphs"]]
            art["items"] = [{k: v for k, v in item.items() if k != "kind"} for item in art["items"]]
    return {"chapters": chapters}


def main() -> int:
    for folder in sorted(p for p in MEASURES.iterdir() if (p / "measure.json").is_file()):
        meta = json.loads((folder / "measure.json").read_text(encoding="utf-8"))
        for version in meta["versions"]:
            how = version["import"]
            raw = (folder / version["source"]).read_text(encoding="utf-8")
            text = parse(raw, how["body_starts"], how.get("body_ends"))
            count = sum(len(c["articles"]) for c in text["chapters"])
            out = folder / version["text"]
            out.write_text(json.dumps(text, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(f"{meta['id']} {version['id']}: {len(text['chapters'])} chapters, {count} articles -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
