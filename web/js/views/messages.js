// The messages inbox, as the help-center pages draw it: folders (Inbox, Sent, Archive) at the
// top, the search box above the list of conversations (subject, who it is from, a blue dot while
// unread), check boxes with "Select all" and an Actions menu, and the open conversation with its
// reply history and a reply box on the right (below it on a phone).
import { get, post } from "../api.js";
import { session } from "../auth.js";
import {
  announce, busy, fieldProblem, bytes, clear, errorSlot, field, fullTime, h, heading, paperclip, plural, showError, showFormError, when,
} from "../dom.js";
import { navigate, refreshUnread } from "../router.js";
import { openReportDialog } from "../report.js";
import { attachmentPicker } from "../uploads.js";

const PAGE_SIZE = 20;
const FOLDERS = [["inbox", "Inbox"], ["sent", "Sent"], ["archive", "Archive"]];
const WITHIN = [["all", "All folders"], ...FOLDERS];
const TYPING_PAUSE_MS = 300;
// The list being shown: a search looks in `within`, a folder lists itself.
const listed = () => (state.q ? state.within : state.folder);
const listLabel = () => (WITHIN.find(([f]) => f === listed()) || FOLDERS[0])[1];
const ACTIONS = [
  ["mark_unread", "Mark as new", (n) => `${plural(n, "conversation")} marked as new`],
  ["mark_read", "Mark as read", (n) => `${plural(n, "conversation")} marked as read`],
  ["archive", "Archive", (n) => `${plural(n, "conversation")} archived`],
  ["unarchive", "Move to Inbox", (n) => `${plural(n, "conversation")} moved to the Inbox`],
  ["delete", "Delete", (n) => `${plural(n, "conversation")} deleted`],
];

const state = {
  folder: "inbox",
  q: "",
  within: "all", // where a search looks: every folder (each result says its folder), or one folder
  cursors: [null], // cursor of each page seen so far: Newer goes back, Older forward
  pageIndex: 0,
  items: [],
  nextCursor: null,
  selected: new Set(),
  everyInFolder: false, // "select all" widened to the whole folder (or search result)
  threadId: null,
  thread: null,
  els: null,
};

function routeState(route) {
  const folderMatch = route.path.match(/^\/(inbox|sent|archive)$/);
  const threadMatch = route.path.match(/^\/threads\/(.+)$/);
  return {
    folder: folderMatch ? folderMatch[1] : route.query.get("folder") || state.folder,
    q: folderMatch ? route.query.get("q") || "" : state.q,
    within: folderMatch ? WITHIN.find(([w]) => w === route.query.get("in"))?.[0] || "all" : state.within,
    threadId: threadMatch ? decodeURIComponent(threadMatch[1]) : null,
  };
}

export const page = {
  async render(main, route) {
    const next = routeState(route);
    Object.assign(state, next, { cursors: [null], pageIndex: 0, selected: new Set(), everyInFolder: false, thread: null });
    state.els = layout();
    clear(main, heading("Messages"), state.els.root);
    await Promise.all([loadList(), next.threadId ? openThread(next.threadId) : showNoThread()]);
  },

  async update(route) {
    const next = routeState(route);
    const listChanged = next.folder !== state.folder || next.q !== state.q || next.within !== state.within;
    state.folder = next.folder;
    state.q = next.q;
    state.within = next.within;
    if (listChanged) {
      Object.assign(state, { cursors: [null], pageIndex: 0, selected: new Set(), everyInFolder: false });
      renderFolders();
      state.els.search.value = state.q;
      state.els.within.value = state.within;
    }
    const work = [];
    if (listChanged) work.push(loadList());
    if (next.threadId !== state.threadId || !next.threadId) {
      work.push(next.threadId ? openThread(next.threadId) : showNoThread());
    }
    await Promise.all(work);
    return true;
  },
};

