// A person's public profile, with Contact; and your own profile's editor with its score.
import { del, get, post, put } from "../api.js";
import { session, updateSessionUser } from "../auth.js";
import {
  announce, busy, clear, errorSlot, field, h, heading, select, showError, showFormError,
} from "../dom.js";
import { openContactDialog } from "../compose.js";
import { openReportDialog } from "../report.js";
import { STATES, countryOf } from "../places.js";

const GENDERS = [["", "Not given"], ["female", "Female"], ["male", "Male"], ["non-binary", "Non-binary"]];
const UNION = [["", "Not given"], ["union", "Union"], ["non-union", "Non-union"], ["eligible", "Union-eligible"]];

export function creditText(credit) {
  if (typeof credit === "string") return credit;
  const details = [credit.role, credit.company].filter(Boolean).join(", ");
  return `${credit.title}${details ? ` — ${details}` : ""}${credit.year ? ` (${credit.year})` : ""}`;
}

function place(location) {
  if (!location) return "";
  return [location.city, location.state, location.country].filter(Boolean).join(", ");
}

function ages(profile) {
  if (profile.age_min == null && profile.age_max == null) return "";
  return `Plays ages ${profile.age_min ?? "?"}–${profile.age_max ?? "?"}`;
}

export const publicPage = {
  async render(main, route) {
    const [userId] = route.params;
    const person = await get(`/users/${encodeURIComponent(userId)}`);
    const me = session();
    const facts = [
      ["Location", place(person.location)],
      ["Playing age", ages(person)],
      ["Gender", GENDERS.find(([v]) => v === person.gender)?.[1] || ""],
      ["Union status", UNION.find(([v]) => v === person.union_status)?.[1] || ""],
      ["Media", person.media ? Object.entries(person.media).filter(([, n]) => n).map(([kind, n]) => `${n} ${kind}`).join(", ") : ""],
    ].filter(([, value]) => value);

    const actions = h("div", { class: "buttons" });
    if (me && me.user_id !== person.user_id) {
      const contact = h("button", { type: "button", class: "primary" }, "Contact");
      contact.addEventListener("click", () => openContactDialog({
        recipient: person, productionId: route.query.get("production") || "", roleId: route.query.get("role") || "",
        returnFocus: contact,
      }));
      const blockError = errorSlot();
      const block = h("button", { type: "button" }, "Block");
      let blocked = false;
      block.addEventListener("click", () => busy(block, async () => {
        showError(blockError, null);
        if (!blocked && !window.confirm(`Block ${person.name}? They will no longer be able to message you.`)) return;
        try {
          const url = `/users/${encodeURIComponent(person.user_id)}/block`;
          await (blocked ? del(url) : post(url));
          blocked = !blocked;
          block.textContent = blocked ? "Unblock" : "Block";
          announce(blocked ? `${person.name} is blocked.` : `${person.name} is no longer blocked.`);
        } catch (e) {
          showError(blockError, e);
        }
      }));
      const report = h("button", { type: "button" }, "Report");
      report.addEventListener("click", () => openReportDialog({ kind: "user", targetId: person.user_id, name: person.name,
        returnFocus: report }));
      actions.append(contact, block, report, blockError);
    } else if (me && me.user_id === person.user_id) {
      actions.append(h("a", { href: "#/profile", class: "button" }, "Edit my profile"));
    }

    clear(main,
      h("div", { class: "profile-head" },
        person.headshot_url ? h("img", { class: "headshot", src: person.headshot_url, alt: `Headshot of ${person.name}` }) : null,
        heading(person.name), h("span", { class: "role-tag" }, person.role), actions),
      facts.length ? h("dl", { class: "facts" }, facts.map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)])) : null,
      person.bio ? h("section", {}, h("h2", {}, "About"), h("p", { class: "body" }, person.bio)) : null,
      person.credits?.length ? h("section", {}, h("h2", {}, "Credits"), h("ul", {}, person.credits.map((c) => h("li", {}, creditText(c))))) : null,
      person.skills?.length ? h("section", {}, h("h2", {}, "Skills"), h("ul", { class: "tags" }, person.skills.map((s) => h("li", {}, s)))) : null,
      !person.bio && !facts.length ? h("p", { class: "empty" }, `${person.name} has not filled in a profile yet.`) : null);
  },
};

