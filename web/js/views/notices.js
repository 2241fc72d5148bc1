// Casting calls: search by state/province and job type (anyone, signed in or not), a notice's
// page, and Apply for talent.
import { get, post } from "../api.js";
import { session } from "../auth.js";
import {
  announce, busy, clear, dayRange, dayText, errorSlot, field, h, heading, plural, select, showFormError, when,
} from "../dom.js";
import { STATES, stateName } from "../places.js";
import { openReportDialog } from "../report.js";

export const JOB_TYPES = ["film", "tv", "theater", "commercial", "music video", "voiceover", "dance", "singing",
  "modeling", "multimedia", "crew", "other"];
const JOB_LABELS = { tv: "TV", "music video": "Music video" };
export const jobLabel = (type) => JOB_LABELS[type] || type.charAt(0).toUpperCase() + type.slice(1);

function where(location) {
  if (!location) return "";
  const place = [location.city, stateName(location.state), location.country].filter(Boolean).join(", ");
  return location.remote ? `${place ? `${place} · ` : ""}Remote: work from anywhere` : place;
}

const dates = (notice) => dayRange(notice.starts_on, notice.ends_on);

// The pay tag: Paid, Not paid, or "Pay not stated" when the notice does not say (silence is not "unpaid").
export function payWords(notice) {
  if (notice.paid_tag) return "Paid";
  return notice.pay_label === "not_stated" ? "Pay not stated" : "Not paid";
}

function tags(notice) {
  return [
    h("span", { class: "tag" }, jobLabel(notice.job_type)),
    notice.category && notice.category !== "casting" ? h("span", { class: "tag" }, notice.category) : null,
    notice.union?.status ? h("span", { class: "tag" }, notice.union.status === "union"
      ? `Union${notice.union.contract ? ` (${notice.union.contract})` : ""}` : "Non-union") : null,
    h("span", { class: `tag ${notice.paid_tag ? "paid" : ""}` }, payWords(notice)),
    notice.student_badge ? h("span", { class: "tag" }, "Student film") : null,
  ];
}

export const searchPage = {
  async render(main, route) {
    const q = route.query;
    const state = select([["", "Anywhere in the US and Canada"], ...STATES.map(([code, name, country]) => [code, `${name} (${country})`])],
      { value: q.get("state") || "", name: "state" });
    const jobType = select([["", "Any job type"], ...JOB_TYPES.map((t) => [t, jobLabel(t)])], { value: q.get("job_type") || "", name: "job_type" });
    const words = h("input", { type: "search", maxlength: 200, value: q.get("q") || "" });
    const union = select([["", "Union or not"], ["union", "Union"], ["non-union", "Non-union"]], { value: q.get("union") || "" });
    const paid = select([["", "Paid or not"], ["true", "Paid only"], ["false", "Not paid only"]], { value: q.get("paid") || "" });
    const remote = h("input", { type: "checkbox", checked: q.get("remote") === "true" });
    // Remote notices are searched across every state: the two do not combine.
    const syncRemote = () => { state.disabled = remote.checked; if (remote.checked) state.value = ""; };
    remote.addEventListener("change", syncRemote);
    syncRemote();
    const error = errorSlot();
    const form = h("form", { class: "filters", role: "search", "aria-label": "Search casting calls" },
      field("State or province", state, { name: "state" }), field("Job type", jobType, { name: "job_type" }),
      field("Keywords", words, { name: "q" }), field("Union", union, { name: "union" }), field("Pay", paid, { name: "paid" }),
      field("Remote work only", remote, { name: "remote" }),
      h("div", { class: "field" }, h("button", { type: "submit", class: "primary" }, "Search")), error);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const params = new URLSearchParams();
      for (const [key, el] of [["state", state], ["job_type", jobType], ["q", words], ["union", union], ["paid", paid]]) {
        if (el.value.trim()) params.set(key, el.value.trim());
      }
      if (remote.checked) params.set("remote", "true");
      window.location.hash = `#/notices?${params}`;
    });

    const results = h("ol", { class: "results", "aria-label": "Casting calls" });
    const more = h("button", { type: "button", hidden: true }, "More casting calls");
    const summary = h("p", { class: "summary", role: "status" });
    let cursor = null;
    let shown = 0;
    let full = false;
    const load = async () => {
      try {
        const page = await get("/notices", { state: q.get("state"), job_type: q.get("job_type"), q: q.get("q"),
          union: q.get("union"), paid: q.get("paid"), remote: q.get("remote") || undefined, cursor: cursor || undefined });
        full = page.full;
        results.append(...page.items.map(resultItem));
        shown += page.items.length;
        cursor = page.next_cursor;
        more.hidden = !cursor;
        summary.textContent = shown ? `${plural(shown, "casting call")}${cursor ? " so far" : ""}.`
          : "No published casting calls match. Try another state, job type or fewer words.";
      } catch (e) {
        showFormError(form, error, e);
      }
    };
    more.addEventListener("click", () => busy(more, load));
    await load();
    clear(main, heading("Casting calls"),
      h("p", { class: "hint" }, "Search by state or province and job type. Every notice was checked by an editor before it was published."),
      form, summary,
      !full ? h("p", { class: "hint" }, session() ? "You see summaries; subscribers see whole notices."
        : "You see summaries; sign in as a subscriber to see whole notices.") : null,
      results, more);
  },
};

