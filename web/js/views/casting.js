// Casting: post a notice (a production with its roles), submit it to vetting and read the
// findings, fix and resubmit; add collaborators; close it.
import { get, patch, post } from "../api.js";
import {
  announce, busy, clear, errorSlot, field, h, heading, nextId, plural, select, showError, showFormError,
} from "../dom.js";
import { navigate } from "../router.js";
import { STATES, countryOf } from "../places.js";
import { statusWords } from "./dashboard.js";
import { JOB_TYPES, jobLabel, payWords } from "./notices.js";

const EDITABLE = ["draft", "returned", "pending_review"];
const CATEGORIES = [["casting", "Casting"], ["workshop", "Workshop"], ["class", "Class"], ["competition", "Competition"],
  ["event", "Event"]];
const SEVERITY = { block: "Must be fixed", review: "An editor will check" };

export const editorPage = {
  async render(main, route) {
    const [productionId] = route.params;
    if (!productionId) {
      clear(main, heading("Post a notice"),
        h("p", { class: "hint" }, "Every notice is checked by the vetting rules when you submit it, then by an editor before it is published. "
          + "Be specific: what the job is, when and where, and what it pays."),
        noticeForm(null, null));
      return;
    }
    const production = await get(`/productions/${encodeURIComponent(productionId)}`);
    const editable = EDITABLE.includes(production.status);
    clear(main,
      h("p", {}, h("a", { href: "#/dashboard" }, "← Dashboard")),
      heading(production.notice.name),
      statusPanel(production, route.query.get("submitted") === "1"),
      collaboratorsPanel(production),
      editable ? h("section", { "aria-labelledby": "edit-heading" }, h("h2", { id: "edit-heading" }, "The notice"),
        production.status === "pending_review"
          ? h("p", { class: "hint" }, "Saving a change takes it out of the editors' queue until you submit it again.") : null,
        noticeForm(production.production_id, production.notice, production.findings))
        : h("p", { class: "hint" }, `A notice that is ${statusWords(production.status).toLowerCase()} can no longer be edited.`));
  },
};

function statusPanel(production, justSubmitted) {
  const { findings = [] } = production;
  const error = errorSlot();
  const actions = h("div", { class: "buttons" });
  // What was last vetted still has findings that must be fixed: resubmitting it unchanged cannot pass.
  const mustFix = findings.filter((f) => f.severity === "block").length;
  if (["draft", "returned"].includes(production.status)) {
    const submit = h("button", { type: "button", class: "primary", disabled: mustFix > 0,
      "aria-describedby": mustFix ? "must-fix-hint" : null }, "Submit for review");
    if (mustFix) {
      actions.append(h("p", { class: "hint", id: "must-fix-hint" }, `${plural(mustFix, "finding")} must be fixed first: `
        + "change the notice below, then “Save and submit for review”."));
    }
    submit.addEventListener("click", () => busy(submit, async () => {
      try {
        await post(`/productions/${encodeURIComponent(production.production_id)}/submit`);
        navigate(`#/productions/${encodeURIComponent(production.production_id)}?submitted=1`);
      } catch (e) {
        showError(error, e);
      }
    }));
    actions.append(submit);
  }
  if (production.status === "approved") {
    actions.append(h("a", { href: `#/notices/${encodeURIComponent(production.production_id)}`, class: "button" }, "See it as published"));
    const close = h("button", { type: "button" }, "Close: stop taking applications");
    close.addEventListener("click", () => busy(close, async () => {
      if (!window.confirm("Close this notice? It leaves the listings and its applications move to Archived.")) return;
      try {
        await post(`/productions/${encodeURIComponent(production.production_id)}/close`);
        navigate(`#/productions/${encodeURIComponent(production.production_id)}`);
      } catch (e) {
        showError(error, e);
      }
    }));
    actions.append(close);
  }
  actions.append(h("a", { href: `#/productions/${encodeURIComponent(production.production_id)}/applications`, class: "button" },
    "Application manager"));
  const heading2 = h("h2", { id: "vetting-heading" }, "Vetting");
  return h("section", { class: "box vetting", "aria-labelledby": "vetting-heading", role: justSubmitted ? "status" : null },
    heading2,
    h("p", {}, "Status: ", h("strong", { class: `status status-${production.status}`, id: "notice-status" }, statusWords(production.status)),
      h("span", { class: `tag ${production.paid_tag ? "paid" : ""}` }, payWords(production)),
      production.student_badge ? h("span", { class: "tag" }, "Student film") : null),
    production.status === "pending_review" ? h("p", {}, "The vetting rules found nothing that must change. An editor will look at it next.") : null,
    production.status === "returned" ? h("p", {}, "Returned: fix what is marked “Must be fixed” below, save, and submit again.") : null,
    production.decided_reason ? h("p", {}, "Editor's note: ", production.decided_reason) : null,
    findings.length ? h("ul", { class: "findings", id: "findings" }, findings.map((f) => h("li", { class: `finding ${f.severity}` },
      h("strong", {}, SEVERITY[f.severity] || f.severity), ` (${f.rule.replace(/_/g, " ")}): `, f.message,
      f.quote ? [" Found: ", h("q", { class: "quote" }, f.quote), "."] : null,
      f.field ? [" ", h("a", { href: "#edit-heading", class: "to-field", onclick: (event) => goToField(event, f.field) },
        "Show it in the notice")] : null)))
      : h("p", {}, production.status === "draft" ? "Not submitted yet." : "No findings."),
    actions, error);
}