// -- layout ---------------------------------------------------------------------------------------
function layout() {
  const folders = h("nav", { class: "folders", "aria-label": "Folders" });
  const search = h("input", { type: "search", id: "message-search", maxlength: 200, placeholder: "Name, production, role, subject or words",
    autocomplete: "off" });
  const searchError = errorSlot();
  const within = h("select", { id: "search-within", "aria-label": "Search in" },
    WITHIN.map(([value, label]) => h("option", { value }, label)));
  within.value = state.within;
  const searchForm = h("form", { role: "search", class: "search", novalidate: true },
    h("label", { for: search.id }, "Search messages"),
    h("div", { class: "inline" }, search, within, h("button", { type: "submit" }, "Search")), searchError);
  const searchHash = () => {
    const q = search.value.trim();
    const params = new URLSearchParams();
    if (q) params.set("q", q);
    if (q && within.value !== "all") params.set("in", within.value);
    return `#/${state.folder}${params.toString() ? `?${params}` : ""}`;
  };
  searchForm.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    navigate(searchHash());
  });
  // As you type: the last word counts as the start of a word ("marm" finds "marmalade").
  let typing = null;
  const searchNow = () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      const q = search.value.trim();
      if (q === state.q && within.value === state.within) return;
      if (q && q.length < 2) return;
      history.replaceState(null, "", searchHash());
      Object.assign(state, { q, within: within.value, cursors: [null], pageIndex: 0, selected: new Set(), everyInFolder: false });
      renderArchiveNote();
      loadList();
    }, TYPING_PAUSE_MS);
  };
  search.addEventListener("input", searchNow);
  within.addEventListener("change", searchNow);

  const selectAll = h("input", { type: "checkbox", id: "select-all" });
  selectAll.addEventListener("change", () => {
    state.everyInFolder = false;
    state.selected = selectAll.checked ? new Set(state.items.map((t) => t.thread_id)) : new Set();
    renderRows();
  });
  const actionsButton = h("button", { type: "button", "aria-expanded": "false", "aria-controls": "thread-actions" }, "Actions");
  const actionsList = h("div", { class: "menu-items", id: "thread-actions", hidden: true });
  for (const [action, label, done] of ACTIONS) {
    const item = h("button", { type: "button", dataset: { action } }, label);
    item.addEventListener("click", () => busy(item, () => act(action, label, done)));
    actionsList.append(item);
  }
  const setMenu = (open) => {
    actionsList.hidden = !open;
    actionsButton.setAttribute("aria-expanded", String(open));
  };
  actionsButton.addEventListener("click", () => {
    const opening = actionsList.hidden;
    setMenu(opening);
    if (opening) actionsList.querySelector("button:not([hidden])")?.focus();
  });
  actionsList.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      setMenu(false);
      actionsButton.focus();
    }
  });
  const actionsMenu = h("div", { class: "menu" }, actionsButton, actionsList);
  actionsMenu.addEventListener("focusout", (event) => {
    if (!actionsMenu.contains(event.relatedTarget)) setMenu(false);
  });
  const actionError = errorSlot();
  const toolbar = h("div", { class: "toolbar" }, h("div", { class: "field check" }, selectAll, h("label", { for: selectAll.id }, "Select all")),
    actionsMenu);
  const everyOffer = h("p", { class: "select-every", hidden: true });
  const archiveNote = h("p", { class: "archive-note", id: "archive-note", hidden: true });

  const listError = errorSlot();
  const list = h("ul", { class: "threads", "aria-label": "Conversations" });
  const newer = h("button", { type: "button" }, "Newer");
  const older = h("button", { type: "button" }, "Older");
  const pageLabel = h("span", { class: "page-label" });
  newer.addEventListener("click", () => busy(newer, () => { state.pageIndex -= 1; return loadList(); }));
  older.addEventListener("click", () => busy(older, () => {
    state.cursors[state.pageIndex + 1] = state.nextCursor;
    state.pageIndex += 1;
    return loadList();
  }));
  const pager = h("nav", { class: "pager", "aria-label": "Pages of conversations" }, newer, pageLabel, older);

  const conversation = h("section", { class: "conversation", "aria-label": "Conversation", id: "conversation" });
  const listPane = h("section", { class: "mail-list", "aria-label": "Conversation list" },
    searchForm, archiveNote, toolbar, actionError, everyOffer, listError, list, pager);
  const root = h("div", { class: "mail" }, folders, h("div", { class: "mail-panes" }, listPane, conversation));
  const els = { root, folders, search, within, archiveNote, searchError, selectAll, actionsList, actionError, everyOffer, listError, list,
    newer, older, pageLabel, conversation, setMenu };
  search.value = state.q;
  state.els = els;
  renderFolders();
  return els;
}

function renderFolders() {
  const { folders } = state.els;
  clear(folders, h("ul", {}, FOLDERS.map(([folder, label]) => h("li", {},
    h("a", { href: `#/${folder}`, "aria-current": folder === state.folder ? "page" : null }, label,
      folder === "archive" ? archiveBadge() : null)))));
  renderArchiveNote();
  // "Move to Inbox" only means something outside the Inbox; "Archive" only outside the Archive.
  for (const button of state.els.actionsList.querySelectorAll("button")) {
    const { action } = button.dataset;
    button.hidden = (action === "unarchive" && state.folder === "inbox") || (action === "archive" && state.folder === "archive");
  }
}

