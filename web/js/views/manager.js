// The application manager: submissions per role, newest first or most complete profile first;
// open an applicant's profile, message them about this production and role, ask for a self-tape.
import { get, post } from "../api.js";
import {
  announce, busy, clear, errorSlot, field, h, heading, select, showError, showFormError, when,
} from "../dom.js";
import { navigate } from "../main.js";

export const page = {
  async render(main, route) {
    const [productionId] = route.params;
    const roleId = route.query.get("role_id") || "";
    const sort = route.query.get("sort") || "newest";
    const [production, first] = await Promise.all([
      get(`/productions/${encodeURIComponent(productionId)}`),
      get(`/productions/${encodeURIComponent(productionId)}/applications`, { role_id: roleId || undefined, sort }),
    ]);
    const base = `#/productions/${encodeURIComponent(productionId)}/applications`;
    const roleSelect = select([["", "All roles"], ...first.roles.map((r) => [r.role_id,
      `${r.name} (${r.submitted} submitted${r.unviewed ? `, ${r.unviewed} new` : ""})`])], { value: roleId });
    const sortSelect = select([["newest", "Newest first"], ["completeness", "Most complete profile first"]], { value: sort });
    const filters = h("form", { class: "filters", "aria-label": "Filter applications" },
      field("Role", roleSelect, { name: "role_id" }), field("Order", sortSelect, { name: "sort" }),
      h("div", { class: "field" }, h("button", { type: "submit" }, "Show")));
    filters.addEventListener("submit", (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      if (roleSelect.value) params.set("role_id", roleSelect.value);
      if (sortSelect.value !== "newest") params.set("sort", sortSelect.value);
      navigate(`${base}${params.toString() ? `?${params}` : ""}`);
    });

    const list = h("ul", { class: "applications" });
    const more = h("button", { type: "button", hidden: true }, "More applications");
    let cursor = first.next_cursor;
    const add = (items) => list.append(...items.map((a) => applicationItem(a, productionId)));
    add(first.items);
    more.hidden = !cursor;
    const moreError = errorSlot();
    more.addEventListener("click", () => busy(more, async () => {
      try {
        const next = await get(`/productions/${encodeURIComponent(productionId)}/applications`,
          { role_id: roleId || undefined, sort, cursor });
        add(next.items);
        cursor = next.next_cursor;
        more.hidden = !cursor;
      } catch (e) {
        showError(moreError, e);
      }
    }));

    clear(main,
      h("p", {}, h("a", { href: `#/productions/${encodeURIComponent(productionId)}` }, `← ${production.notice.name}`)),
      heading(`Applications: ${production.notice.name}`),
      filters,
      first.items.length ? list : h("p", { class: "empty" }, "No submissions yet."),
      more, moreError);
  },
};

function applicationItem(app, productionId) {
  const applicant = app.applicant || { user_id: app.talent_id, name: app.talent_name };
  const profileHref = `#/users/${encodeURIComponent(applicant.user_id)}?production=${encodeURIComponent(productionId)}`
    + `&role=${encodeURIComponent(app.role_id)}`;
  const error = errorSlot();
  const slot = h("div", { class: "action-slot" });
  const contact = h("button", { type: "button", class: "primary" }, "Contact");
  contact.addEventListener("click", () => toggle(slot, contact, () => contactForm(app, applicant, slot)));
  const audition = h("button", { type: "button" }, "Request a self-tape");
  audition.addEventListener("click", () => toggle(slot, audition, () => auditionForm(app, slot)));
  const location = applicant.location ? [applicant.location.city, applicant.location.state].filter(Boolean).join(", ") : "";
  return h("li", { class: "box application", dataset: { applicationId: app.application_id } },
    h("h2", {}, h("a", { href: profileHref }, applicant.name)),
    h("p", {}, `${app.role_name} · `, app.viewed ? "Viewed" : h("strong", {}, "New"), " · submitted ", when(app.submitted_at || app.updated_at),
      location ? ` · ${location}` : ""),
    app.note ? h("blockquote", { class: "body" }, app.note) : null,
    app.media?.length ? h("ul", { class: "files", "aria-label": "Media" }, app.media.map((m) => mediaLink(app, m))) : null,
    app.audition ? h("p", {}, `Self-tape: ${app.audition.status}`, app.audition.due_at ? [", due ", when(app.audition.due_at)] : null) : null,
    h("div", { class: "buttons" }, contact, audition, h("a", { href: profileHref, class: "button" }, "Profile")), slot, error);
}

function toggle(slot, button, build) {
  const open = button.getAttribute("aria-expanded") === "true";
  for (const other of button.parentElement.querySelectorAll("[aria-expanded]")) other.setAttribute("aria-expanded", "false");
  clear(slot);
  if (!open) {
    button.setAttribute("aria-expanded", "true");
    build();
  }
}

function mediaLink(app, media) {
  const button = h("button", { type: "button", class: "link-button" }, `${media.title || media.filename} (${media.kind})`);
  const error = h("span", { class: "form-error", hidden: true });
  button.addEventListener("click", () => busy(button, async () => {
    try {
      const link = await get(`/applications/${encodeURIComponent(app.application_id)}/media/${encodeURIComponent(media.media_id)}`);
      window.open(link.download_url, "_blank", "noopener");
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }));
  return h("li", {}, button, " ", error);
}

function contactForm(app, applicant, slot) {
  const subject = h("input", { type: "text", maxlength: 200, value: `${app.role_name} — ${app.production_name}` });
  const body = h("textarea", { rows: 5, maxlength: 20000, required: true });
  const error = errorSlot();
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const form = h("form", { class: "stack", novalidate: true }, h("p", { class: "hint" }, `To ${applicant.name}, about ${app.production_name} · ${app.role_name}.`),
    field("Subject", subject, { name: "subject" }), field("Message", body, { name: "body" }), error, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(send, async () => {
      try {
        const result = await post(`/applications/${encodeURIComponent(app.application_id)}/contact`,
          { subject: subject.value.trim() || undefined, body: body.value });
        clear(slot, h("p", { class: "success", role: "status" }, `Message sent to ${applicant.name}. `,
          h("a", { href: `#/threads/${encodeURIComponent(result.thread_id)}?folder=sent` }, "Open the conversation")));
        announce("Message sent.");
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  clear(slot, form);
  body.focus();
}

function auditionForm(app, slot) {
  const instructions = h("textarea", { rows: 4, maxlength: 4000, required: true });
  const due = h("input", { type: "datetime-local", required: true });
  const error = errorSlot();
  const send = h("button", { type: "submit", class: "primary" }, "Send request");
  const form = h("form", { class: "stack", novalidate: true },
    field("Instructions", instructions, { name: "instructions", hint: "Sides, framing, slate: what the tape should show." }),
    field("Due", due, { name: "due_at", hint: "At least an hour from now; shown to the talent in their time zone." }), error, send);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(send, async () => {
      if (!due.value) {
        showFormError(form, error, new Error("due_at is required: choose when the tape is due."));
        return;
      }
      try {
        await post(`/applications/${encodeURIComponent(app.application_id)}/audition-requests`,
          { instructions: instructions.value.trim(), due_at: new Date(due.value).toISOString() });
        clear(slot, h("p", { class: "success", role: "status" }, `Self-tape requested from ${app.talent_name}.`));
        announce("Self-tape requested.");
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  clear(slot, form);
  instructions.focus();
}