export const editPage = {
  async render(main) {
    const profile = await get("/me/profile");
    const me = session();
    const bio = h("textarea", { rows: 5, maxlength: 2000 });
    bio.value = profile.bio || "";
    const city = h("input", { type: "text", maxlength: 100, autocomplete: "address-level2", value: profile.location?.city || "" });
    const country = select([["", "—"], ["US", "United States"], ["CA", "Canada"]], { value: profile.location?.country || "" });
    const state = select([["", "—"], ...STATES.map(([code, name, c]) => [code, `${name} (${c})`])],
      { value: profile.location?.state || "" });
    state.addEventListener("change", () => { if (state.value) country.value = countryOf(state.value); });
    const ageMin = h("input", { type: "number", min: 0, max: 120, inputmode: "numeric", value: profile.age_min ?? "" });
    const ageMax = h("input", { type: "number", min: 0, max: 120, inputmode: "numeric", value: profile.age_max ?? "" });
    const gender = select(GENDERS, { value: profile.gender || "" });
    const union = select(UNION, { value: profile.union_status || "" });
    const originals = new Map((profile.credits || []).map((c) => [creditText(c), c]));
    const credits = h("textarea", { rows: 5 });
    credits.value = [...originals.keys()].join("\n");
    const skills = h("input", { type: "text", value: (profile.skills || []).join(", ") });
    const timezone = h("input", { type: "text", maxlength: 64, value: profile.timezone || Intl.DateTimeFormat().resolvedOptions().timeZone || "" });
    const error = errorSlot();
    const save = h("button", { type: "submit", class: "primary" }, "Save profile");
    const scoreBox = h("section", { class: "box score", "aria-labelledby": "score-heading" });

    const renderScore = (score) => clear(scoreBox,
      h("h2", { id: "score-heading" }, "Profile score"),
      h("p", { class: "big" }, `${score.value} of ${score.max}`),
      h("meter", { min: 0, max: score.max, value: score.value, "aria-label": "Profile score" }),
      score.missing.length ? [h("p", {}, "Still missing:"), h("ul", {}, score.missing.map((m) => h("li", {}, m)))]
        : h("p", {}, "Complete: nothing is missing."),
      h("p", { class: "hint" }, "Only you see this score. Photos, video and audio reels come from your ",
        h("a", { href: "#/media" }, "media locker"), "."));
    renderScore(profile.score);

    const form = h("form", { class: "stack" },
      field("About you", bio, { name: "bio" }),
      h("fieldset", {}, h("legend", {}, "Location"),
        h("div", { class: "three" }, field("City", city, { name: "location.city" }),
          field("State or province", state, { name: "location.state" }), field("Country", country, { name: "location.country" }))),
      h("fieldset", {}, h("legend", {}, "Physical details"),
        h("div", { class: "three" }, field("Youngest age you play", ageMin, { name: "age_min" }),
          field("Oldest age you play", ageMax, { name: "age_max" }), field("Gender", gender, { name: "gender" }))),
      field("Union status", union, { name: "union_status" }),
      field("Credits", credits, { name: "credits", hint: "One per line, e.g. “Harbor Lights — Lead, Northside Theater (2024)”." }),
      field("Skills", skills, { name: "skills", hint: "Separated by commas, e.g. stage combat, Spanish, tap." }),
      field("Time zone", timezone, { name: "timezone", hint: "Self-tape due dates are shown in it, e.g. America/New_York." }),
      error, save);

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(save, async () => {
        const number = (input) => (input.value.trim() === "" ? null : Number(input.value));
        const body = {
          bio: bio.value.trim() || null,
          location: city.value.trim() || state.value || country.value
            ? { city: city.value.trim() || null, state: state.value || undefined, country: country.value || undefined } : null,
          age_min: number(ageMin),
          age_max: number(ageMax),
          gender: gender.value || null,
          union_status: union.value || null,
          credits: credits.value.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => originals.get(line) || line),
          skills: skills.value.split(",").map((s) => s.trim()).filter(Boolean),
          timezone: timezone.value.trim() || null,
        };
        try {
          const saved = await put("/me/profile", body);
          renderScore(saved.score);
          updateSessionUser({});
          showError(error, null);
          announce("Profile saved.");
        } catch (e) {
          showFormError(form, error, e);
        }
      });
    });

    clear(main, heading("My profile"),
      h("p", {}, "This is what others see on ", h("a", { href: `#/users/${encodeURIComponent(me.user_id)}` }, "your public profile"),
        " (never your email address)."),
      h("div", { class: "with-aside" }, form, scoreBox));
  },
};
