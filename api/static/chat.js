/* The chat page: keeps the session id in localStorage so a reload restores the conversation,
   posts typed text or a pressed button's value to /chat, and fits the input dock to the open
   prompt (number box with unit, date picker, yes/no or option buttons, grade picker). */
"use strict";

(function () {
  const {el, clear} = window.dom;
  const {turnNodes, userBubble} = window.render;
  const STORE_KEY = "policy-assistant.session";
  const NUMERIC_UNITS = {count: "", wan: "万元", sqm: "平方米", months: "个月", year: "年"};

  const log = document.getElementById("log");
  const statusBox = document.getElementById("status");
  const dock = document.getElementById("choices");
  const form = document.getElementById("composer");
  const input = document.getElementById("composer-input");
  const sendButton = document.getElementById("send");

  const COARSE = window.matchMedia("(pointer: coarse)").matches;
  let sessionId = null;
  let busy = false;

  // ------------------------------------------------------------------ HTTP

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: {"Accept": "application/json", ...(body ? {"Content-Type": "application/json"} : {})},
      body: body ? JSON.stringify(body) : undefined,
    });
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) {
      const err = new Error((data && (data.message || data.detail)) || `请求失败（${res.status}）`);
      err.status = res.status;
      throw err;
    }
    return data;
  }

  // ------------------------------------------------------------------ rendering

  function scrollToEnd() {
    const last = log.lastElementChild;
    if (last) last.scrollIntoView({block: "end", behavior: "smooth"});
  }

  function showTurn(turn) {
    for (const node of turnNodes(turn, send)) log.appendChild(node);
    renderDock(turn);
    scrollToEnd();
  }

  function setStatus(text, isError) {
    statusBox.textContent = text || "";
    statusBox.classList.toggle("error", !!isError);
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    for (const b of dock.querySelectorAll("button, input")) b.disabled = value;
    setStatus(value ? "正在回复…" : "");
  }

  function choiceButton(choice) {
    return el("button", {type: "button", class: `choice style-${choice.style}`, "data-value": choice.value,
      onclick: () => send(choice.value, choice.label)}, choice.label);
  }

  function numberWidget(prompt) {
    const unit = prompt.unit || NUMERIC_UNITS[prompt.kind] || "";
    const box = el("input", {type: "text", inputmode: "decimal", id: "answer-input", class: "answer-input",
      placeholder: prompt.placeholder || "填数字", "aria-label": `${prompt.label}${unit ? `（${unit}）` : ""}`,
      autocomplete: "off"});
    const submit = (event) => {
      event.preventDefault();
      const raw = box.value.trim();
      if (!raw) { box.focus(); return; }
      // What was typed goes as typed: the engine reads it (a bare number is in the field's unit).
      send(raw, raw);
    };
    return el("form", {class: "widget widget-number", onsubmit: submit},
      el("label", {for: "answer-input", class: "widget-label"}, prompt.label),
      el("div", {class: "input-unit"}, box, unit ? el("span", {class: "unit"}, unit) : null),
      el("button", {type: "submit", class: "primary"}, "确定"));
  }

  function dateWidget(prompt) {
    const box = el("input", {type: "date", id: "answer-input", class: "answer-input", max: prompt.max_date || null,
      min: "1949-10-01", "aria-label": prompt.label});
    const submit = (event) => {
      event.preventDefault();
      if (!box.value) { box.focus(); return; }
      send(box.value, box.value);
    };
    return el("form", {class: "widget widget-date", onsubmit: submit},
      el("label", {for: "answer-input", class: "widget-label"}, `${prompt.label}（也可在下方输入“2023年5月”）`),
      box, el("button", {type: "submit", class: "primary"}, "确定"));
  }

  function gradesWidget(prompt) {
    const picked = [];
    const shown = el("output", {class: "grades-picked", "aria-live": "polite"}, "尚未选择");
    const refresh = () => { shown.textContent = picked.length ? picked.join(" → ") : "尚未选择"; };
    const chips = prompt.choices.map((c) => el("button", {type: "button", class: "chip",
      onclick: () => { picked.push(c.label); refresh(); }}, c.label));
    return el("div", {class: "widget widget-grades", role: "group", "aria-label": `${prompt.label}：按从早到晚依次点选`},
      el("p", {class: "widget-label"}, "按从早到晚依次点选等级："),
      el("div", {class: "chips"}, chips),
      el("div", {class: "grades-row"}, shown,
        el("button", {type: "button", class: "small", onclick: () => { picked.pop(); refresh(); }}, "撤销"),
        el("button", {type: "button", class: "primary", onclick: () => {
          if (picked.length) send(picked.join("、"), picked.join("、"));
        }}, "确定")));
  }

  function renderDock(turn) {
    clear(dock);
    const prompt = turn.prompt;
    let focusTarget = null;
    if (prompt) {
      let widget = null;
      if (prompt.kind in NUMERIC_UNITS) widget = numberWidget(prompt);
      else if (prompt.kind === "date") widget = dateWidget(prompt);
      else if (prompt.kind === "grades") widget = gradesWidget(prompt);
      if (widget) {
        dock.appendChild(widget);
        focusTarget = widget.querySelector("input") || widget.querySelector("button");
      }
    }
    const answers = (turn.choices || []).filter((c) => c.style === "primary");
    const others = (turn.choices || []).filter((c) => c.style !== "primary");
    if (answers.length) {
      const row = el("div", {class: "choice-row answers"}, answers.map(choiceButton));
      dock.appendChild(row);
      focusTarget = focusTarget || row.querySelector("button");
    }
    if (others.length) dock.appendChild(el("div", {class: "choice-row"}, others.map(choiceButton)));
    input.placeholder = prompt ? "也可以直接打字回答" : "请输入问题";
    // On a touch screen, focusing a text box pops up the keyboard over the answer: only buttons get focus there.
    const target = focusTarget || input;
    if (!(COARSE && target.matches("input, textarea"))) target.focus({preventScroll: true});
  }

  // ------------------------------------------------------------------ session

  async function startSession() {
    const data = await api("POST", "/chat/sessions");
    sessionId = data.session_id;
    input.maxLength = data.max_message_chars;
    localStorage.setItem(STORE_KEY, sessionId);
    clear(log);
    showTurn(data.turn);
  }

  async function restoreSession(id) {
    const data = await api("GET", `/chat/sessions/${encodeURIComponent(id)}`);
    sessionId = id;
    input.maxLength = data.max_message_chars;
    clear(log);
    for (const m of data.messages) {
      if (m.role === "user") log.appendChild(userBubble(m.text));
      else if (m.turn) for (const node of turnNodes(m.turn, send)) log.appendChild(node);
    }
    renderDock(data.turn);
    const last = log.lastElementChild;
    if (last) last.scrollIntoView({block: "end"});
  }

  async function send(value, label) {
    if (busy) return;
    const shown = label || value;
    const bubble = userBubble(shown);
    log.appendChild(bubble);
    scrollToEnd();
    setBusy(true);
    try {
      const data = await api("POST", `/chat/sessions/${encodeURIComponent(sessionId)}/messages`,
        {text: value, label: shown});
      setBusy(false);
      showTurn(data.turn);
    } catch (err) {
      setBusy(false);
      if (err.status === 404) {
        setStatus("原对话已失效，已为您开始新的对话。", true);
        await startSession();
      } else {
        // Nothing reached the server: take the line back so it can be sent again as it was.
        bubble.remove();
        setStatus(`发送失败：${err.message}。请稍后重试。`, true);
        if (value === input.dataset.lastTyped) input.value = value;
      }
    }
  }

  // ------------------------------------------------------------------ composer

  function autoGrow() {
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) { input.focus(); return; }
    input.dataset.lastTyped = text;
    input.value = "";
    autoGrow();
    send(text, text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", autoGrow);

  document.getElementById("new-chat").addEventListener("click", async () => {
    if (busy) return;
    localStorage.removeItem(STORE_KEY);
    try { await startSession(); } catch (err) { setStatus(`无法开始新对话：${err.message}`, true); }
  });

  (async function boot() {
    const saved = localStorage.getItem(STORE_KEY);
    try {
      if (saved) await restoreSession(saved);
      else await startSession();
    } catch (err) {
      try { await startSession(); } catch (err2) { setStatus(`无法连接服务：${err2.message}`, true); }
    }
    document.body.dataset.ready = "true";
  })();
})();
