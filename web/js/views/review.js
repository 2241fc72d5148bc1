// Editors: the review queue. Notices waiting for review (with what the vetting rules found),
// or hidden by reports; approve (publish) or reject with a reason the poster reads.
import { get, post } from "../api.js";
import {
  announce, busy, fieldProblem, clear, errorSlot, field, h, heading, plural, showError, showFormError, when,
} from "../dom.js";
import { stateName } from "../places.js";
import { jobLabel } from "./notices.js";

const QUEUES = [["pending_review", "Waiting for review"], ["reported", "Hidden by reports"]];

export const page = {
  async render(main, route) {
    const status = route.query.get("status") === "reported" ? "reported" : "pending_review";
    const list = h("ul", { class: "queue" });
    const more = h("button", { type: "button", hidden: true }, "More notices");
    const error = errorSlot();
    let cursor = null;
    const load = async () => {
      try {
        const page = await get("/moderation/notices", { status, cursor: cursor || undefined });
        list.append(...page.items.map((item) => queueItem(item, status)));
        cursor = page.next_cursor;
        more.hidden = !cursor;
        if (!list.children.length) list.append(h("li", { class: "empty" }, "Nothing is waiting. Well done."));
      } catch (e) {
        showError(error, e);
      }
    };
    more.addEventListener("click", () => busy(more, load));
    await load();
    clear(main, heading("Review queue"),
      h("nav", { class: "folders", "aria-label": "Queues" }, h("ul", {}, QUEUES.map(([key, label]) =>
        h("li", {}, h("a", { href: `#/review?status=${key}`, "aria-current": key === status ? "page" : null }, label))))),
      error, list, more);
  },
};

function queueItem(item, status) {
  const n = item.notice;
  const reason = h("textarea", { rows: 3, maxlength: 2000 });
  const error = errorSlot();
  const approve = h("button", { type: "submit", class: "primary", value: "approve" }, status === "reported" ? "Approve: show it again" : "Approve and publish");
  const reject = h("button", { type: "submit", value: "reject" }, "Reject");
  const form = h("form", { class: "stack" }, field("Reason (the poster reads it)", reason, { name: "reason",
    hint: "Required to reject: say what would make it acceptable." }), error, h("div", { class: "buttons" }, approve, reject));
  const element = h("li", { class: "box queue-item", dataset: { productionId: item.production_id } },
    h("h2", {}, n.name),
    h("p", {}, [jobLabel(n.job_type), n.category, n.company, n.location ? [n.location.city, stateName(n.location.state), n.location.country].filter(Boolean).join(", ") : ""]
      .filter(Boolean).join(" · ")),
    h("p", { class: "hint" }, item.submitted_at ? ["Submitted ", when(item.submitted_at)] : null,
      item.open_reports ? ` · ${plural(item.open_reports, "open report")}` : null),
    h("details", {}, h("summary", {}, "The whole notice"),
      h("p", { class: "body" }, n.description || "(no description)"),
      h("p", {}, "Pay: ", n.pay ? `${n.pay.kind === "paid" ? "paid" : "not paid"}${n.pay.rate ? `, ${n.pay.rate} per ${n.pay.unit}` : ""}${n.pay.notes ? ` (${n.pay.notes})` : ""}` : "not given"),
      n.fee ? h("p", {}, `Fee: ${n.fee.amount} — ${n.fee.description}`) : null,
      h("p", {}, `Nudity disclosed: ${n.nudity ? "yes" : "no"}`),
      h("ul", {}, (n.roles || []).map((r) => h("li", {}, `${r.name}${r.description ? `: ${r.description}` : ""}`)))),
    item.findings?.length ? h("ul", { class: "findings" }, item.findings.map((f) => h("li", { class: `finding ${f.severity}` },
      h("strong", {}, f.severity === "block" ? "Blocks" : "Check"), ` (${f.rule.replace(/_/g, " ")}): ${f.message}`)))
      : h("p", {}, "The vetting rules found nothing to check."),
    form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const decision = event.submitter === reject ? "reject" : "approve";
    busy(event.submitter || approve, async () => {
      if (decision === "reject" && !reason.value.trim()) {
        showFormError(form, error, fieldProblem("reason", "Write the reason for rejecting: tell the poster what to change."));
        return;
      }
      try {
        const result = await post(`/moderation/notices/${encodeURIComponent(item.production_id)}/decision`,
          { decision, reason: reason.value.trim() });
        clear(element, h("p", { class: "success", role: "status" },
          `${n.name}: ${result.status === "approved" ? "approved and published" : "rejected"}. The poster has been told.`));
        announce(decision === "approve" ? "Approved." : "Rejected.");
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  return element;
}
