// Your account: display name, how often email alerts come (what each choice means), and the
// people you blocked, with Unblock. The unsubscribe page of every alert links back here.
import { del, get, patch } from "../api.js";
import { updateSessionUser } from "../auth.js";
import {
  announce, busy, clear, errorSlot, field, fieldProblem, h, heading, radioChoices, showError, showFormError,
} from "../dom.js";

export const FREQUENCIES = [
  ["immediate", "Immediately", "An email for each new message, a few minutes after it arrives (several in a row come as one)."],
  ["daily", "Once daily", "One email a day listing your unread messages, sent in the morning; nothing on days without any."],
  ["never", "Never", "No email alerts. New messages wait for you here, marked with a blue dot."],
];

export const page = {
  async render(main) {
    const me = await get("/me");
    const name = h("input", { type: "text", maxlength: 100, autocomplete: "name", required: true, value: me.name || "" });
    const signedInAs = h("strong", {}, me.name);
    const choices = radioChoices("Email alerts about new messages", FREQUENCIES, me.notifications);
    const error = errorSlot();
    const save = h("button", { type: "submit", class: "primary" }, "Save settings");
    const form = h("form", { class: "stack", novalidate: true, "aria-labelledby": "settings-heading" },
      field("Your name", name, { name: "name", hint: "Shown to the people you message and on your profile." }),
      choices.element, error, save);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(save, async () => {
        if (!name.value.trim()) {
          showFormError(form, error, fieldProblem("name", "Enter your name."));
          return;
        }
        const chosen = choices.value();
        try {
          const saved = await patch("/me", { name: name.value.trim(), notifications: chosen });
          updateSessionUser({ name: saved.name });
          signedInAs.textContent = saved.name;
          showFormError(form, error, null);
          const label = FREQUENCIES.find(([v]) => v === saved.notifications)?.[1].toLowerCase() || saved.notifications;
          announce(`Settings saved. Email alerts: ${label}.`);
        } catch (e) {
          showFormError(form, error, e);
        }
      });
    });

    const blocked = h("section", { class: "box", "aria-labelledby": "blocked-heading" },
      h("h2", { id: "blocked-heading" }, "Blocked users"),
      h("p", { class: "hint" }, "They cannot message you. Block someone from their profile (open it from their name on a message)."));
    await blockedList(blocked);

    clear(main, heading("Account"),
      h("p", {}, "Signed in as ", signedInAs, ` (${me.role}${me.subscriber ? ", subscriber" : ""}). `,
        "Email alerts go to ", h("strong", { class: "email" }, me.email), ", which no one else ever sees."),
      h("div", { class: "with-aside" },
        h("section", { class: "box" }, h("h2", { id: "settings-heading" }, "Settings"), form), blocked));
  },
};

async function blockedList(section) {
  const list = h("ul", { class: "blocked" });
  const error = errorSlot();
  const more = h("button", { type: "button", hidden: true }, "More");
  let cursor = null;
  const load = async () => {
    try {
      const page = await get("/me/blocks", { cursor: cursor || undefined, limit: 50 });
      list.append(...page.items.map((person) => blockedItem(person, list)));
      cursor = page.next_cursor;
      more.hidden = !cursor;
      if (!list.children.length) list.append(h("li", { class: "empty" }, "You have not blocked anyone."));
    } catch (e) {
      showError(error, e);
    }
  };
  more.addEventListener("click", () => busy(more, load));
  await load();
  section.append(list, more, error);
}

function blockedItem(person, list) {
  const error = h("span", { class: "form-error", role: "alert", hidden: true });
  const unblock = h("button", { type: "button", "aria-label": `Unblock ${person.name}` }, "Unblock");
  const item = h("li", { dataset: { userId: person.user_id } },
    h("a", { href: `#/users/${encodeURIComponent(person.user_id)}` }, person.name), " ", unblock, " ", error);
  unblock.addEventListener("click", () => busy(unblock, async () => {
    try {
      await del(`/users/${encodeURIComponent(person.user_id)}/block`);
      item.remove();
      if (!list.children.length) list.append(h("li", { class: "empty" }, "You have not blocked anyone."));
      announce(`${person.name} is no longer blocked.`);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    }
  }));
  return item;
}
