// The dashboards. Talent: the help-center page's boxes — At a Glance, Applications by status,
// My Profile (score and what is missing), Messages (newest, with the blue dot), Media Locker,
// Recently Viewed Productions. Casting: productions with their vetting state, new submissions
// per role, collaborators and unread messages.
import { get } from "../api.js";
import { clear, h, heading, plural, when } from "../dom.js";

const TABS = [["all", "All"], ["invites", "Invites"], ["drafts", "Drafts"], ["active", "Active"],
  ["auditions", "Auditions"], ["archived", "Archived"]];
const STATUS_WORDS = {
  draft: "Draft (not submitted)", pending_review: "Waiting for an editor", returned: "Returned: needs changes",
  approved: "Published", rejected: "Rejected", hidden: "Hidden after reports", expired: "Expired", closed: "Closed",
};
export const statusWords = (status) => STATUS_WORDS[status] || status;

function box(id, title, ...content) {
  return h("section", { class: "box", "aria-labelledby": id }, h("h2", { id }, title), ...content);
}

function count(n, one, many, href) {
  const text = h("span", {}, h("strong", { class: "count" }, String(n)), ` ${n === 1 ? one : many}`);
  return href ? h("a", { href }, text) : text;
}

function talentDashboard(main, d) {
  const glance = d.at_a_glance;
  const glanceItems = [
    [glance.new_messages, "new message", "new messages", "#/inbox", "glance-messages"],
    [glance.new_invitations, "new invitation", "new invitations", "#/applications?status=invites", "glance-invitations"],
    [glance.audition_requests, "audition request", "audition requests", "#/applications?status=auditions", "glance-auditions"],
    [glance.draft_applications, "draft application", "draft applications", "#/applications?status=drafts", "glance-drafts"],
    [glance.new_roles_matched, "new role matched", "new roles matched", "#/matched", "glance-matched"],
  ];
  const score = d.profile_score;
  const media = d.media_locker;
  clear(main, heading("Dashboard"), h("div", { class: "dashboard" },
    box("at-a-glance", "At a glance", h("ul", { class: "glance" }, glanceItems.map(([n, one, many, href, id]) =>
      h("li", { id, class: n ? "has" : "" }, count(n, one, many, href))))),

    box("applications-box", "Applications", h("ul", { class: "tab-counts" }, TABS.map(([tab, label]) =>
      h("li", { id: `apps-${tab}` }, h("a", { href: `#/applications?status=${tab}` },
        h("span", {}, label), h("strong", { class: "count" }, String(d.applications[tab] ?? 0)))))),
    h("p", {}, h("a", { href: "#/applications" }, "View in My Applications"))),

    box("profile-box", "My profile",
      h("p", { class: "big", id: "profile-score" }, `${score.value} of ${score.max}`),
      h("meter", { min: 0, max: score.max, value: score.value, "aria-label": "Profile score" }),
      score.missing.length ? [h("p", {}, "To complete it, add:"), h("ul", { class: "missing" }, score.missing.map((m) => h("li", {}, m)))]
        : h("p", {}, "Your profile is complete."),
      h("p", { class: "hint" }, "Only you see this score."),
      h("p", {}, h("a", { href: "#/profile", class: "button" }, "Edit profile"))),

    box("messages-box", "Messages",
      d.recent_messages.length ? h("ul", { class: "recent-messages" }, d.recent_messages.map((t) =>
        h("li", { class: t.unread ? "unread" : "", dataset: { unread: String(t.unread) } },
          h("a", { href: `#/threads/${encodeURIComponent(t.thread_id)}` },
            h("span", { class: "dot", "aria-hidden": "true" }),
            t.unread ? h("span", { class: "visually-hidden" }, "Unread: ") : null,
            h("span", { class: "subject" }, t.subject), " ",
            h("span", { class: "snippet" }, t.snippet), " ", when(t.last_activity_at)))))
        : h("p", { class: "empty" }, "No messages yet."),
      h("p", {}, h("a", { href: "#/inbox" }, "View all messages"))),

    box("media-box", "Media locker", h("ul", { class: "tab-counts" }, [["photo", "Photos"], ["video", "Videos"],
      ["audio", "Audio"], ["document", "Documents"]].map(([kind, label]) =>
      h("li", { id: `media-${kind}` }, h("span", {}, label), h("strong", { class: "count" }, String(media[kind] ?? 0))))),
    h("p", {}, h("a", { href: "#/media" }, "Go to media locker"))),

    box("viewed-box", "Recently viewed productions",
      d.recently_viewed.length ? h("ul", {}, d.recently_viewed.map((v) => h("li", {},
        v.expired ? h("span", {}, v.name, " (no longer open)")
          : h("a", { href: `#/notices/${encodeURIComponent(v.production_id)}` }, v.name))))
        : h("p", { class: "empty" }, "Casting calls you open appear here."),
      h("p", {}, h("a", { href: "#/notices" }, "Search casting calls")))));
}

