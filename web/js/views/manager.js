// The application manager: submissions per role, newest first or most complete profile first;
// open an applicant's profile, message them about this production and role, ask for a self-tape.
import { get, post } from "../api.js";
import {
  announce, busy, due, fieldProblem, clear, errorSlot, field, h, heading, plural, select, showError, showFormError, when,
} from "../dom.js";
import { openContactDialog } from "../compose.js";
import { navigate } from "../router.js";

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

    // Select applicants (the check box on each card), then message them all at once.
    const messageSelected = h("button", { type: "button", class: "primary", disabled: true }, "Message selected");
    const selectAll = h("input", { type: "checkbox", id: "select-applicants" });
    const picked = () => [...list.querySelectorAll(".pick")].filter((box) => box.checked).length;
    const syncSelection = () => {
      const n = picked();
      const all = list.querySelectorAll(".pick").length;
      messageSelected.disabled = n === 0;
      messageSelected.textContent = n ? `Message ${plural(n, "selected applicant")}` : "Message selected";
      selectAll.checked = all > 0 && n === all;
      selectAll.indeterminate = n > 0 && n < all;
    };
    list.addEventListener("change", syncSelection);
    selectAll.addEventListener("change", () => {
      for (const box of list.querySelectorAll(".pick")) box.checked = selectAll.checked;
      syncSelection();
    });
    messageSelected.addEventListener("click", () => contactSelected(productionId, list, messageSelected));
    const toolbar = h("div", { class: "toolbar" }, h("div", { class: "field check" }, selectAll,
      h("label", { for: selectAll.id }, "Select all")), messageSelected);

    clear(main,
      h("p", {}, h("a", { href: `#/productions/${encodeURIComponent(productionId)}` }, `← ${production.notice.name}`)),
      heading(`Applications: ${production.notice.name}`),
      filters,
      first.items.length ? [toolbar, list] : h("p", { class: "empty" }, "No submissions yet."),
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
  contact.addEventListener("click", () => contactOne(app, applicant, card, contact));
  const pick = h("input", { type: "checkbox", class: "pick", "aria-label": `Select ${applicant.name}` });
  const audition = h("button", { type: "button" }, "Request a self-tape");
  audition.addEventListener("click", () => toggle(slot, audition, () => auditionForm(app, slot)));
  const location = applicant.location ? [applicant.location.city, applicant.location.state].filter(Boolean).join(", ") : "";
  const card = h("li", { class: "box application", dataset: { applicationId: app.application_id } },
    h("div", { class: "card-head" }, pick, h("h2", {}, h("a", { href: profileHref }, applicant.name))),
    h("p", {}, `${app.role_name} · `, app.viewed ? h("span", { class: "seen" }, "Viewed") : h("strong", { class: "fresh" }, "New"),
      " · submitted ", when(app.submitted_at || app.updated_at),
      location ? ` · ${location}` : ""),
    app.note ? h("blockquote", { class: "body" }, app.note) : null,
    app.media?.length ? h("ul", { class: "files", "aria-label": "Media" }, app.media.map((m) => mediaLink(app, m))) : null,
    app.audition ? h("p", {}, `Self-tape: ${app.audition.status}`, app.audition.due_at ? [", due ", due(app.audition.due_at)] : null) : null,
    h("div", { class: "buttons" }, contact, audition, h("a", { href: profileHref, class: "button" }, "Profile")),
    h("div", { class: "contact-result", role: "status" }), slot, error);
  card.contact = { app, applicant };
  return card;
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

// After a message went: the card no longer says "New", and links to the conversation.
function markContacted(card, result) {
  const fresh = card.querySelector(".fresh");
  if (fresh) fresh.replaceWith(h("span", { class: "seen" }, "Viewed"));
  const slot = card.querySelector(".contact-result");
  clear(slot, h("p", { class: "success" }, "Message sent. ",
    h("a", { href: `#/threads/${encodeURIComponent(result.thread_id)}?folder=sent` }, "Open the conversation")));
}

function contactOne(app, applicant, card, button) {
  return openContactDialog({
    recipient: applicant,
    returnFocus: button,
    fixed: { production_name: app.production_name, role_name: app.role_name, subject: `${app.role_name} — ${app.production_name}` },
    send: async (message) => {
      const result = await post(`/applications/${encodeURIComponent(app.application_id)}/contact`, message);
      markContacted(card, result);
      return `Message sent to ${applicant.name}.`;
    },
  });
}

// The same message, and the same sides, to every selected applicant: one conversation each.
function contactSelected(productionId, list, button) {
  const cards = [...list.querySelectorAll("li.application")].filter((card) => card.querySelector(".pick")?.checked);
  const chosen = cards.map((card) => card.contact);
  const roles = [...new Set(chosen.map((c) => c.app.role_name))];
  return openContactDialog({
    recipients: chosen.map((c) => c.applicant),
    returnFocus: button,
    fixed: { production_name: chosen[0].app.production_name, role_name: roles.length === 1 ? roles[0] : "each applicant's role",
      subject: roles.length === 1 ? `${roles[0]} — ${chosen[0].app.production_name}` : chosen[0].app.production_name },
    send: async (message) => {
      const result = await post(`/productions/${encodeURIComponent(productionId)}/contact`,
        { ...message, application_ids: chosen.map((c) => c.app.application_id) });
      for (const sent of result.sent) {
        const card = cards.find((c) => c.contact.app.application_id === sent.application_id);
        markContacted(card, sent);
        card.querySelector(".pick").checked = false;
      }
      list.dispatchEvent(new Event("change"));
      const refused = result.failed.map((f) => {
        const who = cards.find((c) => c.contact.app.application_id === f.application_id)?.contact.applicant.name;
        return `${who || "An applicant"}: ${f.message}`;
      });
      return `Message sent to ${plural(result.sent.length, "applicant")}.${refused.length ? ` Not sent to ${refused.join("; ")}` : ""}`;
    },
  });
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
        showFormError(form, error, fieldProblem("due_at", "Choose when the tape is due."));
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

