/* The chat page: keeps the session id in localStorage so a reload restores the conversation,
   posts typed text (as the message text) or a pressed button's value to /chat, and fits the input
   dock to the open prompt (number box with unit, date picker, yes/no or option buttons, grade picker).

   The session id is the capability to a conversation: the link that continues it on another device
   carries it in the URL fragment (/#s=…), which browsers never send to a server, so it cannot leak
   through a Referer header or an access log; the page takes it out of the address bar once read. */
"use strict";

(function () {
  const {el, clear, copyText, toast} = window.dom;
  const {turnNodes, userBubble, markForPrint} = window.render;
  const STORE_KEY = "policy-assistant.session";
  const LINK = /^#s=([A-Za-z0-9_-]{8,64})$/;
  const NUMERIC_UNITS = {count: "", wan: "万元", sqm: "平方米", months: "个月", year: "年"};
  const HOTLINE = "12345";

  const log = document.getElementById("log");
  const statusBox = document.getElementById("status");
  const dock = document.getElementById("choices");
  const form = document.getElementById("composer");
  const input = document.getElementById("composer-input");
  const sendButton = document.getElementById("send");

  const COARSE = window.matchMedia("(pointer: coarse)").matches;
  const CALM = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let sessionId = null;
  let busy = false;
  let multiline = false;
  let welcomedBack = false;
  let unsent = null;  // {value, label, id} of the last message whose reply has not arrived
  // Replaced by the server's figures as soon as a session is opened or restored.
  let limits = {max_message_chars: 500, retention_days: 30, suggestions: []};

  // ------------------------------------------------------------------ HTTP

  /** Says in Chinese what happened and what will help; never the browser's own words. */
  function failure(status) {
    if (status === 0) return "网络连接中断，这条消息没有发出。网络恢复后再发送一次即可，已填写的内容都还在。";
    if (status === 413 || status === 422) return "这条消息的内容无法处理，没有发出。请缩短或改一改再发送。";
    if (status === 429) return "发送得太快了，请等几秒钟再发送。";
    if (status >= 500) return "服务器暂时出了问题，这条消息没有处理。请过一会儿再发送一次，已填写的内容都还在。";
    return `服务器没有接受这条消息（错误 ${status}）。请刷新页面后再试，已填写的内容都还在。`;
  }

  function cannotOpen(err) {
    return err.status === 0 ? "无法连接到助手，请检查网络后刷新页面。" : "助手暂时无法开始对话，请过一会儿刷新页面。";
  }

  async function api(method, path, body) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: {"Accept": "application/json", ...(body ? {"Content-Type": "application/json"} : {})},
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch (e) {
      throw Object.assign(new Error(failure(0)), {status: 0});
    }
    let data = null;
    try { data = await res.json(); } catch (e) { data = null; }
    if (!res.ok) throw Object.assign(new Error(failure(res.status)), {status: res.status});
    return data;
  }

  // ------------------------------------------------------------------ rendering

  function scrollToEnd(smooth) {
    const last = log.lastElementChild;
    if (last) last.scrollIntoView({block: "end", behavior: smooth && !CALM ? "smooth" : "auto"});
  }

  function showNodes(turn) {
    for (const node of turnNodes(turn, send)) log.appendChild(node);
    const results = log.querySelectorAll(".result");
    if (results.length) markForPrint(results[results.length - 1]);
  }

  function showTurn(turn) {
    // A page restored after a pause has already said welcome back; the next turn says it again.
    if (turn.expired && welcomedBack) turn.blocks = turn.blocks.slice(1);
    welcomedBack = false;
    showNodes(turn);
    renderDock(turn);
    scrollToEnd(true);
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
      autocomplete: "off", maxlength: 100});
    const submit = (event) => {
      event.preventDefault();
      const raw = box.value.trim();
      if (!raw) { box.focus(); return; }
      // What was typed goes as typed: the engine reads it (a bare number is in the field's unit).
      send(raw);
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
      send(box.value);
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
          if (picked.length) send(picked.join("、"));
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
    if (!prompt && turn.mode === "idle" && limits.suggestions.length) {
      dock.appendChild(el("div", {class: "choice-row suggestions", role: "group", "aria-label": "可以这样问"},
        el("span", {class: "suggest-head", "aria-hidden": "true"}, "试试问："),
        limits.suggestions.map((q) => el("button", {type: "button", class: "choice suggestion",
          onclick: () => send(q)}, q))));
    }
    multiline = !!(prompt && prompt.multiline);
    input.placeholder = multiline ? "每行一项，写完点“发送”" : prompt ? "也可以直接打字回答" : "请输入问题";
    // On a touch screen, focusing a text box pops up the keyboard over the answer: only buttons get focus there.
    const target = focusTarget || input;
    if (!(COARSE && target.matches("input, textarea"))) target.focus({preventScroll: true});
  }

  // ------------------------------------------------------------------ session

  function opened(data) {
    sessionId = data.session_id;
    localStorage.setItem(STORE_KEY, sessionId);
    limits = data;
  }

  async function startSession() {
    const data = await api("POST", "/chat/sessions");
    opened(data);
    clear(log);
    showTurn(data.turn);
  }

  async function restoreSession(id) {
    const data = await api("GET", `/chat/sessions/${encodeURIComponent(id)}`);
    opened(data);
    clear(log);
    for (const m of data.messages) {
      if (m.role === "user") log.appendChild(userBubble(m.text));
      else if (m.turn) showNodes(m.turn);
    }
    if (data.expired) {
      // A paused self-check: welcome back, and its open question again below the history.
      showNodes(data.turn);
      welcomedBack = true;
    }
    renderDock(data.turn);
    scrollToEnd(false);
  }

  /** Sends typed text as the message text; a pressed button sends its value, with its label for the record. */
  /** The id a message is sent under. A message that may have reached the server without its reply
      reaching the page (the connection dropped) keeps its id when sent again, so the server hands
      back the reply it stored instead of answering the same words twice (client_message_id). */
  function messageId(value, label) {
    if (unsent && unsent.value === value && unsent.label === label) return unsent.id;
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  async function post(path, body) {
    // A dropped connection is retried twice with the same id: harmless, since the server answers once.
    for (let attempt = 0; ; attempt++) {
      try {
        return await api("POST", path, body);
      } catch (err) {
        if (err.status !== 0 || attempt >= 2) throw err;
        await new Promise((done) => setTimeout(done, 800 * (attempt + 1)));
      }
    }
  }

  async function send(value, label) {
    if (busy) return;
    const bubble = userBubble(label || value);
    log.appendChild(bubble);
    scrollToEnd(true);
    setBusy(true);
    const id = messageId(value, label);
    unsent = {value, label, id};
    try {
      const body = label && label !== value ? {text: value, label} : {text: value};
      const data = await post(`/chat/sessions/${encodeURIComponent(sessionId)}/messages`, {...body, client_message_id: id});
      unsent = null;
      setBusy(false);
      showTurn(data.turn);
    } catch (err) {
      setBusy(false);
      if (err.status === 404) {
        setStatus("原对话已不存在（长时间未使用的对话会被清除），已为您开始新的对话。", true);
        await startSession();
      } else {
        // Nothing reached the engine: take the line back so it can be sent again as it was.
        bubble.remove();
        setStatus(err.message, true);
        if (value === input.dataset.lastTyped && !input.value) input.value = value;
      }
    }
  }

  // ------------------------------------------------------------------ composer

  function autoGrow() {
    input.style.height = "auto";
    input.style.height = `${input.scrollHeight + 2}px`;  // the stylesheet's max-height caps it
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) { input.focus(); return; }
    const length = [...text].length;
    if (length > limits.max_message_chars) {
      setStatus(`这段内容有 ${length} 个字，一条消息最多 ${limits.max_message_chars} 个字，请删减后再发送。`, true);
      return;
    }
    input.dataset.lastTyped = text;
    input.value = "";
    autoGrow();
    send(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && !multiline) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener("input", autoGrow);
  window.addEventListener("offline", () => setStatus("网络已断开。恢复连接后就能继续发送，已填写的内容都还在。", true));
  window.addEventListener("online", () => setStatus(""));

  // ------------------------------------------------------------------ top bar

  document.getElementById("new-chat").addEventListener("click", async () => {
    if (busy) return;
    const stay = log.querySelector(".bubble.user") && !(await window.dialog.confirm({
      title: "开始新对话？",
      text: "当前对话和已填写的答案将从本页移除，新对话不会带上它们。想以后接着填，请先点“留在当前对话”，再用“保存进度”复制链接。",
      ok: "开始新对话", cancel: "留在当前对话"}));
    if (stay) return;
    localStorage.removeItem(STORE_KEY);
    try { await startSession(); } catch (err) { setStatus(cannotOpen(err), true); }
  });

  document.getElementById("keep-link").addEventListener("click", () => {
    const link = `${location.origin}/#s=${sessionId}`;
    const box = el("input", {type: "text", readonly: true, value: link, class: "link-box", "aria-label": "继续对话的链接",
      onfocus: (e) => e.target.select()});
    const kept = limits.retention_days > 0 ? `超过 ${limits.retention_days} 天不使用，对话会被清除，链接随之失效。` : "";
    window.dialog.show({title: "保存进度，换个设备继续", body: [
      el("p", {}, "对话和已填写的答案已自动保存。在手机或另一台电脑上打开下面的链接，就能看到这次对话并接着填写。"),
      box,
      el("p", {class: "meta"}, `拿到链接的人都能查看和修改这次对话，请只发给自己或同事，不要公开。${kept}`)],
    actions: [{label: "复制链接", primary: true, run: async () => { await copyText(link); toast("已复制继续对话的链接"); }},
      {label: "关闭", value: true}]});
  });

  document.getElementById("hotline").addEventListener("click", () => {
    window.dialog.show({title: "转人工咨询", body: [
      el("p", {}, "本助手不能转接人工坐席。需要人工解答，请拨打上海市民服务热线：",
        el("a", {href: `tel:${HOTLINE}`, class: "tel-big"}, HOTLINE), "（手机上点号码即可拨打）。"),
      el("p", {class: "meta"}, "也可以联系上海市科学技术委员会。通话时说明所问的文件和第几条（助手回答中引用的条款即可），会更快得到答复。")],
    actions: [{label: "关闭", value: true}]});
  });

  // ------------------------------------------------------------------ start

  (async function boot() {
    const linked = LINK.exec(location.hash);
    if (linked) history.replaceState(null, "", location.pathname + location.search);
    const saved = linked ? linked[1] : localStorage.getItem(STORE_KEY);
    try {
      if (saved) await restoreSession(saved);
      else await startSession();
    } catch (err) {
      try {
        await startSession();
        if (linked && err.status === 404) setStatus("这个链接对应的对话已不存在（长时间未使用的对话会被清除），已为您开始新的对话。", true);
      } catch (err2) {
        setStatus(cannotOpen(err2), true);
      }
    }
    document.body.dataset.ready = "true";
  })();
})();
