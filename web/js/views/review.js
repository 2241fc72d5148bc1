// Editors: the review queue. Notices waiting for review (with what the vetting rules found and
// their history), or hidden by reports; held messages and open reports, most urgent first.
import { get, post } from "../api.js";
import {
  announce, busy, fieldProblem, clear, errorSlot, field, h, heading, plural, select, showError, showFormError, when,
} from "../dom.js";
import { stateName } from "../places.js";
import { CATEGORIES } from "../report.js";
import { jobLabel } from "./notices.js";

const QUEUES = [["pending_review", "Waiting for review"], ["reported", "Hidden by reports"], ["safety", "Messages and reports"]];

export const page = {
  async render(main, route) {
    if (route.query.get("status") === "safety") {
      await safetyPage(main);
      return;
    }
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
    clear(main, heading("Review queue"), queueTabs(status), error, list, more);
  },
};

function queueTabs(current) {
  return h("nav", { class: "folders", "aria-label": "Queues" }, h("ul", {}, QUEUES.map(([key, label]) =>
    h("li", {}, h("a", { href: `#/review?status=${key}`, "aria-current": key === current ? "page" : null }, label)))));
}

// Everything recorded about one target (reports, holds, vetting runs, decisions), oldest first,
// read when the editor opens it.
function historyDetails(kind, targetId) {
  const list = h("ol", { class: "history" });
  const error = errorSlot();
  const details = h("details", { class: "history-box" }, h("summary", {}, "History"), list, error);
  let loaded = false;
  details.addEventListener("toggle", async () => {
    if (!details.open || loaded) return;
    loaded = true;
    try {
      const page = await get("/moderation/history", { kind, target_id: targetId, limit: 100 });
      list.append(...page.items.map((event) => h("li", {}, when(event.at), " · ",
        h("strong", {}, eventWords(event)), event.actor_name ? ` by ${event.actor_name}` : "",
        event.reason ? [": ", h("q", {}, event.reason)] : null)));
      if (!page.items.length) list.append(h("li", { class: "empty" }, "Nothing recorded yet."));
    } catch (e) {
      loaded = false;
      showError(error, e);
    }
  });
  return details;
}

const EVENT_WORDS = { report: "Reported", held: "Held by the safety check", vetted: "Vetted", submitted: "Submitted",
  approve: "Approved", reject: "Rejected", release: "Released", remove: "Removed", dismiss: "Reports dismissed",
  warn: "Warned", suspend: "Suspended", suspended: "Suspended", reinstate: "Reinstated" };
const eventWords = (event) => EVENT_WORDS[event.event] || event.event.replace(/_/g, " ");

// -- held messages and open reports, most urgent first ----------------------------------------------
const CATEGORY_WORDS = Object.fromEntries(CATEGORIES.map(([value, label]) => [value, label]));
const DECISIONS = {
  message: [["release", "Release: deliver it"], ["remove", "Remove it"], ["dismiss", "Dismiss the reports"],
    ["warn", "Warn the sender"], ["suspend", "Suspend the sender"]],
  user: [["dismiss", "Dismiss the reports"], ["warn", "Warn them"], ["suspend", "Suspend the account"],
    ["reinstate", "Reinstate the suspended account"]],
};

async function safetyPage(main) {
  const list = h("ul", { class: "queue" });
  const more = h("button", { type: "button", hidden: true }, "More cases");
  const error = errorSlot();
  let cursor = null;
  const load = async () => {
    try {
      const page = await get("/moderation/queue", { cursor: cursor || undefined });
      list.append(...page.items.map(caseItem));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      if (!list.children.length) list.append(h("li", { class: "empty" }, "No held messages or open reports."));
    } catch (e) {
      showError(error, e);
    }
  };
  more.addEventListener("click", () => busy(more, load));
  await load();
  clear(main, heading("Review queue"), queueTabs("safety"),
    h("p", { class: "hint" }, "Held messages and open reports, most urgent first: money and safety, then how many people reported."),
    error, list, more);
}

function caseItem(item) {
  const context = item.context || {};
  const message = context.message;
  const title = item.kind === "message" ? `Message: ${message?.subject || item.target_id}`
    : item.kind === "user" ? `Person: ${context.user?.name || item.target_id}` : `Notice: ${context.notice?.name || item.target_id}`;
  const element = h("li", { class: "box queue-item case", dataset: { kind: item.kind, targetId: item.target_id } },
    h("h2", {}, title),
    h("p", {}, item.held ? h("span", { class: "tag held" }, "Held: not delivered") : null,
      (item.categories || []).map((c) => h("span", { class: "tag" }, CATEGORY_WORDS[c] || c)),
      ` ${plural(item.reporters || 0, "reporter")} · since `, when(item.created_at)),
    message ? h("blockquote", { class: "body" }, h("p", { class: "hint" }, `From ${message.sender?.name || "?"}, `, when(message.sent_at)),
      message.body) : null,
    message?.warning ? h("p", { class: "hint" }, "Shown to the recipient with the warning: ", message.warning.message) : null,
    item.reasons?.length ? h("ul", { class: "reasons", "aria-label": "Reasons given" }, item.reasons.map((r) => h("li", {}, h("q", {}, r)))) : null,
    item.kind === "notice" ? h("p", {}, h("a", { href: "#/review?status=reported" }, "Decide on the notice in “Hidden by reports”")) : decisionForm(item),
    historyDetails(item.kind, item.target_id));
  return element;
}

function decisionForm(item) {
  const decision = select(DECISIONS[item.kind], { value: item.held ? "release" : "dismiss" });
  const reason = h("textarea", { rows: 2, maxlength: 2000, required: true });
  const error = errorSlot();
  const save = h("button", { type: "submit", class: "primary" }, "Decide");
  const form = h("form", { class: "stack", novalidate: true }, field("Decision", decision, { name: "decision" }),
    field("Why (kept in the history)", reason, { name: "reason" }), error, save);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(save, async () => {
      if (!reason.value.trim()) {
        showFormError(form, error, fieldProblem("reason", "Write why: it is kept with the decision."));
        return;
      }
      const path = item.kind === "message" ? `/moderation/messages/${encodeURIComponent(item.target_id)}/decision`
        : `/moderation/users/${encodeURIComponent(item.target_id)}/decision`;
      try {
        await post(path, { decision: decision.value, reason: reason.value.trim() });
        const label = DECISIONS[item.kind].find(([v]) => v === decision.value)[1];
        clear(form, h("p", { class: "success", role: "status" }, `Decided: ${label}.`));
        announce(`Decided: ${label}.`);
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  return form;
}

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
    historyDetails("notice", item.production_id),
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