function resultItem(notice) {
  return h("li", { class: "result" },
    h("h2", {}, h("a", { href: `#/notices/${encodeURIComponent(notice.production_id)}` }, notice.name)),
    notice.company ? h("p", { class: "company" }, notice.company) : null,
    h("p", {}, tags(notice), notice.location?.remote ? h("span", { class: "tag remote" }, "Remote") : null),
    notice.pay ? h("p", { class: "pay" }, payText(notice.pay)) : null,
    h("p", {}, [where(notice.location), dates(notice)].filter(Boolean).join(" · ")),
    notice.roles?.length ? h("p", {}, "Roles: ", notice.roles.map((r) => r.name).join(", ")) : null,
    h("p", { class: "hint" }, "Published ", when(notice.published_at),
      notice.expires_at ? ` · open until ${dayText(notice.expires_at)}` : null));
}

function payText(pay) {
  if (!pay) return "";
  const rate = pay.rate ? ` — $${pay.rate}${pay.unit && pay.unit !== "flat" ? ` per ${pay.unit}` : " flat"}` : "";
  if (!pay.kind) return "Pay not stated";
  return `${pay.kind === "paid" ? "Paid" : "Not paid"}${rate}${pay.notes ? `. ${pay.notes}` : ""}`;
}

export const noticePage = {
  async render(main, route) {
    const [productionId] = route.params;
    const notice = await get(`/notices/${encodeURIComponent(productionId)}`);
    const me = session();
    const summary = notice.summary_only;
    const facts = [
      ["Company", notice.company], ["Where", where(notice.location)], ["Dates", dates(notice)],
      ["Pay", summary ? (notice.paid_tag ? "Paid (the rate is in the full notice)" : `${payWords(notice)} (details in the full notice)`)
        : payText(notice.pay)],
      ["Fee", notice.fee ? `$${notice.fee.amount}: ${notice.fee.description}`
        : summary && notice.has_fee ? "Charges a fee (what for is in the full notice)" : ""],
      ["Nudity or sexual content", notice.nudity ? "Yes: disclosed by the production" : notice.nudity === false ? "No" : ""],
      ["Open until", dayText(notice.expires_at)],
    ].filter(([, v]) => v);
    const roles = h("ul", { class: "roles" }, notice.roles.map((role) => roleItem(notice, role, me)));
    clear(main,
      h("p", {}, h("a", { href: "#/notices" }, "← All casting calls")),
      heading(notice.name), h("p", {}, tags(notice)),
      h("dl", { class: "facts" }, facts.map(([t, v]) => [h("dt", {}, t), h("dd", {}, v)])),
      summary ? h("section", { class: "notice-box", id: "summary-only", "aria-labelledby": "summary-heading" },
        h("h2", { id: "summary-heading" }, "You are seeing the summary"),
        h("p", {}, "The full notice (the description, the pay and each role's details) is for subscribers. "
          + "What is shown above is what the summary allows: who is casting, where and when, union status, "
          + "whether it is paid, and whether it involves nudity or a fee."),
        me?.role === "talent" ? h("p", {}, "You can still apply to a role below; you will apply without reading the full notice.") : null)
        : h("section", {}, h("h2", {}, "Description"), h("p", { class: "body" }, notice.description || "")),
      h("section", { "aria-labelledby": "roles-heading" }, h("h2", { id: "roles-heading" }, "Roles"), roles),
      me ? reportButton(notice) : null);
  },
};

