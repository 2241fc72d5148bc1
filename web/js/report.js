// "Report": a message, a person or a notice to the editors, with what kind of problem it is and
// what happened, in a dialog. A second report of the same thing by the same person counts once.
import { post } from "./api.js";
import {
  announce, busy, errorSlot, field, fieldProblem, formDialog, h, radioChoices, showError, showFormError,
} from "./dom.js";

export const CATEGORIES = [
  ["scam", "A scam", "A fake job or audition, a cheque to deposit and send back, asking for ID or bank details."],
  ["asks_for_money", "Asks for money", "A fee to be cast or to apply, a deposit, paid headshots or classes, gift cards."],
  ["off_platform", "Moving off Callboard", "Asks to talk on WhatsApp, Telegram, Signal, by text or private email."],
  ["harassment", "Harassment", "Abuse, threats, unwanted sexual remarks."],
  ["misleading_notice", "Misleading notice", "The job, the pay or the people are not what the notice says."],
  ["undisclosed_nudity", "Undisclosed nudity", "Nudity or sexual content the notice did not disclose."],
  ["other", "Something else", "Anything else the editors should look at."],
];

const WHAT = { message: "this message", user: "this person", notice: "this notice" };

export function openReportDialog({ kind, targetId, name, returnFocus }) {
  const choices = radioChoices("What is wrong?", CATEGORIES, kind === "notice" ? undefined : CATEGORIES[0][0]);
  const reason = h("textarea", { rows: 4, maxlength: 2000, required: true });
  const error = errorSlot();
  const send = h("button", { type: "submit", class: "primary" }, "Send report");
  const { dialog, form } = formDialog({
    title: `Report ${name ? `${WHAT[kind].replace("this ", "")} from ${name}` : WHAT[kind]}`,
    className: "report-dialog",
    body: [h("p", { class: "hint" }, "Only Callboard's editors see your report. The person reported is not told who sent it."),
      choices.element, field("What happened?", reason, { name: "reason", hint: "A sentence or two is enough." })],
    error, send, returnFocus,
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(send, async () => {
      const category = choices.value();
      if (!category) {
        showError(error, new Error("Choose what is wrong."));
        return;
      }
      if (!reason.value.trim()) {
        showFormError(form, error, fieldProblem("reason", "Say briefly what happened."));
        return;
      }
      try {
        await post("/reports", { kind, target_id: targetId, reason: reason.value.trim(), category });
        dialog.close();
        announce(`Thank you. The editors will look at ${WHAT[kind]}.`);
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  dialog.showModal();
  (form.querySelector("input[type=radio]:checked") || form.querySelector("input[type=radio]")).focus();
  return dialog;
}
