// Attachments: the limits explained before anything is sent, checked in the browser first,
// then a presigned POST straight to the file store with a progress bar, then a wait while
// the server checks the file's real size and type (it is sendable only once "ready").
// The limits are the server's own (chalicelib/domain/attachments.py), written into config.js.
import config from "../config.js";
import { ApiError, get, post, uploadToStorage } from "./api.js";
import { bytes, clear, h, nextId } from "./dom.js";

const LIMITS = config.limits;
export const MAX_FILES = LIMITS.maxAttachments;
export const MAX_BYTES = LIMITS.maxBytes;
export const SIZE_TEXT = `${LIMITS.maxMegabytes} MB`;
const EXTENSIONS = LIMITS.extensions;
const TYPES = new Set(LIMITS.types);
export const ACCEPT = Object.keys(EXTENSIONS).join(",");
const listOfNames = (names) => (names.length < 2 ? names.join("")
  : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`);
export const LIMITS_TEXT = `Up to ${MAX_FILES} files per message, each at most ${SIZE_TEXT}: `
  + `${listOfNames(LIMITS.typeNames)}. Each file is checked after it uploads; `
  + "the message can be sent once every file is ready.";
const KIND_WORDS = { photo: "Photos", video: "Video", audio: "Audio", document: "Documents" };
export const MEDIA_LIMITS_TEXT = [`At most ${SIZE_TEXT}.`, ...Object.entries(LIMITS.mediaKinds)
  .map(([kind, { typeNames }]) => `${KIND_WORDS[kind] || kind}: ${typeNames.join(", ")}.`)].join(" ");
const CHECK_TIMEOUT_MS = 60_000;

export function contentTypeOf(file) {
  if (TYPES.has(file.type)) return file.type;
  const dot = file.name.lastIndexOf(".");
  return dot >= 0 ? EXTENSIONS[file.name.slice(dot).toLowerCase()] || null : null;
}

// Why this file cannot be sent, in words, or null if it can.
export function problemWith(file) {
  if (!contentTypeOf(file)) return `${file.name} is not a type that can be attached (use PDF, Word, text, an image, audio or video).`;
  if (file.size === 0) return `${file.name} is empty.`;
  if (file.size > MAX_BYTES) return `${file.name} is ${bytes(file.size)}; each file can be at most ${SIZE_TEXT}.`;
  return null;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

// Requests the upload (ask), sends the bytes, waits for the server's verdict (check).
export async function uploadFile(file, { ask, check, onProgress = () => {}, onState = () => {} }) {
  const ticket = await ask({ filename: file.name, content_type: contentTypeOf(file), size: file.size });
  onState("uploading");
  await uploadToStorage(ticket.upload, file, onProgress);
  onState("checking");
  const started = Date.now();
  for (let wait = 250; Date.now() - started < CHECK_TIMEOUT_MS; wait = Math.min(wait * 1.5, 1500)) {
    const record = await check(ticket);
    if (record.status === "ready") return { ...ticket, ...record };
    if (record.status === "rejected") {
      throw new ApiError(422, "rejected", `${file.name} was refused: ${record.reason || "it is not the file it claims to be"}.`);
    }
    await sleep(wait);
  }
  throw new ApiError(0, "timeout", `${file.name} is still being checked. Remove it and try again in a moment.`);
}

export const attachmentUpload = (file, callbacks) => uploadFile(file, {
  ask: (meta) => post("/attachments", meta),
  check: (ticket) => get(`/attachments/${encodeURIComponent(ticket.attachment_id)}`),
  ...callbacks,
});

// The attachment picker of a message form: {element, ids(), pending(), reset()}.
export function attachmentPicker() {
  const hintId = nextId("limits");
  const input = h("input", { type: "file", multiple: true, accept: ACCEPT, id: nextId("files"), "aria-describedby": hintId });
  const problems = h("p", { class: "form-error", role: "alert", hidden: true });
  const list = h("ul", { class: "uploads" });
  const entries = []; // {file, state, id, row}

  function refreshProblems(messages) {
    problems.textContent = messages.join(" ");
    problems.hidden = messages.length === 0;
  }

  function remove(entry) {
    entries.splice(entries.indexOf(entry), 1);
    entry.row.remove();
    input.disabled = entries.length >= MAX_FILES;
    input.focus();
  }

  input.addEventListener("change", () => {
    const chosen = [...input.files];
    input.value = ""; // the same file can be chosen again after a removal
    const messages = [];
    for (const file of chosen) {
      if (entries.length >= MAX_FILES) {
        messages.push(`A message can carry at most ${MAX_FILES} files; ${file.name} was not added.`);
        continue;
      }
      const problem = problemWith(file);
      if (problem) {
        messages.push(problem);
        continue;
      }
      start(file);
    }
    refreshProblems(messages);
    input.disabled = entries.length >= MAX_FILES;
  });

  function start(file) {
    const progress = h("progress", { max: 100, value: 0, "aria-label": `Uploading ${file.name}` });
    const state = h("span", { class: "upload-state" }, "Waiting…");
    const entry = { file, state: "starting", id: null };
    const removeButton = h("button", { type: "button", class: "link-button", "aria-label": `Remove ${file.name}`,
      onclick: () => remove(entry) }, "Remove");
    entry.row = h("li", { class: "upload" }, h("span", { class: "upload-name" }, `${file.name} (${bytes(file.size)})`),
      progress, state, removeButton);
    entries.push(entry);
    list.append(entry.row);
    attachmentUpload(file, {
      onProgress: (fraction) => {
        progress.value = Math.round(fraction * 100);
        state.textContent = `Uploading ${progress.value}%`;
      },
      onState: (next) => {
        entry.state = next;
        if (next === "checking") state.textContent = "Checking the file…";
      },
    }).then((record) => {
      entry.state = "ready";
      entry.id = record.attachment_id;
      progress.value = 100;
      state.textContent = "Ready";
      entry.row.classList.add("ready");
    }).catch((error) => {
      entry.state = "failed";
      progress.hidden = true;
      state.textContent = error.message;
      state.classList.add("form-error");
      entry.row.classList.add("failed");
    });
  }

  const element = h("fieldset", { class: "attachments" },
    h("legend", {}, "Attachments"),
    h("p", { class: "hint", id: hintId }, LIMITS_TEXT),
    h("label", { for: input.id, class: "file-label" }, "Attach files"), input, problems, list);

  return {
    element,
    ids: () => entries.filter((e) => e.state === "ready").map((e) => e.id),
    // Why the form cannot be sent yet, or null.
    blocker() {
      if (entries.some((e) => e.state === "starting" || e.state === "uploading" || e.state === "checking")) {
        return "Wait until every attachment shows “Ready”.";
      }
      if (entries.some((e) => e.state === "failed")) return "Remove the attachments that failed (or choose them again).";
      return null;
    },
    reset() {
      entries.splice(0);
      clear(list);
      refreshProblems([]);
      input.disabled = false;
    },
  };
}