function roleItem(notice, role, me) {
  const facts = [
    role.age_min != null || role.age_max != null ? `Ages ${role.age_min ?? "?"}–${role.age_max ?? "?"}` : "",
    role.gender || "", role.nudity ? "Nudity disclosed" : "",
  ].filter(Boolean).join(" · ");
  const slot = h("div", { class: "apply-slot" });
  let action = null;
  if (!me) {
    action = h("a", { href: `#/signin?next=${encodeURIComponent(`#/notices/${notice.production_id}`)}` }, "Sign in to apply");
  } else if (me.role === "talent" && role.role_id && notice.my_applications?.[role.role_id]) {
    action = appliedLink(role);
  } else if (me.role === "talent" && role.role_id) {
    action = h("button", { type: "button", class: "primary", "aria-expanded": "false" }, `Apply for ${role.name}`);
    action.addEventListener("click", async () => {
      if (slot.firstChild) {
        clear(slot);
        action.setAttribute("aria-expanded", "false");
        return;
      }
      action.setAttribute("aria-expanded", "true");
      await applyForm(slot, role, notice.summary_only, (created) => {
        const done = appliedLink(role, created.status);
        action.replaceWith(done);
        action = done;
        done.focus();
      });
    });
  }
  return h("li", { class: "role" }, h("h3", {}, role.name), facts ? h("p", {}, facts) : null,
    role.description ? h("p", { class: "body" }, role.description) : null, action, slot);
}

// Where the talent's application to this role is: "Applied ✓" (or "Draft saved ✓"), a link to it.
function appliedLink(role, status) {
  const tab = status === "draft" ? "drafts" : status === "submitted" ? "active" : "all";
  return h("a", { href: `#/applications?status=${tab}`, class: "button applied", "aria-label": `${status === "draft"
    ? "Draft saved" : "Applied"} for ${role.name}: see it in My applications` }, status === "draft" ? "Draft saved ✓" : "Applied ✓");
}

async function applyForm(slot, role, summaryOnly, onDone) {
  const note = h("textarea", { rows: 4, maxlength: 500 });
  const mediaBox = h("fieldset", {}, h("legend", {}, "Media to show"));
  try {
    const locker = await get("/me/media", { limit: 100 });
    const ready = locker.items.filter((m) => m.status === "ready");
    if (ready.length) {
      for (const item of ready) {
        const box = h("input", { type: "checkbox", value: item.media_id });
        mediaBox.append(field(`${item.title || item.filename} (${item.kind})`, box));
      }
    } else {
      mediaBox.append(h("p", { class: "hint" }, "Your media locker is empty. ", h("a", { href: "#/media" }, "Add headshots or reels"), " to show them."));
    }
  } catch (e) {
    mediaBox.append(h("p", { class: "form-error" }, e.message));
  }
  const error = errorSlot();
  const submit = h("button", { type: "submit", class: "primary", value: "submit" }, "Submit application");
  const draft = h("button", { type: "submit", value: "draft" }, "Save as draft");
  const form = h("form", { class: "stack apply" },
    summaryOnly ? h("p", { class: "hint" }, "You are applying from the summary: the description, pay and this role's details are in the full notice.") : null,
    field("Note to casting", note, { name: "note", hint: "Up to 500 characters." }),
    mediaBox, error, h("div", { class: "buttons" }, submit, draft));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const submitting = event.submitter !== draft;
    busy(submitting ? submit : draft, async () => {
      const mediaIds = [...mediaBox.querySelectorAll("input:checked")].map((b) => b.value);
      try {
        const created = await post(`/roles/${encodeURIComponent(role.role_id)}/applications`,
          { note: note.value, media_ids: mediaIds, submit: submitting });
        clear(slot);
        onDone(created);
        announce(created.status === "submitted" ? `Your application for ${role.name} was submitted.`
          : `Your draft for ${role.name} is saved.`);
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  clear(slot, form);
  note.focus();
}

function reportButton(notice) {
  const report = h("button", { type: "button", class: "report" }, "Report this notice");
  report.addEventListener("click", () => openReportDialog({ kind: "notice", targetId: notice.production_id, returnFocus: report }));
  return h("p", { class: "report" }, report);
}