// Unread threads in the Archive are counted in the header's badge: the Archive folder says how
// many of them are there, so they can be found (refreshUnread in main.js sends the count).
let unreadInArchive = 0;

function archiveBadge() {
  return h("span", { class: "badge", id: "archive-unread", hidden: !unreadInArchive },
    String(unreadInArchive), h("span", { class: "visually-hidden" }, " unread"));
}

// In the Inbox, a line says so too (an unread thread there would otherwise be counted but not seen).
function renderArchiveNote() {
  const note = state.els?.archiveNote;
  if (!note) return;
  note.hidden = !(unreadInArchive && state.folder === "inbox" && !state.q);
  clear(note, `${plural(unreadInArchive, "unread conversation")} ${unreadInArchive === 1 ? "is" : "are"} in your Archive. `,
    h("a", { href: "#/archive" }, "Open the Archive"));
}

window.addEventListener("callboard:unread", (event) => {
  unreadInArchive = event.detail.inArchive;
  document.getElementById("archive-unread")?.replaceWith(archiveBadge());
  renderArchiveNote();
});

// -- the list -------------------------------------------------------------------------------------
async function loadList() {
  const { listError, searchError, list } = state.els;
  showError(listError, null);
  showError(searchError, null);
  list.setAttribute("aria-busy", "true");
  try {
    const page = await get("/threads", { folder: listed(), q: state.q || undefined, limit: PAGE_SIZE,
      cursor: state.cursors[state.pageIndex] || undefined });
    state.items = page.items;
    state.nextCursor = page.next_cursor;
    state.selected = new Set([...state.selected].filter((id) => page.items.some((t) => t.thread_id === id)));
    state.everyInFolder = false;
    renderRows();
  } catch (error) {
    // A search the server cannot answer (e.g. a word too common) is explained under the search box.
    showError(state.q ? searchError : listError, error);
    if (!state.q) {
      state.items = [];
      renderRows();
    }
  } finally {
    list.removeAttribute("aria-busy");
  }
}

function others(thread) {
  const me = session()?.user_id;
  const names = thread.participants.filter((p) => p.user_id !== me).map((p) => p.name);
  return names.length ? names.join(", ") : "Only you";
}

function renderRows() {
  const { list, selectAll, newer, older, pageLabel } = state.els;
  const folderLabel = listLabel();
  if (!state.items.length) {
    clear(list, h("li", { class: "empty" }, state.q ? `No conversations in ${folderLabel.toLowerCase() === "all folders"
      ? "any folder" : folderLabel} match “${state.q}”.` : `No conversations in ${folderLabel}.`));
  } else {
    clear(list, state.items.map(row));
  }
  selectAll.checked = state.items.length > 0 && state.items.every((t) => state.selected.has(t.thread_id));
  selectAll.indeterminate = !selectAll.checked && state.selected.size > 0;
  selectAll.disabled = state.items.length === 0;
  newer.hidden = state.pageIndex === 0;
  older.hidden = !state.nextCursor;
  pageLabel.textContent = state.pageIndex > 0 || state.nextCursor ? `Page ${state.pageIndex + 1}` : "";
  renderEveryOffer();
}

function row(thread) {
  const selected = state.selected.has(thread.thread_id) || state.everyInFolder;
  const from = others(thread);
  const box = h("input", { type: "checkbox", checked: selected, "aria-label": `Select “${thread.subject}” (${from})` });
  box.addEventListener("change", () => {
    state.everyInFolder = false;
    if (box.checked) state.selected.add(thread.thread_id);
    else state.selected.delete(thread.thread_id);
    renderRows();
    state.els.list.querySelector(`[data-thread-id="${CSS.escape(thread.thread_id)}"] input`)?.focus();
  });
  const about = [thread.production?.name, thread.role?.name].filter(Boolean).join(" · ");
  const link = h("a", { href: `#/threads/${encodeURIComponent(thread.thread_id)}`, class: "thread-link",
    "aria-current": thread.thread_id === state.threadId ? "true" : null },
  h("span", { class: "dot", "aria-hidden": "true" }),
  thread.unread ? h("span", { class: "visually-hidden" }, "Unread: ") : null,
  h("span", { class: "subject" }, thread.subject),
  h("span", { class: "from" }, state.folder === "sent" ? `To ${from}` : from),
  about ? h("span", { class: "about" }, about) : null,
  h("span", { class: "snippet" }, thread.snippet),
  // A search of every folder says where each result is.
  thread.folder && listed() === "all" ? h("span", { class: "folder-tag" }, `In ${FOLDERS.find(([f]) => f === thread.folder)?.[1]
    || thread.folder}`) : null,
  h("span", { class: "meta" }, when(thread.last_activity_at),
    thread.has_attachments ? h("span", { title: "Has attachments" }, paperclip(),
      h("span", { class: "visually-hidden" }, "has attachments")) : null));
  return h("li", { class: `thread-row${thread.unread ? " unread" : ""}${selected ? " selected" : ""}`,
    dataset: { threadId: thread.thread_id, unread: String(thread.unread) } }, box, link);
}

