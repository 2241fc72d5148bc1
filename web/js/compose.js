// "Contact": a new message in a dialog — subject, body, optionally the production and role it is
// about, attachments with progress. From a profile, casting users pick one of their team's
// published productions; from the application manager the production and role are the
// application's (shown, not changeable) and the message may go to several applicants at once.
import { get, post } from "./api.js";
import { session } from "./auth.js";
import {
  announce, busy, errorSlot, field, fieldProblem, formDialog, h, select, showError, showFormError,
} from "./dom.js";
import { navigate } from "./router.js";
import { attachmentPicker } from "./uploads.js";

// Only published notices can be named on a message (a draft or a closed call would mislead).
async function myProductions() {
  if (session()?.role !== "casting") return [];
  try {
    const dashboard = await get("/dashboard/casting");
    return (dashboard.productions || []).filter((p) => p.status === "approved");
  } catch {
    return []; // the message can still be sent without naming a production
  }
}

// `fixed`: {production_name, role_name, subject?} for a message about one application's role;
// `send(message)` then sends it (the caller's endpoint) and answers the sentence to announce.
export async function openContactDialog({ recipient, recipients, productionId = "", roleId = "", returnFocus, fixed, send: sendVia }) {
  const people = recipients || [recipient];
  const productions = fixed ? [] : await myProductions();
  const subject = h("input", { type: "text", maxlength: 200, required: true, value: fixed?.subject || "" });
  const body = h("textarea", { rows: 7, maxlength: 20000, required: true });
  const picker = attachmentPicker();
  const error = errorSlot();
  const send = h("button", { type: "submit", class: "primary" }, "Send");

  const parts = [field("Subject", subject, { name: "subject" })];
  let production = null;
  let role = null;
  if (productions.length) {
    production = select([["", "Not about a production"], ...productions.map((p) => [p.production_id, p.name])],
      { value: productionId, name: "production_id" });
    role = select([["", "Any role"]], { name: "role_id" });
    const fillRoles = (chosen) => {
      const found = productions.find((p) => p.production_id === production.value);
      role.replaceChildren(...[["", "Any role"], ...(found?.roles || []).map((r) => [r.role_id, r.name])]
        .map(([value, label]) => h("option", { value }, label)));
      role.value = chosen && [...role.options].some((o) => o.value === chosen) ? chosen : "";
      role.disabled = !found;
    };
    production.addEventListener("change", () => fillRoles(""));
    fillRoles(roleId);
    parts.push(h("div", { class: "two" }, field("Production", production, { name: "production_id" }),
      field("Role", role, { name: "role_id" })));
  }
  if (fixed) {
    parts.push(h("p", { class: "about-fixed", id: "contact-about" }, "About: ",
      h("strong", {}, [fixed.production_name, fixed.role_name].filter(Boolean).join(" · "))));
  }
  parts.push(field("Message", body, { name: "body" }), picker.element);

  const shown = formDialog({
    title: people.length === 1 ? `New message to ${people[0].name}` : `New message to ${people.length} applicants`,
    body: [
      people.length > 1 ? h("p", { class: "recipients" }, "To: ", people.map((p) => p.name).join(", "),
        ". Each gets their own conversation.") : null,
      h("p", { class: "hint" }, "Callboard delivers it without showing your email address, and theirs stays private too."),
      ...parts],
    error, send, returnFocus,
  });
  const { dialog, form } = shown;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(send, async () => {
      showError(error, null);
      const blocker = picker.blocker();
      if (blocker) {
        showError(error, new Error(blocker));
        return;
      }
      if (!subject.value.trim()) {
        showFormError(form, error, fieldProblem("subject", "Write a subject."));
        return;
      }
      if (!body.value.trim()) {
        showFormError(form, error, fieldProblem("body", "Write your message."));
        return;
      }
      const message = {
        subject: subject.value.trim(),
        body: body.value,
        attachment_ids: picker.ids(),
      };
      try {
        if (sendVia) {
          const said = await sendVia(message);
          dialog.close();
          announce(said);
          return;
        }
        message.recipient_ids = [recipient.user_id];
        if (production?.value) message.production_id = production.value;
        if (role?.value) message.role_id = role.value;
        const thread = await post("/threads", message);
        shown.returnFocus = null; // the page moves on to the conversation
        dialog.close();
        announce(`Message sent to ${recipient.name}.`);
        navigate(`#/threads/${encodeURIComponent(thread.thread_id)}?folder=sent`);
      } catch (e) {
        showFormError(form, error, e); // everything typed stays in the dialog
      }
    });
  });
  dialog.showModal();
  (fixed?.subject ? body : subject).focus();
  return dialog;
}
