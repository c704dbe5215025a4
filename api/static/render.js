/* Renders one engine turn (JSON from /chat) into DOM: text, hotline answers with citations that
   expand to the verbatim clause, the review of answers, the result table, and the prompt card.
   Rendering only: what to ask and what a result says come from the engine. */
"use strict";

window.render = (function () {
  const {el, lines, clauseHref} = window.dom;

  const OUTCOME_ICON = {met: "✓", not_met: "✗", needs_review: "!", unknown: "?"};
  const KIND_HINT = {
    int: "填数字", wan: "金额（万元）", sqm: "面积（平方米）", months: "月数", percent: "百分比",
    year: "年份", date: "日期", bool: "是或否", choice: "选一项", grades: "等级（可多选，按从早到晚的顺序）",
    text: "文字",
  };

  function citationDetails(c, opts) {
    const open = opts && opts.open;
    return el("details", {class: "citation", open: open || false},
      el("summary", {}, el("span", {class: "cite-label"}, c.short_label || c.label)),
      el("div", {class: "cite-body"},
        el("p", {class: "cite-full"}, c.label),
        el("blockquote", {class: "clause-text"}, lines(c.text)),
        el("a", {class: "cite-link", href: clauseHref(c), target: "_blank", rel: "noopener"}, "在条款页中查看")));
  }

  function textBlock(b) {
    return el("div", {class: `bubble bot tone-${b.tone || "info"}`}, el("p", {}, lines(b.text)));
  }

  function answerBlock(b) {
    const node = el("div", {class: `bubble bot answer status-${b.status}`},
      el("p", {class: "answer-text"}, lines(b.text)));
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
      el("h3", {}, b.title),
      el("table", {class: "review-table"},
        el("thead", {}, el("tr", {}, el("th", {scope: "col"}, "项目"), el("th", {scope: "col"}, "您的回答"),
          el("th", {scope: "col"}, el("span", {class: "visually-hidden"}, "操作")))),
        el("tbody", {}, rows)));
  }

  function badge(outcome, label) {
    return el("span", {class: `badge outcome-${outcome}`},
      el("span", {"aria-hidden": "true"}, OUTCOME_ICON[outcome] || "·"), " ", label);
  }

  function reportView(r) {
    const rows = r.rows.map((row) => el("tr", {class: `row-${row.outcome}`},
      el("td", {"data-label": "条件"}, row.condition),
      el("td", {"data-label": "结论"}, badge(row.outcome, row.outcome_label)),
      el("td", {"data-label": "您的情况"}, row.figure || (row.needs.length ? "未填写" : "—")),
      el("td", {"data-label": "要求"}, row.threshold || "—"),
      el("td", {"data-label": "说明与依据"},
        el("p", {class: "explanation"}, row.explanation),
        row.needs.length ? el("p", {class: "needs"}, `需要补充：${row.needs.join("、")}`) : null,
        row.citation ? citationDetails(row.citation) : null)));
    return el("article", {class: "report"},
      el("header", {class: "report-head"},
        el("h4", {}, r.title),
        el("span", {class: `verdict tone-${r.verdict_tone}`}, r.verdict_label)),
      el("p", {class: "summary"}, r.summary),
      el("div", {class: "table-wrap"},
        el("table", {class: "conditions"},
          el("caption", {class: "visually-hidden"}, `${r.title}：逐项结论`),
          el("thead", {}, el("tr", {},
            ["条件", "结论", "您的情况", "要求", "说明与依据"].map((h) => el("th", {scope: "col"}, h)))),
          el("tbody", {}, rows))),
      r.fix_first.length ? el("div", {class: "fix-first"},
        el("h5", {}, "优先处理"),
        el("ol", {}, r.fix_first.map((f) => el("li", {}, f)))) : null,
      r.notices.map((n) => el("p", {class: "notice"}, n)));
  }

  function resultBlock(b) {
    return el("section", {class: `bubble bot result result-tone-${b.tone}`, "aria-label": b.title},
      el("h3", {}, b.title),
      el("p", {class: `headline tone-${b.tone}`}, b.headline),
      b.reports.map(reportView),
      (b.notices || []).map((n) => el("p", {class: "notice"}, n)),
      b.missing.length ? el("p", {class: "notice"},
        `您跳过了：${b.missing.join("、")}。补充这些信息后，结论会更完整（可点“修改答案”补填）。`) : null,
      el("p", {class: "as-of"}, `检查日期：${b.as_of}。本结果依据条款原文自动生成，仅供参考；最终以主管部门审核为准。`));
  }

  function promptCard(p) {
    return el("div", {class: "bubble bot prompt", "data-field": p.field},
      el("p", {class: "progress"}, `第 ${p.step} 项 / 共 ${p.total} 项 · ${KIND_HINT[p.kind] || ""}`),
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

  return {turnNodes, userBubble, citationDetails, KIND_HINT};
})();
