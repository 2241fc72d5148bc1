// Small DOM helpers. Text always goes in as text nodes, never as HTML: whatever a user wrote
// (a subject, a message, a name) cannot become markup.

let uid = 0;
export const nextId = (prefix = "id") => `${prefix}-${++uid}`;

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "for") el.htmlFor = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (["checked", "disabled", "hidden", "required", "multiple", "selected", "value"].includes(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// A labelled form control: <div class="field"><label>…</label><control/><p class="field-error"/></div>.
// `name` is the API's name for the field, so an API error naming it lands next to it.
export function field(label, control, { hint, name } = {}) {
  control.id ||= nextId("f");
  if (name) {
    control.name ||= name;
    control.dataset.field = name;
  }
  const described = [];
  const hintEl = hint ? h("p", { class: "hint", id: nextId("hint") }, hint) : null;
  if (hintEl) described.push(hintEl.id);
  const error = h("p", { class: "field-error", id: nextId("err"), hidden: true });
  described.push(error.id);
  control.setAttribute("aria-describedby", described.join(" "));
  const isCheck = control.type === "checkbox" || control.type === "radio";
  const labelEl = h("label", { for: control.id }, label);
  return h("div", { class: isCheck ? "field check" : "field" }, isCheck ? [control, labelEl] : [labelEl, control], hintEl, error);
}

// One choice of several, each with what it means: a fieldset of radio buttons ([value, label,
// meaning] each). `value()` answers the chosen one (or undefined).
export function radioChoices(legend, options, checked) {
  const group = nextId("choice");
  const fieldset = h("fieldset", { class: "choices" }, h("legend", {}, legend), options.map(([value, label, meaning]) => {
    const radio = h("input", { type: "radio", name: group, value, id: `${group}-${value}`, checked: value === checked });
    const hint = h("p", { class: "hint", id: `${group}-${value}-hint` }, meaning);
    radio.setAttribute("aria-describedby", hint.id);
    return h("div", { class: "field check" }, radio, h("label", { for: radio.id }, label), hint);
  }));
  return { element: fieldset, value: () => fieldset.querySelector("input:checked")?.value };
}

export function select(options, { value, name, required } = {}) {
  const el = h("select", { name, required });
  for (const option of options) {
    const [optValue, optLabel] = Array.isArray(option) ? option : [option, option];
    el.append(h("option", { value: optValue, selected: optValue === value }, optLabel));
  }
  if (value !== undefined) el.value = value;
  return el;
}

// An error slot beside a form or a control: read out when it fills.
export function errorSlot() {
  return h("p", { class: "form-error", role: "alert", hidden: true });
}

export function showError(slot, error) {
  slot.textContent = error ? messageOf(error) : "";
  slot.hidden = !error;
}

export function messageOf(error) {
  if (!error) return "";
  return error.message || String(error);
}

// An API error whose message starts with a field's name ("subject must be …",
// "roles[0].name is required") is shown beside that field; any other beside the form.
// An error found before anything is sent, written for people ("Choose a file to upload."),
// that belongs beside one field (the API's name for it).
export function fieldProblem(name, message) {
  const error = new Error(message);
  error.field = name;
  return error;
}

export function showFormError(form, slot, error) {
  clearFormErrors(form);
  const message = messageOf(error);
  const named = error?.field ? [null, error.field] : message.match(/^([A-Za-z_][\w.[\]]*)\s/);
  const target = named && form.querySelector(`[data-field="${CSS.escape(named[1])}"]`);
  if (target) {
    const fieldError = document.getElementById(target.getAttribute("aria-describedby").split(" ").pop());
    fieldError.textContent = message;
    fieldError.hidden = false;
    target.setAttribute("aria-invalid", "true");
    showError(slot, new Error(`Please correct ${labelOf(target)}: ${message}`));
    target.focus();
    return;
  }
  showError(slot, error);
}

export function clearFormErrors(form) {
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".field-error")) {
    el.textContent = "";
    el.hidden = true;
  }
}

