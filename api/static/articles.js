/* The staff page: every measure GET /articles lists, article by article, one tab each; a search box
   that takes citation strings or keywords; deep links (/articles/<measure>/7#item-3 scrolls to and
   highlights item 3); and one click to copy a clause's full or short label with its text. */
"use strict";

(function () {
  const {el, lines, clear, copyText, toast} = window.dom;

  const main = document.getElementById("articles");
  const tocList = document.getElementById("toc-list");
  const results = document.getElementById("search-results");
  const searchForm = document.getElementById("search-form");
  const searchInput = document.getElementById("search-input");
  const tabList = document.querySelector('[role="tablist"]');
  let tabs = [];              // one per measure, made once GET /articles has answered

  let measures = {};          // id → measure summary from GET /articles
  const articleCache = {};    // "<measure>-7" → article JSON
  let current = null;         // measure id on screen

  async function getJSON(url) {
    // /articles/… answers HTML or JSON by the Accept header; no-store keeps the browser from
    // handing back the cached page when the script asks the same URL for JSON.
    let res;
    try {
      res = await fetch(url, {headers: {"Accept": "application/json"}, cache: "no-store"});
    } catch (e) {  // never the browser's own English ("Failed to fetch")
      throw Object.assign(new Error("网络连接中断，请检查网络后再试"), {status: 0});
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok || data === null) {
      const err = new Error((data && (data.detail || data.message)) ||
        (res.status >= 500 ? "服务器暂时出了问题，请过一会儿再试" : `请求没有成功（错误 ${res.status}）`));
      err.status = res.status;
      throw err;
    }
    return data;
  }

  // ------------------------------------------------------------------ copying

  function copyButtons(clause) {
    const copy = async (text, what) => {
      await copyText(text);
      toast(`已复制${what}：${text.length > 40 ? text.slice(0, 40) + "…" : text}`);
    };
    return el("div", {class: "clause-actions"},
      el("button", {type: "button", class: "small copy-full", "data-clause": clause.id,
        "aria-label": `复制完整引用：${clause.label}`,
        onclick: () => copy(`${clause.label}：${clause.text}`, "完整引用")}, "复制完整引用"),
      el("button", {type: "button", class: "small copy-short", "data-clause": clause.id,
        "aria-label": `复制简称引用：${clause.short_label}`,
        onclick: () => copy(`${clause.short_label}：${clause.text}`, "简称引用")}, "复制简称引用"),
      el("a", {href: linkFor(clause), "aria-label": `链接：${clause.short_label}`,
        onclick: (e) => { e.preventDefault(); navigate(clause.measure, clause.article, clause.item); }}, "链接"));
  }

  function linkFor(c) {
    return `/articles/${c.measure}/${c.article}` + (c.item ? `#item-${c.item}` : "");
  }

  // ------------------------------------------------------------------ rendering

  function renderToc(measureId) {
    clear(tocList);
    const m = measures[measureId];
    let chapter = null;
    let list = null;
    for (const a of m.articles) {
      if (a.chapter !== chapter) {
        chapter = a.chapter;
        tocList.appendChild(el("h2", {}, chapter));
        list = el("ol", {});
        tocList.appendChild(list);
      }
      list.appendChild(el("li", {}, el("a", {href: `/articles/${measureId}/${a.number}`, "data-article": a.number,
        onclick: (e) => { e.preventDefault(); navigate(measureId, a.number, null); }}, a.heading)));
    }
  }

  function articleCard(a) {
    const whole = {id: a.id, measure: a.measure, article: a.number, item: null, label: a.label,
                   short_label: a.short_label, text: a.text};
    const card = el("article", {class: "article-card", id: a.id, "aria-labelledby": `${a.id}-h`},
      el("h3", {id: `${a.id}-h`}, a.heading));
    const body = el("div", {class: "clause", id: `${a.id}-whole`},
      el("p", {class: "clause-label"}, a.short_label),
      a.paragraphs.map((p) => el("p", {class: "paragraph"}, lines(p))),
      copyButtons(whole));
    card.appendChild(body);
    for (const it of a.items) {
      const clause = {id: it.id, measure: a.measure, article: a.number, item: it.number, label: it.label,
                      short_label: it.short_label, text: it.text};
      card.appendChild(el("div", {class: "clause item", id: it.id, "data-item": it.number},
        el("p", {class: "clause-label"}, it.short_label),
        el("p", {class: "paragraph"}, lines(it.text)),
        copyButtons(clause)));
    }
    return card;
  }

  async function loadMeasure(measureId) {
    const m = measures[measureId];
    const missing = m.articles.filter((a) => !articleCache[a.id]);
    const fetched = await Promise.all(missing.map((a) => getJSON(`/articles/${measureId}/${a.number}`)));
    for (const a of fetched) articleCache[a.id] = a;
    return m.articles.map((a) => articleCache[a.id]);
  }

  async function showMeasure(measureId) {
    if (current === measureId) return;
    current = measureId;
    for (const t of tabs) t.setAttribute("aria-selected", String(t.dataset.measure === measureId));
    renderToc(measureId);
    clear(main).appendChild(el("p", {class: "meta"}, "正在加载条款…"));
    const m = measures[measureId];
    const articles = await loadMeasure(measureId);
    clear(main);
    main.appendChild(el("section", {class: "measure-head"},
      el("h2", {}, `《${m.title}》`),
      el("p", {class: "meta"}, `${m.number} · ${m.issuer} · ${m.issued_on} 印发 · 有效期 ${m.effective_from} 至 ${m.effective_until}` +
        (m.in_force_today ? " · 现行有效" : " · 当前不在有效期内"))));
    let chapter = null;
    for (const a of articles) {
      if (a.chapter !== chapter) {
        chapter = a.chapter;
        main.appendChild(el("h2", {class: "chapter-title"}, chapter));
      }
      main.appendChild(articleCard(a));
    }
  }

  function highlight(node) {
    for (const old of document.querySelectorAll(".clause.highlight")) old.classList.remove("highlight");
    if (!node) return;
    const target = node.classList.contains("clause") ? node : node.querySelector(".clause") || node;
    target.classList.add("highlight");
    node.scrollIntoView({block: "center"});
    target.setAttribute("tabindex", "-1");
    target.focus({preventScroll: true});
  }

  async function navigate(measureId, article, item, push = true) {
    if (!measures[measureId]) return;
    await showMeasure(measureId);
    if (push) {
      const url = article ? `/articles/${measureId}/${article}` + (item ? `#item-${item}` : "") : `/articles/${measureId}`;
      history.pushState({measureId, article, item}, "", url);
    }
    for (const a of tocList.querySelectorAll("a")) a.setAttribute("aria-current", String(String(a.dataset.article) === String(article)));
    if (!article) { window.scrollTo({top: 0}); return; }
    const id = item ? `${measureId}-${article}-${item}` : `${measureId}-${article}`;
    const node = document.getElementById(id);
    if (!node) {
      toast(item ? `第${article}条没有第${item}项，已定位到该条。` : `没有第${article}条。`);
      highlight(document.getElementById(`${measureId}-${article}`));
      return;
    }
    highlight(item ? node : document.getElementById(`${id}-whole`) || node);
  }

  function routeFromLocation(push) {
    const parts = location.pathname.split("/").filter(Boolean); // ["articles", "<measure>", "7"]
    const measureId = measures[parts[1]] ? parts[1] : Object.keys(measures)[0];
    const article = parts[2] && /^\d+$/.test(parts[2]) ? Number(parts[2]) : null;
    const m = /^#item-(\d+)$/.exec(location.hash);
    return navigate(measureId, article, m ? Number(m[1]) : null, push);
  }

  // ------------------------------------------------------------------ search

  function resultCard(c) {
    return el("div", {class: "result-card"},
      el("p", {class: "title"}, c.label),
      el("p", {class: "paragraph"}, lines(c.text)),
      copyButtons(c));
  }

  async function runSearch(query) {
    const q = query.trim();
    clear(results);
    if (!q) return;
    results.appendChild(el("p", {class: "meta"}, "正在查询…"));
    let found = [];
    let note = null;
    // Anything with a number or 第…条 may be a citation (7.3, 第七条, a short name and a number, Art. 7(3)):
    // /cite is asked first; what it cannot resolve is searched as keywords.
    const citationLike = /\d|第|条/.test(q) || /^\s*art/i.test(q);
    try {
      if (citationLike) {
        try {
          found = (await getJSON(`/cite?ref=${encodeURIComponent(q)}`)).citations;
        } catch (err) {
          if (err.status !== 404) throw err;
          note = err.message;
        }
      }
      if (!found.length) found = await getJSON(`/search?q=${encodeURIComponent(q)}&k=8`);
      // A number inside keywords (场地面积150) is no failed citation; 第九条 of a 24-article text is.
      if (note && !/第|条|^\s*art/i.test(q)) note = null;
    } catch (err) {
      clear(results).appendChild(el("p", {class: "meta", role: "alert"}, `查询失败：${err.message}`));
      return;
    }
    clear(results);
    results.appendChild(el("div", {class: "search-head"},
      el("span", {}, note || `“${q}”的结果：${found.length} 条`),
      el("button", {type: "button", class: "small", onclick: () => { clear(results); searchInput.value = ""; searchInput.focus(); }}, "清除")));
    if (!found.length) results.appendChild(el("p", {class: "meta"}, "没有找到相关条款，换个关键词试试。"));
    for (const c of found) results.appendChild(resultCard(c));
  }

  searchForm.addEventListener("submit", (e) => { e.preventDefault(); runSearch(searchInput.value); });

  function makeTabs() {
    tabs = Object.values(measures).map((m, i) => el("button", {type: "button", role: "tab", id: `tab-${m.id}`,
      "data-measure": m.id, "aria-selected": String(i === 0), title: m.title}, `《${m.short_title}》`));
    tabList.prepend(...tabs);
    for (const t of tabs) listenTo(t);
  }

  function listenTo(t) {
    t.addEventListener("click", () => navigate(t.dataset.measure, null, null));
    t.addEventListener("keydown", (e) => {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      const i = tabs.indexOf(t);
      const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      next.click();
    });
  }
  document.getElementById("toc-toggle").addEventListener("click", (e) => {
    const toc = document.getElementById("toc");
    const open = toc.classList.toggle("open");
    e.currentTarget.setAttribute("aria-expanded", String(open));
  });
  window.addEventListener("popstate", () => routeFromLocation(false));
  window.addEventListener("hashchange", () => routeFromLocation(false));

  (async function boot() {
    try {
      const list = await getJSON("/articles");
      measures = Object.fromEntries(list.map((m) => [m.id, m]));
      makeTabs();
      await routeFromLocation(false);
    } catch (err) {
      clear(main).appendChild(el("p", {class: "meta", role: "alert"}, `加载失败：${err.message}`));
    }
    document.body.dataset.ready = "true";
  })();
})();