// A finding's link to its field: focus the control (the router leaves in-page anchors alone).
function goToField(event, name) {
  const control = document.querySelector(`form.notice-form [data-field="${CSS.escape(name)}"]`);
  if (!control) return;
  event.preventDefault();
  control.scrollIntoView({ block: "center" });
  control.focus();
}

// Each finding beside the field it is about, with its words in full, until the notice is vetted again.
function markFindings(form, findings) {
  for (const finding of findings || []) {
    const control = finding.field && form.querySelector(`[data-field="${CSS.escape(finding.field)}"]`);
    const wrapper = control?.closest(".field");
    if (!wrapper) continue;
    const note = h("p", { class: `finding-note ${finding.severity}`, id: nextId("finding") },
      h("strong", {}, SEVERITY[finding.severity] || finding.severity), ": ", finding.message,
      finding.quote ? [" Found: ", h("q", { class: "quote" }, finding.quote), "."] : null);
    wrapper.append(note);
    control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") || ""} ${note.id}`.trim());
    if (finding.severity === "block") control.setAttribute("aria-invalid", "true");
  }
}

function collaboratorsPanel(production) {
  const id = h("input", { type: "text", maxlength: 64, autocomplete: "off" });
  const error = errorSlot();
  const add = h("button", { type: "submit" }, "Add collaborator");
  const list = h("ul", {}, production.collaborator_ids.map((c) => h("li", {}, h("a", { href: `#/users/${encodeURIComponent(c)}` }, c))));
  const form = h("form", { class: "inline-form" }, field("Casting user's id", id, { name: "user_id",
    hint: "They get the same access to this production: its notice, applications and messages." }), add, error);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(add, async () => {
      try {
        const updated = await post(`/productions/${encodeURIComponent(production.production_id)}/collaborators`, { user_id: id.value.trim() });
        clear(list, updated.collaborator_ids.map((c) => h("li", {}, h("a", { href: `#/users/${encodeURIComponent(c)}` }, c))));
        id.value = "";
        showError(error, null);
        announce("Collaborator added.");
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  return h("details", { class: "box" }, h("summary", {}, `Collaborators (${production.collaborator_ids.length})`), list, form);
}

// -- the notice form ------------------------------------------------------------------------------
const num = (input) => (input.value.trim() === "" ? null : Number(input.value));
const text = (input) => input.value.trim() || null;

function noticeForm(productionId, notice, findings = []) {
  const n = notice || {};
  const name = h("input", { type: "text", maxlength: 200, required: true, value: n.name || "" });
  const company = h("input", { type: "text", maxlength: 200, value: n.company || "" });
  const jobType = select(JOB_TYPES.map((t) => [t, jobLabel(t)]), { value: n.job_type || "film" });
  const category = select(CATEGORIES, { value: n.category || "casting" });
  const description = h("textarea", { rows: 6, maxlength: 10000 });
  description.value = n.description || "";
  const city = h("input", { type: "text", maxlength: 100, value: n.location?.city || "" });
  const state = select([["", "—"], ...STATES.map(([code, label, c]) => [code, `${label} (${c})`])], { value: n.location?.state || "" });
  const country = select([["", "—"], ["US", "United States"], ["CA", "Canada"]], { value: n.location?.country || "" });
  state.addEventListener("change", () => { if (state.value) country.value = countryOf(state.value); });
  const remote = h("input", { type: "checkbox", checked: Boolean(n.location?.remote) });
  const unionStatus = select([["", "—"], ["union", "Union"], ["non-union", "Non-union"]], { value: n.union?.status || "" });
  const contract = h("input", { type: "text", maxlength: 100, value: n.union?.contract || "" });
  const payKind = select([["", "—"], ["paid", "Paid"], ["not_paid", "Not paid"]], { value: n.pay?.kind || "" });
  const rate = h("input", { type: "number", min: 0, step: "0.01", value: n.pay?.rate ?? "" });
  const unit = select([["", "—"], ["hour", "per hour"], ["day", "per day"], ["week", "per week"], ["flat", "flat fee"]], { value: n.pay?.unit || "" });
  const payNotes = h("input", { type: "text", maxlength: 1000, value: n.pay?.notes || "" });
  const nudity = h("input", { type: "checkbox", checked: Boolean(n.nudity) });
  const feeAmount = h("input", { type: "number", min: 0, step: "0.01", value: n.fee?.amount ?? "" });
  const feeDescription = h("input", { type: "text", maxlength: 1000, value: n.fee?.description || "" });
  const startsOn = h("input", { type: "date", value: n.starts_on || "" });
  const endsOn = h("input", { type: "date", value: n.ends_on || "" });
  const expiresAt = h("input", { type: "date", value: (n.expires_at || "").slice(0, 10) });

  const roles = h("div", { class: "roles-editor" });
  const addRole = h("button", { type: "button" }, "Add a role");
  const roleRows = [];
  const renumber = () => roleRows.forEach((row, i) => row.setIndex(i));
  const pushRole = (role = {}) => {
    const row = roleEditor(role, () => {
      roleRows.splice(roleRows.indexOf(row), 1);
      row.element.remove();
      renumber();
      addRole.focus();
    });
    roleRows.push(row);
    roles.append(row.element);
    renumber();
    return row;
  };
  (n.roles?.length ? n.roles : [{}]).forEach((r) => pushRole(r));
  addRole.addEventListener("click", () => pushRole().focus());

  const error = errorSlot();
  const save = h("button", { type: "submit", value: "save" }, productionId ? "Save changes" : "Save draft");
  const saveSubmit = h("button", { type: "submit", class: "primary", value: "submit" }, "Save and submit for review");
  const form = h("form", { class: "stack notice-form", novalidate: true },
    field("Production name", name, { name: "name" }),
    field("Company", company, { name: "company" }),
    h("div", { class: "two" }, field("Job type", jobType, { name: "job_type" }), field("Category", category, { name: "category",
      hint: "Workshops, classes, competitions and events may charge a fee, spelled out below." })),
    field("Description", description, { name: "description", hint: "What the job is, the schedule, what you provide." }),
    h("fieldset", {}, h("legend", {}, "Location"), h("div", { class: "three" }, field("City", city, { name: "location.city" }),
      field("State or province", state, { name: "location.state" }), field("Country", country, { name: "location.country" })),
    field("The work can be done remotely (also listed for talent anywhere)", remote, { name: "location.remote" })),
    h("fieldset", {}, h("legend", {}, "Dates"), h("div", { class: "three" }, field("Starts", startsOn, { name: "starts_on" }),
      field("Ends", endsOn, { name: "ends_on" }), field("Applications close", expiresAt, { name: "expires_at" }))),
    h("fieldset", {}, h("legend", {}, "Union"), h("div", { class: "two" }, field("Union status", unionStatus, { name: "union.status" }),
      field("Contract", contract, { name: "union.contract", hint: "Required for a union notice, e.g. SAG-AFTRA Ultra Low Budget." }))),
    h("fieldset", {}, h("legend", {}, "Pay"), h("div", { class: "three" }, field("Paid?", payKind, { name: "pay.kind" }),
      field("Rate (USD or CAD)", rate, { name: "pay.rate" }), field("Per", unit, { name: "pay.unit" })),
    field("Pay notes", payNotes, { name: "pay.notes" })),
    h("fieldset", {}, h("legend", {}, "Fee charged to talent (workshops, classes, competitions, events only)"),
      h("div", { class: "two" }, field("Amount", feeAmount, { name: "fee.amount" }),
        field("What it pays for", feeDescription, { name: "fee.description" }))),
    field("This notice involves nudity or sexual content", nudity, { name: "nudity" }),
    h("fieldset", {}, h("legend", {}, "Roles"), roles, addRole),
    error, h("div", { class: "buttons" }, saveSubmit, save));

  const body = () => {
    const location = text(city) || state.value || country.value || remote.checked
      ? { city: text(city), state: state.value || null, country: country.value || null, remote: remote.checked } : null;
    return {
      name: name.value.trim(), company: text(company), job_type: jobType.value, category: category.value,
      description: text(description), location,
      union: unionStatus.value ? { status: unionStatus.value, contract: text(contract) } : null,
      pay: payKind.value ? { kind: payKind.value, rate: num(rate), unit: unit.value || null, notes: text(payNotes) } : null,
      fee: num(feeAmount) !== null || text(feeDescription) ? { amount: num(feeAmount), description: text(feeDescription) } : null,
      nudity: nudity.checked, starts_on: startsOn.value || null, ends_on: endsOn.value || null, expires_at: expiresAt.value || null,
      roles: roleRows.map((row) => row.value()),
    };
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const submitting = event.submitter === saveSubmit;
    busy(submitting ? saveSubmit : save, async () => {
      showError(error, null);
      let id = productionId;
      try {
        if (id) await patch(`/productions/${encodeURIComponent(id)}`, body());
        else id = (await post("/productions", body())).production_id;
      } catch (e) {
        showFormError(form, error, e); // the form keeps everything typed
        return;
      }
      try {
        if (submitting) await post(`/productions/${encodeURIComponent(id)}/submit`);
        announce(submitting ? "Submitted: see the vetting result." : "Saved.");
        navigate(`#/productions/${encodeURIComponent(id)}${submitting ? "?submitted=1" : ""}`);
      } catch (e) {
        // Saved, but not submitted: show the saved notice with the reason.
        navigate(`#/productions/${encodeURIComponent(id)}`);
        announce(`Saved, but not submitted: ${e.message}`);
      }
    });
  });
  markFindings(form, findings);
  return form;
}

function roleEditor(role, onRemove) {
  const name = h("input", { type: "text", maxlength: 100, value: role.name || "" });
  const description = h("textarea", { rows: 2, maxlength: 2000 });
  description.value = role.description || "";
  const ageMin = h("input", { type: "number", min: 0, max: 120, value: role.age_min ?? "" });
  const ageMax = h("input", { type: "number", min: 0, max: 120, value: role.age_max ?? "" });
  const gender = h("input", { type: "text", maxlength: 40, value: role.gender || "" });
  const nudity = h("input", { type: "checkbox", checked: Boolean(role.nudity) });
  const legend = h("legend", {});
  const remove = h("button", { type: "button", class: "link-button", onclick: onRemove });
  const fields = [["name", name, "Role name"], ["description", description, "Role description"], ["age_min", ageMin, "Youngest age"],
    ["age_max", ageMax, "Oldest age"], ["gender", gender, "Gender"], ["nudity", nudity, "This role involves nudity"]];
  const wrapped = fields.map(([key, control, label]) => field(label, control, { name: `roles[0].${key}` }));
  const element = h("fieldset", { class: "role-editor" }, legend, wrapped[0], wrapped[1],
    h("div", { class: "three" }, wrapped[2], wrapped[3], wrapped[4]), wrapped[5], remove);
  return {
    element,
    focus: () => name.focus(),
    setIndex(i) {
      legend.textContent = `Role ${i + 1}`;
      remove.textContent = `Remove role ${i + 1}`;
      for (const [key, control] of fields) {
        control.name = `roles[${i}].${key}`;
        control.dataset.field = `roles[${i}].${key}`;
      }
    },
    value: () => ({
      ...(role.role_id ? { role_id: role.role_id } : {}),
      name: name.value.trim(), description: text(description), age_min: num(ageMin), age_max: num(ageMax),
      gender: text(gender), nudity: nudity.checked,
    }),
  };
}