function renderEveryOffer() {
  const { everyOffer } = state.els;
  const folderLabel = listLabel();
  const scope = state.q ? `matching “${state.q}” in ${folderLabel}` : `in ${folderLabel}`;
  const allOnPage = state.items.length > 0 && state.items.every((t) => state.selected.has(t.thread_id));
  if (state.everyInFolder) {
    clear(everyOffer, `Every conversation ${scope} is selected. `,
      h("button", { type: "button", class: "link-button", onclick: () => { state.everyInFolder = false; renderRows(); } },
        "Select only this page"));
    everyOffer.hidden = false;
  } else if (allOnPage && state.nextCursor) {
    clear(everyOffer, `The ${state.items.length} conversations on this page are selected. `,
      h("button", { type: "button", class: "link-button", onclick: () => { state.everyInFolder = true; renderRows(); } },
        `Select every conversation ${scope}`));
    everyOffer.hidden = false;
  } else {
    everyOffer.hidden = true;
  }
}

async function act(action, label, done) {
  const { actionError, setMenu } = state.els;
  showError(actionError, null);
  if (!state.everyInFolder && state.selected.size === 0) {
    showError(actionError, new Error(`Select one or more conversations first (the check boxes), then choose “${label}”.`));
    return;
  }
  if (action === "delete" && !window.confirm("Delete the selected conversations from your mailbox? The other people keep theirs.")) {
    return;
  }
  const body = state.everyInFolder
    ? { action, all: true, folder: listed(), ...(state.q ? { q: state.q } : {}) }
    : { action, thread_ids: [...state.selected] };
  try {
    const result = await post("/threads/actions", body);
    setMenu(false);
    state.selected = new Set();
    state.everyInFolder = false;
    await loadList();
    announce(result.status === "in_progress"
      ? `${done(result.updated)} so far; the rest continue in the background.`
      : `${done(result.updated)}.`);
    if (state.thread && ["archive", "unarchive", "delete"].includes(action)) {
      if (!state.items.some((t) => t.thread_id === state.threadId)) navigate(`#/${state.folder}`);
    }
    refreshUnread();
  } catch (error) {
    showError(actionError, error);
  }
}

// -- the open conversation ------------------------------------------------------------------------
function showNoThread() {
  state.threadId = null;
  state.thread = null;
  state.els.root.classList.remove("has-thread");
  clear(state.els.conversation, h("p", { class: "empty" }, "Choose a conversation to read it here."));
  for (const link of state.els.list.querySelectorAll("[aria-current]")) link.removeAttribute("aria-current");
}

