/* Renders one engine turn (JSON from /chat) into DOM: text, hotline answers with citations that
   expand to the verbatim clause (with a copy button), the review of answers, the result, and the
   prompt card with its progress by section. Rendering only: what to ask and what a result says come
   from the engine.

   A result is meant to be kept: what fails comes first (the engine sorts rows that way), conditions
   that are met fold away, a self-declared condition keeps the engine's "待核实" label and never gets
   a tick, and print.css prints the whole of it. The PDF is the browser's own print-to-PDF of that
   stylesheet rather than a server-side renderer such as WeasyPrint: one renderer for screen, paper
   and PDF (a second one in Python would drift from this one), no native libraries or fonts on the
   server, and the reader's own CJK fonts; README.md says more. */
"use strict";

window.render = (function () {
  const {el, lines, clauseHref, copyText, toast} = window.dom;

  const OUTCOME_ICON = {met: "✓", not_met: "✗", needs_review: "!", unknown: "?", declared: "◇", info: "i"};
  const KIND_HINT = {
    int: "填数字", wan: "金额（万元）", sqm: "面积（平方米）", months: "月数", percent: "百分比",
    year: "年份", date: "日期", bool: "是或否", choice: "选一项", grades: "等级（可多选，按从早到晚的顺序）",
    text: "文字",
  };
  let ids = 0;

  /** The hotline number in the engine's words becomes a link a phone can dial. */
  function telLinks(line) {
    return line.split(/(?<!\d)(12345)(?!\d)/).map((part, i) =>
      i % 2 ? el("a", {href: "tel:12345", class: "tel"}, part) : part);
  }

  function citationDetails(c) {
    const copy = async () => {
      await copyText(`${c.label}：${c.text}`);
      toast(`已复制引用：${c.short_label || c.label}`);
    };
    return el("details", {class: "citation"},
      el("summary", {}, el("span", {class: "cite-label"}, c.short_label || c.label)),
      el("div", {class: "cite-body"},
        el("p", {class: "cite-full"}, c.label),
        el("blockquote", {class: "clause-text"}, lines(c.text)),
        el("p", {class: "cite-actions"},
          el("button", {type: "button", class: "small copy-cite", "aria-label": `复制引用：${c.short_label || c.label}`,
            onclick: copy}, "复制引用"),
          el("a", {class: "cite-link", href: clauseHref(c), target: "_blank", rel: "noopener"}, "在条款页中查看"))));
  }

  function textBlock(b) {
    return el("div", {class: `bubble bot tone-${b.tone || "info"}`}, el("p", {}, lines(b.text, telLinks)));
  }

  function answerBlock(b) {
    const node = el("div", {class: `bubble bot answer status-${b.status}`},
      el("p", {class: "answer-text"}, lines(b.text, telLinks)));
    for (const n of b.notices || []) node.appendChild(el("p", {class: "notice"}, n));
    if ((b.citations || []).length) {
      node.appendChild(el("div", {class: "citations"},
        el("p", {class: "citations-head"}, "引用条款（点开看原文）："),
        b.citations.map((c) => citationDetails(c))));
    }
    return node;
  }

  function reviewBlock(b, send) {
    const rows = b.rows.map((r) => el("tr", {class: r.skipped ? "skipped" : ""},
      el("th", {scope: "row"}, r.label),
      el("td", {}, r.value),
      el("td", {class: "row-action"},
        el("button", {type: "button", class: "small", "data-send": `/edit ${r.field}`,
          "aria-label": `修改：${r.label}`, onclick: () => send(`/edit ${r.field}`, `修改 ${r.label}`)}, "修改"))));
    return el("div", {class: "bubble bot review"},
      el("h2", {}, b.title),
      el("table", {class: "review-table"},
        el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "项目"), el("th", {scope: "col"}, "您的回答"),
          el("th", {scope: "col"}, el("span", {class: "visually-hidden"}, "操作")))),
        el("tbody", {}, rows)));
  }

  /** met, not_met, needs_review, unknown; plus declared (the applicant's word) and info (never decides). */
  function kindOf(row) {
    if (row.informational) return "info";
    if (row.declared && row.outcome === "met") return "declared";
    return row.outcome;
  }

  function conditionItem(row) {
    const kind = kindOf(row);
    const figure = row.figure || (row.needs.length ? "未填写" : null);
    return el("li", {class: `condition row-${kind}`},
      el("p", {class: "condition-head"},
        el("span", {class: `badge outcome-${kind}`},
          el("span", {"aria-hidden": "true"}, OUTCOME_ICON[kind] || "·"), " ", row.outcome_label),
        " ", el("span", {class: "condition-name"}, row.condition)),
      figure || row.threshold ? el("p", {class: "figures"},
        figure ? `您的情况：${figure}` : null, figure && row.threshold ? "；" : null,
        row.threshold ? `要求：${row.threshold}` : null) : null,
      el("p", {class: "explanation"}, row.explanation),
      row.needs.length ? el("p", {class: "needs"}, `需要补充：${row.needs.join("、")}`) : null,
      row.citation ? citationDetails(row.citation) : null);
  }

  function reportView(r) {
    // What needs attention stays open; what is met (and calendar notes) folds, one tap to open.
    const folded = r.rows.filter((row) => ["met", "info"].includes(kindOf(row)));
    const open = r.rows.filter((row) => !folded.includes(row));
    const met = folded.filter((row) => kindOf(row) === "met").length;
    const foldTitle = [met ? `已满足的条件 ${met} 项` : null, folded.length > met ? `说明 ${folded.length - met} 项` : null]
      .filter(Boolean).join("，");
    return el("article", {class: "report"},
      el("header", {class: "report-head"},
        el("h3", {}, r.title),
        el("span", {class: `verdict tone-${r.verdict_tone}`}, r.verdict_label)),
      el("p", {class: "summary"}, r.summary),
      r.fix_first.length ? el("div", {class: "fix-first"},
        el("h4", {}, "优先处理"),
        el("ol", {}, r.fix_first.map((f) => el("li", {}, f)))) : null,
      open.length ? el("ol", {class: "conditions"}, open.map(conditionItem)) : null,
      folded.length ? el("details", {class: "met-rows"},
        el("summary", {}, foldTitle),
        el("ol", {class: "conditions"}, folded.map(conditionItem))) : null,
      r.notices.map((n) => el("p", {class: "notice"}, n)));
  }

  /** The result the print stylesheet prints: the one whose button was pressed, else the latest. */
  function markForPrint(result) {
    for (const old of document.querySelectorAll(".print-target")) old.classList.remove("print-target");
    if (result) result.classList.add("print-target");
  }

  // Browsers without ::details-content (print.css) would print folded rows and clauses shut: open them
  // for the print and shut again after.
  let opened = [];
  window.addEventListener("beforeprint", () => {
    opened = [...document.querySelectorAll(".print-target details:not([open])")];
    for (const d of opened) d.open = true;
  });
  window.addEventListener("afterprint", () => { for (const d of opened) d.open = false; opened = []; });

  function resultBlock(b) {
    const id = `result-${++ids}`;
    const [y, m, d] = b.as_of.split("-").map(Number);
    const section = el("section", {class: `bubble bot result result-tone-${b.tone}`, "aria-labelledby": id},
      el("h2", {id}, b.title),
      el("p", {class: `headline tone-${b.tone}`}, b.headline),
      el("p", {class: "result-actions"},
        el("button", {type: "button", class: "small print-result",
          onclick: () => { markForPrint(section); window.print(); }}, "打印 / 保存为 PDF")),
      b.reports.map(reportView),
      (b.notices || []).map((n) => el("p", {class: "notice validity"}, n)),
      b.missing.length ? el("p", {class: "notice"},
        `您跳过了：${b.missing.join("、")}。补充这些信息后，结论会更完整（可点“修改答案”补填）。`) : null,
      el("p", {class: "as-of"}, `检查日期：${y}年${m}月${d}日。本结果依据条款原文自动生成，仅供参考；最终以主管部门审核为准。`));
    return section;
  }

  function progress(p) {
    const parts = [];
    if (p.section) parts.push(p.section_count > 1 ? `${p.section}（第 ${p.section_index} 部分 / 共 ${p.section_count} 部分）` : p.section);
    // total 0: the first question decides which checks run, so the number of questions is not known yet.
    parts.push(p.total ? `第 ${p.step} 项 / 共 ${p.total} 项` : `第 ${p.step} 项`);
    if (p.follow_up === "exact") parts.push("请给出准确数字");
    else if (p.follow_up === "unit") parts.push("请确认单位");
    else if (KIND_HINT[p.kind]) parts.push(KIND_HINT[p.kind]);
    return el("div", {class: "progress"},
      el("p", {}, parts.join(" · ")),
      p.total ? el("progress", {max: p.total, value: p.step, "aria-hidden": "true"}) : null);
  }

  function promptCard(p) {
    return el("div", {class: "bubble bot prompt", "data-field": p.field},
      progress(p),
      el("p", {class: "question"}, p.question),
      p.current ? el("p", {class: "current"}, `当前答案：${p.current}`) : null,
      el("p", {class: "why"}, el("strong", {}, "为什么问："), p.why),
      p.citation ? citationDetails(p.citation) : null,
      p.example ? el("p", {class: "example"}, `可以这样填：${p.example}`) : null);
  }

  /** All blocks of a turn, then its prompt card. `send(value, label)` is used by in-block buttons. */
  function turnNodes(turn, send) {
    const out = [];
    for (const b of turn.blocks || []) {
      if (b.type === "text") out.push(textBlock(b));
      else if (b.type === "answer") out.push(answerBlock(b));
      else if (b.type === "review") out.push(reviewBlock(b, send));
      else if (b.type === "result") out.push(resultBlock(b));
    }
    if (turn.prompt) out.push(promptCard(turn.prompt));
    return out;
  }

  function userBubble(text) {
    return el("div", {class: "bubble user"}, el("p", {}, lines(text)));
  }

  return {turnNodes, userBubble, markForPrint};
})();
