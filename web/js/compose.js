// "Contact": a new message to one person, in a dialog — subject, body, optionally the
// production and role it is about, attachments. Casting users pick from their productions.
import { get, post } from "./api.js";
import { session } from "./auth.js";
import { announce, busy, errorSlot, field, h, select, showError, showFormError } from "./dom.js";
import { navigate } from "./main.js";
import { attachmentPicker } from "./uploads.js";

async function myProductions() {
  if (session()?.role !== "casting") return [];
  try {
    const dashboard = await get("/dashboard/casting");
    return dashboard.productions || [];
  } catch {
    return []; // the message can still be sent without naming a production
  }
}

export async function openContactDialog({ recipient, productionId = "", roleId = "", returnFocus }) {
  const productions = await myProductions();
  const subject = h("input", { type: "text", maxlength: 200, required: true });
  const body = h("textarea", { rows: 7, maxlength: 20000, required: true });
  const picker = attachmentPicker();
  const error = errorSlot();
  const send = h("button", { type: "submit", class: "primary" }, "Send");
  const cancel = h("button", { type: "button" }, "Cancel");

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
  parts.push(field("Message", body, { name: "body" }), picker.element);

  const titleId = `contact-title-${Date.now()}`;
  // The fields scroll; the error and the buttons stay in view below them.
  const form = h("form", { class: "compose-form", method: "dialog", novalidate: true },
    h("div", { class: "compose-body stack" },
      h("h2", { id: titleId }, `New message to ${recipient.name}`),
      h("p", { class: "hint" }, "Callboard delivers it without showing your email address, and theirs stays private too."),
      ...parts),
    h("div", { class: "compose-footer" }, error, h("div", { class: "buttons" }, send, cancel)));
  const dialog = h("dialog", { class: "compose", "aria-labelledby": titleId }, form);
  document.body.append(dialog);
  cancel.addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    dialog.remove();
    returnFocus?.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(send, async () => {
      showError(error, null);
      const blocker = picker.blocker();
      if (blocker) {
        showError(error, new Error(blocker));
        return;
      }
      const message = {
        recipient_ids: [recipient.user_id],
        subject: subject.value.trim(),
        body: body.value,
        attachment_ids: picker.ids(),
      };
      if (production?.value) message.production_id = production.value;
      if (role?.value) message.role_id = role.value;
      try {
        const thread = await post("/threads", message);
        returnFocus = null;
        dialog.close();
        announce(`Message sent to ${recipient.name}.`);
        navigate(`#/threads/${encodeURIComponent(thread.thread_id)}?folder=sent`);
      } catch (e) {
        showFormError(form, error, e); // everything typed stays in the dialog
      }
    });
  });
  dialog.showModal();
  subject.focus();
  return dialog;
}