function castingDashboard(main, d) {
  clear(main, heading("Dashboard"),
    h("p", { class: "summary" }, count(d.unread_messages, "unread message", "unread messages", "#/inbox"),
      " · ", h("span", {}, plural(d.new_submissions, "new submission"))),
    h("p", {}, h("a", { href: "#/productions/new", class: "button primary" }, "Post a notice")),
    d.productions.length ? h("ul", { class: "cards" }, d.productions.map((p) => h("li", { class: "box" },
      h("h2", {}, h("a", { href: `#/productions/${encodeURIComponent(p.production_id)}` }, p.name)),
      h("p", {}, h("span", { class: `status status-${p.status}` }, statusWords(p.status)),
        p.paid_tag ? h("span", { class: "tag" }, "Paid") : null,
        p.findings?.length ? ` · ${plural(p.findings.length, "vetting finding")}` : ""),
      p.roles.length ? h("table", {}, h("caption", { class: "visually-hidden" }, `Submissions per role for ${p.name}`),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Role"), h("th", { scope: "col" }, "Submitted"),
          h("th", { scope: "col" }, "New"))),
        h("tbody", {}, p.roles.map((r) => h("tr", {}, h("th", { scope: "row" }, r.name),
          h("td", {}, String(r.submitted)), h("td", {}, String(r.unviewed)))))) : null,
      p.collaborators?.length ? h("p", {}, "With ", p.collaborators.map((c) => c.name).join(", ")) : null,
      h("p", {}, h("a", { href: `#/productions/${encodeURIComponent(p.production_id)}/applications` },
        `Application manager${p.new_submissions ? ` (${p.new_submissions} new)` : ""}`)))))
      : h("p", { class: "empty" }, "You have not posted a notice yet."));
}

export const page = {
  async render(main, route) {
    if (route.user.role === "casting") castingDashboard(main, await get("/dashboard/casting"));
    else talentDashboard(main, await get("/dashboard/talent"));
  },
};

// A role already answered says how: an invitation waiting ("Invited"), a draft, or "Applied".
const APPLICATION_TAGS = { invited: ["Invited", "invites"], draft: ["Draft saved", "drafts"], withdrawn: ["Withdrawn", "all"] };

function applicationTag(role) {
  const [label, tab] = APPLICATION_TAGS[role.application_status] || ["Applied", "active"];
  return h("span", { class: "tag" }, h("a", { href: `#/applications?status=${tab}` }, label));
}

export const matchedPage = {
  async render(main) {
    const list = h("ul", { class: "results" });
    const more = h("button", { type: "button", hidden: true }, "More roles");
    let cursor = null;
    let locationNeeded = false;
    const load = async () => {
      const page = await get("/me/matched-roles", { cursor: cursor || undefined });
      locationNeeded = page.location_needed;
      list.append(...page.items.map((r) => h("li", {}, h("a", { href: `#/notices/${encodeURIComponent(r.production_id)}` },
        `${r.role_name} — ${r.production_name || "a production"}`), r.new ? h("span", { class: "tag" }, "New") : null,
      r.application_id ? applicationTag(r) : null,
      r.remote ? h("span", { class: "tag" }, "Remote") : null,
      r.published_at ? [" · ", when(r.published_at)] : null)));
      cursor = page.next_cursor;
      more.hidden = !cursor;
    };
    await load();
    more.addEventListener("click", load);
    clear(main, heading("Roles that fit your profile"),
      locationNeeded ? h("p", { class: "notice-box" }, "Add your state or province to ", h("a", { href: "#/profile" }, "your profile"),
        " to see roles near you.") : null,
      list.children.length ? list : h("p", { class: "empty" }, "No open roles fit your profile right now."), more);
  },
};