async function openThread(threadId) {
  state.threadId = threadId;
  const { conversation, root } = state.els;
  root.classList.add("has-thread");
  for (const link of state.els.list.querySelectorAll(".thread-link")) {
    const id = link.closest("li").dataset.threadId;
    if (id === threadId) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
  conversation.setAttribute("aria-busy", "true");
  try {
    const thread = await get(`/threads/${encodeURIComponent(threadId)}`);
    if (state.threadId !== threadId) return; // another was opened meanwhile
    state.thread = thread;
    renderThread(thread);
    // Opening it marked it read: the dot goes.
    const item = state.items.find((t) => t.thread_id === threadId);
    if (item && item.unread) {
      item.unread = false;
      renderRows();
    }
    refreshUnread();
  } catch (error) {
    clear(conversation, h("p", { class: "form-error", role: "alert" }, error.message),
      h("p", {}, h("a", { href: `#/${state.folder}` }, "Back to the conversations")));
  } finally {
    conversation.removeAttribute("aria-busy");
  }
}

function renderThread(thread) {
  const { conversation } = state.els;
  const me = session()?.user_id;
  const about = [thread.production?.name, thread.role?.name].filter(Boolean).join(" · ");
  const title = h("h2", { tabindex: "-1", id: "thread-subject" }, thread.subject);
  const people = thread.participants.filter((p) => p.user_id !== me);
  const messages = h("ol", { class: "messages", "aria-label": "Messages, oldest first" }, thread.messages.map(messageItem));
  const header = h("header", { class: "thread-header" },
    h("a", { href: `#/${state.folder}`, class: "back" }, "← Back to the conversations"),
    title,
    about ? h("p", { class: "about" }, `About: ${about}`) : null,
    h("p", { class: "people" }, "With ", people.length ? people.map((p, i) => [i ? ", " : "",
      h("a", { href: `#/users/${encodeURIComponent(p.user_id)}` }, p.name)]) : "only you"));
  const parts = [header];
  if (thread.older_messages_cursor) parts.push(olderButton(thread, messages));
  parts.push(messages, replyForm(thread, messages));
  clear(conversation, ...parts);
  if (!conversation.contains(document.activeElement) || document.activeElement === document.body) title.focus();
}

function olderButton(thread, messages) {
  let cursor = thread.older_messages_cursor;
  const button = h("button", { type: "button", class: "older" }, "Show earlier messages");
  const error = errorSlot();
  button.addEventListener("click", () => busy(button, async () => {
    try {
      const page = await get(`/threads/${encodeURIComponent(thread.thread_id)}`, { cursor });
      messages.prepend(...page.messages.map(messageItem));
      cursor = page.older_messages_cursor;
      if (!cursor) button.remove();
    } catch (e) {
      showError(error, e);
    }
  }));
  return h("div", {}, button, error);
}

function messageItem(message) {
  const me = session()?.user_id;
  const mine = message.sender.user_id === me;
  let report = null;
  if (!mine) {
    report = h("button", { type: "button", class: "link-button report", "aria-label": `Report this message from ${message.sender.name}` },
      "Report");
    report.addEventListener("click", () => openReportDialog({ kind: "message", targetId: message.message_id,
      name: message.sender.name, returnFocus: report }));
  }
  // The safety check's warning is said on the message itself, in words, never hidden in a tooltip.
  const warning = message.warning && !mine ? h("div", { class: "safety-warning", role: "note" },
    h("strong", {}, "Be careful: "), message.warning.message,
    h("p", { class: "hint" }, "Never pay to be cast, never send money or ID details, and keep talking on Callboard. ",
      "If this looks wrong, report it.")) : null;
  return h("li", { class: `message${mine ? " mine" : ""}${warning ? " warned" : ""}` }, h("article", { "aria-label": `From ${message.sender.name}` },
    h("header", {},
      h("strong", {}, mine ? "You" : h("a", { href: `#/users/${encodeURIComponent(message.sender.user_id)}` }, message.sender.name)),
      " ", fullTime(message.sent_at),
      message.via === "email" ? h("span", { class: "via" }, " · replied by email") : null, report ? [" · ", report] : null),
    warning,
    h("div", { class: "body" }, message.body),
    message.attachments?.length ? h("ul", { class: "files", "aria-label": "Attachments" },
      message.attachments.map(downloadItem)) : null));
}

function downloadItem(attachment) {
  const error = h("span", { class: "form-error", role: "alert", hidden: true });
  const button = h("button", { type: "button", class: "link-button download",
    "aria-label": `Download ${attachment.filename}, ${bytes(attachment.size)}` },
  `⬇ ${attachment.filename}`, h("span", { class: "size" }, ` (${bytes(attachment.size)})`));
  button.addEventListener("click", () => busy(button, async () => {
    error.hidden = true;
    try {
      // A fresh short-lived link each time: a page left open never holds a dead one.
      const detail = await get(`/attachments/${encodeURIComponent(attachment.attachment_id)}`);
      if (!detail.download_url) throw new Error(`${attachment.filename} is not ready to download (${detail.status}).`);
      const link = h("a", { href: detail.download_url, download: attachment.filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }));
  return h("li", {}, button, " ", error);
}

function replyForm(thread, messages) {
  const text = h("textarea", { rows: 4, maxlength: 20000, required: true });
  const picker = attachmentPicker();
  const error = errorSlot();
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const form = h("form", { class: "reply stack", "aria-label": "Reply to this conversation", novalidate: true },
    field("Reply", text, { name: "body" }), picker.element, error, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(send, async () => {
      showError(error, null);
      const blocker = picker.blocker();
      if (blocker) {
        showError(error, new Error(blocker));
        return;
      }
      if (!text.value.trim()) {
        showFormError(form, error, fieldProblem("body", "Write your reply first."));
        return;
      }
      try {
        const message = await post(`/threads/${encodeURIComponent(thread.thread_id)}/messages`,
          { body: text.value, attachment_ids: picker.ids() });
        messages.append(messageItem(message));
        text.value = "";
        picker.reset();
        announce("Reply sent.");
        await loadList();
      } catch (e) {
        showFormError(form, error, e); // the text stays in the box
      }
    });
  });
  return form;
}
