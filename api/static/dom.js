/* Builds DOM nodes without ever parsing HTML: every piece of text goes in through textContent,
   so a question containing <script> or a clause containing & is shown, never run.
   Shared by the chat page and the staff page. */
"use strict";

window.dom = (function () {
  /** el("button", {class: "x", onclick: fn, "aria-label": "…"}, "text", childNode, …) */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith("on") && typeof value === "function") {
        node.addEventListener(key.slice(2), value);
      } else if (key === "class") {
        node.className = value;
      } else if (key === "dataset") {
        Object.assign(node.dataset, value);
      } else if (value === true) {
        node.setAttribute(key, "");
      } else {
        node.setAttribute(key, String(value));
      }
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** Text with line breaks kept: one text node per line, <br> between (no innerHTML). `inline` may
      turn a line into a list of strings and nodes (links in it, say). */
  function lines(text, inline) {
    const frag = document.createDocumentFragment();
    String(text || "").split("\n").forEach((line, i) => {
      if (i) frag.appendChild(document.createElement("br"));
      append(frag, [inline ? inline(line) : line]);
    });
    return frag;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  /** Copies text; resolves true on success. Records it in window.__lastCopied for tests and
      for the toast, since headless browsers may refuse the clipboard. */
  async function copyText(text) {
    window.__lastCopied = text;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall through to the selection-based copy */ }
    const area = el("textarea", {class: "visually-hidden", "aria-hidden": "true"});
    area.value = text;
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }

  function toast(message) {
    let box = document.getElementById("toast");
    if (!box) {
      box = el("div", {id: "toast", class: "toast", role: "status", "aria-live": "polite"});
      document.body.appendChild(box);
    }
    box.textContent = message;
    box.classList.add("show");
    clearTimeout(box._timer);
    box._timer = setTimeout(() => box.classList.remove("show"), 2200);
  }

  /** Link to a clause on the staff page: /articles/<measure>/7#item-3. */
  function clauseHref(c) {
    return `/articles/${encodeURIComponent(c.measure)}/${encodeURIComponent(c.article)}` +
      (c.item ? `#item-${encodeURIComponent(c.item)}` : "");
  }

  return {el, append, lines, clear, copyText, toast, clauseHref};
})();