function labelOf(control) {
  const label = control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`);
  return label ? `“${label.textContent}”` : "the highlighted field";
}

// A button that is disabled while its action runs, so a double click sends once.
export async function busy(button, action) {
  if (button.disabled) return undefined;
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

const dayFormat = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
const yearFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

// "3:42 PM" today, "Mar 4" this year, "Mar 4, 2025" before; the full time as the tooltip.
export function when(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const now = new Date();
  let text;
  if (date.toDateString() === now.toDateString()) text = timeFormat.format(date);
  else if (date.getFullYear() === now.getFullYear()) text = dayFormat.format(date);
  else text = yearFormat.format(date);
  return h("time", { datetime: iso, title: fullFormat.format(date) }, text);
}

export function fullTime(iso) {
  return iso ? h("time", { datetime: iso }, fullFormat.format(new Date(iso))) : "";
}

const dueDay = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const dueClock = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit" });

// A deadline in the reader's own time: "Jan 10, 2027 at 5:00 PM your time".
export function dueText(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return `${dueDay.format(date)} at ${dueClock.format(date)} your time`;
}

export function due(iso) {
  const text = dueText(iso);
  return text ? h("time", { datetime: iso }, text) : "";
}

// Calendar days ("2027-02-01") are the same day everywhere: formatted in UTC, never shifted a day.
const calendarDay = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const asDay = (value) => (/^\d{4}-\d{2}-\d{2}$/.test(value || "") ? new Date(`${value}T00:00:00Z`) : null);

export function dayText(value) {
  const day = asDay(String(value || "").slice(0, 10));
  return day ? calendarDay.format(day) : "";
}

// "Feb 1–20, 2027", "Jan 30 – Feb 2, 2027"; one end alone: "from Feb 1, 2027" / "until Feb 20, 2027".
export function dayRange(start, end) {
  const from = asDay(start);
  const to = asDay(end);
  if (from && to) {
    if (to < from) return `${calendarDay.format(from)} – ${calendarDay.format(to)}`;
    // Within one month the dash is closed up ("Feb 1–20"); across months it stands between spaces.
    const sameMonth = from.getUTCFullYear() === to.getUTCFullYear() && from.getUTCMonth() === to.getUTCMonth();
    return calendarDay.formatRange(from, to).replace(/[\s\u2009\u202f]*–[\s\u2009\u202f]*/, sameMonth ? "–" : " – ");
  }
  if (from) return `from ${calendarDay.format(from)}`;
  if (to) return `until ${calendarDay.format(to)}`;
  return "";
}

export function bytes(size) {
  if (size < 1024) return `${size} bytes`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(0)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

// A paperclip, drawn (no icon font or emoji needed), hidden from screen readers: the text beside it says it.
export function paperclip() {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("class", "clip");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", "M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5");
  path.setAttribute("fill", "none");
  path.setAttribute("stroke", "currentColor");
  path.setAttribute("stroke-width", "2");
  path.setAttribute("stroke-linecap", "round");
  svg.append(path);
  return svg;
}

let announcedAt = 0;

// Announces a short confirmation to screen readers and shows it in the page's status bar.
export function announce(text) {
  const status = document.getElementById("status");
  announcedAt = Date.now();
  status.textContent = "";
  // A fresh text node each time, so the same words are read out again.
  requestAnimationFrame(() => { status.textContent = text; });
}

// A form in a modal dialog: its fields scroll, the error and the buttons (Send, Cancel) stay in
// view below them. Closing it removes it and gives focus back to `returnFocus` (set it to null
// when the page moves on instead).
export function formDialog({ title, className = "", body, error, send, returnFocus }) {
  const titleId = nextId("dialog-title");
  const cancel = h("button", { type: "button" }, "Cancel");
  const form = h("form", { class: "compose-form", method: "dialog", novalidate: true },
    h("div", { class: "compose-body stack" }, h("h2", { id: titleId }, title), ...body),
    h("div", { class: "compose-footer" }, error, h("div", { class: "buttons" }, send, cancel)));
  const dialog = h("dialog", { class: `compose ${className}`.trim(), "aria-labelledby": titleId }, form);
  document.body.append(dialog);
  const handle = { dialog, form, returnFocus };
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    handle.returnFocus?.focus();
  });
  return handle;
}

export function heading(text, level = 1) {
  return h(`h${level}`, { tabindex: "-1" }, text);
}

// On the next page a confirmation from before is stale, unless it was just said (a form that
// announces and then moves on to the page showing its result).
export function clearStaleAnnouncement() {
  if (Date.now() - announcedAt > 1500) document.getElementById("status").textContent = "";
}
