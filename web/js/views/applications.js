// Talent: my applications by status (All, Invites, Drafts, Active, Auditions, Archived), and
// what each one asks of me — accept an invitation, submit a draft, withdraw, answer a self-tape.
import { get, post } from "../api.js";
import {
  announce, busy, due, fieldProblem, clear, errorSlot, field, h, heading, select, showError, showFormError, when,
} from "../dom.js";
import { navigate } from "../router.js";

const TABS = [["all", "All"], ["invites", "Invites"], ["drafts", "Drafts"], ["active", "Active"],
  ["auditions", "Auditions"], ["archived", "Archived"]];
const STATUS = { invited: "Invited", draft: "Draft", submitted: "Submitted", withdrawn: "Withdrawn" };

export const page = {
  async render(main, route) {
    const tab = TABS.some(([t]) => t === route.query.get("status")) ? route.query.get("status") : "all";
    const first = await get("/me/applications", { status: tab });
    const counts = first.counts || {};
    const list = h("ul", { class: "applications" });
    const more = h("button", { type: "button", hidden: true }, "More applications");
    const error = errorSlot();
    let cursor = first.next_cursor;
    const add = (items) => list.append(...items.map(item));
    add(first.items);
    more.hidden = !cursor;
    more.addEventListener("click", () => busy(more, async () => {
      try {
        const next = await get("/me/applications", { status: tab, cursor });
        add(next.items);
        cursor = next.next_cursor;
        more.hidden = !cursor;
      } catch (e) {
        showError(error, e);
      }
    }));
    // The API counts each tab, "all" included (and "awaiting", which is no tab): shown as given.
    const total = (key) => counts[key] ?? 0;
    clear(main, heading("My applications"),
      h("nav", { class: "folders", "aria-label": "Application status" }, h("ul", {}, TABS.map(([key, label]) =>
        h("li", {}, h("a", { href: `#/applications?status=${key}`, "aria-current": key === tab ? "page" : null },
          label, first.counts ? h("span", { class: "badge quiet" }, String(total(key))) : null))))),
      first.items.length ? list : h("p", { class: "empty" }, "Nothing here yet. ", h("a", { href: "#/notices" }, "Find casting calls"), "."),
      more, error);
  },
};

const AUDITION_STATUS = {
  requested: "waiting for your tape",
  submitted: "tape sent",
  declined: "declined",
  missed: "the due date passed without an answer",
};

function item(app) {
  const slot = h("div", { class: "action-slot" });
  const error = errorSlot();
  const buttons = h("div", { class: "buttons" });
  const run = (label, action, done) => {
    const button = h("button", { type: "button" }, label);
    button.addEventListener("click", () => busy(button, async () => {
      showError(error, null);
      try {
        await action();
        announce(done);
        navigate(window.location.hash);
      } catch (e) {
        showError(error, e);
      }
    }));
    buttons.append(button);
  };
  const id = encodeURIComponent(app.application_id);
  if (app.status === "invited") run("Accept the invitation", () => post(`/applications/${id}/accept`), "Invitation accepted: it is now a draft.");
  if (app.status === "draft") run("Submit", () => post(`/applications/${id}/submit`), "Application submitted.");
  if (app.status === "submitted" && !app.viewed && !app.archived) {
    run("Withdraw", () => post(`/applications/${id}/withdraw`), "Application withdrawn.");
  }
  const open = app.audition && !app.archived && new Date(app.audition.due_at) > new Date();
  if (open && ["requested", "submitted", "declined"].includes(app.audition.status)) {
    // Until the due date the answer may change: a decline reversed, or a better take sent.
    const label = app.audition.status === "requested" ? "Send a self-tape" : "Change your answer";
    const answer = h("button", { type: "button", class: app.audition.status === "requested" ? "primary" : "" }, label);
    answer.addEventListener("click", () => selfTapeForm(app, slot));
    buttons.append(answer);
  }
  return h("li", { class: "box application" },
    h("h2", {}, h("a", { href: `#/notices/${encodeURIComponent(app.production_id)}` }, app.production_name), ` — ${app.role_name}`),
    h("p", {}, h("span", { class: "status" }, app.archived ? "Archived" : STATUS[app.status] || app.status),
      app.submitted_at ? [" · submitted ", when(app.submitted_at)] : [" · updated ", when(app.updated_at)],
      app.status === "submitted" ? (app.viewed ? " · viewed by casting" : " · not viewed yet") : ""),
    app.invitation_message ? h("blockquote", { class: "body" }, app.invitation_message) : null,
    app.audition ? h("div", { class: "audition" }, h("h3", {}, "Self-tape audition"),
      h("p", { class: "body" }, app.audition.instructions),
      h("p", {}, `Status: ${AUDITION_STATUS[app.audition.status] || app.audition.status}`,
        app.audition.due_at ? [" · due ", due(app.audition.due_at)] : null)) : null,
    buttons, slot, error);
}

async function selfTapeForm(app, slot) {
  const locker = await get("/me/media", { limit: 100 }).catch(() => ({ items: [] }));
  const videos = locker.items.filter((m) => m.kind === "video" && m.status === "ready");
  const choice = select([["", "Choose a video"], ...videos.map((v) => [v.media_id, v.title || v.filename])]);
  const reason = h("textarea", { rows: 2, maxlength: 500 });
  const error = errorSlot();
  const send = h("button", { type: "submit", class: "primary", value: "send" }, "Send the video");
  const decline = h("button", { type: "submit", value: "decline" }, "Decline");
  const form = h("form", { class: "stack" },
    videos.length ? field("Video from your media locker", choice, { name: "media_id" })
      : h("p", { class: "hint" }, "No videos in your locker yet: ", h("a", { href: "#/media" }, "upload your tape"), " first."),
    field("Or decline, with a reason", reason, { name: "reason" }), error, h("div", { class: "buttons" }, send, decline));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const declining = event.submitter === decline;
    busy(event.submitter || send, async () => {
      const body = declining ? { decline: true, reason: reason.value.trim() } : { media_id: choice.value };
      if (!declining && !choice.value) {
        showFormError(form, error, fieldProblem("media_id", "Choose the video to send."));
        return;
      }
      try {
        await post(`/applications/${encodeURIComponent(app.application_id)}/self-tape`, body);
        clear(slot, h("p", { class: "success", role: "status" }, declining ? "Declined." : "Self-tape sent."));
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  clear(slot, form);
}
