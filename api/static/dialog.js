/* One modal dialog for the chat page (<dialog> with showModal: focus is kept inside, Esc closes,
   the page behind is inert), used to ask before answers are discarded and to show the hotline and
   the link that continues a conversation elsewhere. window.confirm would do the asking, but it
   cannot say which button does what in the person's own words. */
"use strict";

window.dialog = (function () {
  const {el, clear} = window.dom;
  let box = null;

  /** Shows `title`, `body` (nodes) and `actions` [{label, value, primary, run}]; resolves with the
      value of the button that closed it, or null for Esc. A button without a value runs and stays open. */
  function show({title, body, actions}) {
    if (!box) {
      box = el("dialog", {class: "sheet", "aria-labelledby": "sheet-title"});
      document.body.appendChild(box);
    }
    if (box.open) box.close();
    clear(box);
    return new Promise((resolve) => {
      let result = null;
      box.append(
        el("h2", {id: "sheet-title"}, title),
        el("div", {class: "sheet-body"}, body),
        el("div", {class: "sheet-actions"}, actions.map((a) => el("button", {
          type: "button", class: a.primary ? "primary" : null,
          onclick: async () => {
            if (a.run) await a.run();
            if (a.value !== undefined) { result = a.value; box.close(); }
          }}, a.label))));
      box.addEventListener("close", () => resolve(result), {once: true});
      box.showModal();
    });
  }

  /** Resolves true only when the person chose `ok`; the safe choice has the focus first. */
  async function confirm({title, text, ok, cancel}) {
    return (await show({title, body: [el("p", {}, text)],
      actions: [{label: cancel, value: false}, {label: ok, value: true, primary: true}]})) === true;
  }

  return {show, confirm};
})();
