// Sign in. Local stage: pick a demo user or name yourself (POST /dev/token creates the user on
// first use). Deployed stages: the Cognito hosted UI.
import config from "../../config.js";
import { get, post } from "../api.js";
import { saveSession, session, startHostedSignIn, updateSessionUser } from "../auth.js";
import {
  busy, clear, errorSlot, field, fieldProblem, h, heading, select, showError, showFormError,
} from "../dom.js";
import { navigate } from "../router.js";

const HOME = { talent: "#/dashboard", casting: "#/dashboard", editor: "#/review" };

async function signInLocally(details, returnTo) {
  const { token, user_id: userId } = await post("/dev/token", details, { auth: false });
  saveSession(token, { user_id: userId, name: details.name, role: details.role });
  const me = await get("/me");
  updateSessionUser({ user_id: me.user_id, name: me.name, role: me.role, subscriber: me.subscriber });
  const destination = returnTo && !returnTo.startsWith("#/signin") ? returnTo : HOME[me.role] || "#/inbox";
  navigate(destination);
}

export const page = {
  render(main, route) {
    const returnTo = route.returnTo || route.query.get("next") || "";
    const current = session();
    const parts = [heading("Sign in to Callboard")];
    if (route.reason) parts.push(h("p", { class: "notice-box", role: "status" }, route.reason));
    if (current && !route.reason) {
      parts.push(h("p", {}, `You are signed in as ${current.name} (${current.role}). Signing in again replaces that session.`));
    }

    if (config.auth === "cognito") {
      const error = errorSlot();
      const button = h("button", { type: "button", class: "primary" }, "Sign in or create an account");
      button.addEventListener("click", () => busy(button, async () => {
        try {
          await startHostedSignIn();
        } catch (e) {
          showError(error, e);
        }
      }));
      parts.push(h("p", {}, "You sign in on Callboard's secure sign-in page and come straight back here."), button, error);
      clear(main, ...parts);
      return;
    }

    parts.push(h("p", { class: "hint" }, "This is the local stage: pick a demo user, or sign in as anyone by name and email."));
    const demos = config.demoUsers || [];
    if (demos.length) {
      const error = errorSlot();
      const list = h("ul", { class: "demo-users" }, demos.map((user) => {
        const button = h("button", { type: "button" }, `Sign in as ${user.name}`, h("span", { class: "role-tag" }, user.role));
        button.addEventListener("click", () => busy(button, async () => {
          try {
            await signInLocally({ email: user.email, name: user.name, role: user.role }, returnTo);
          } catch (e) {
            showError(error, e);
          }
        }));
        return h("li", {}, button);
      }));
      parts.push(h("section", { "aria-labelledby": "demo-heading" }, h("h2", { id: "demo-heading" }, "Demo users"), list, error));
    }

    const name = h("input", { type: "text", autocomplete: "name", required: true, maxlength: 100 });
    const email = h("input", { type: "email", autocomplete: "email", required: true });
    const role = select([["talent", "Talent"], ["casting", "Casting (talent seeker)"], ["editor", "Editor"]], { value: "talent" });
    const subscriber = h("input", { type: "checkbox" });
    const error = errorSlot();
    const submit = h("button", { type: "submit", class: "primary" }, "Sign in");
    const form = h("form", { class: "stack", "aria-labelledby": "someone-heading", novalidate: true },
      field("Name", name, { name: "name" }),
      field("Email", email, { name: "email", hint: "Private: never shown to other users." }),
      field("Account type", role, { name: "role" }),
      field("Subscriber (sees whole casting notices)", subscriber, { name: "subscriber" }),
      error, submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(submit, async () => {
        const problem = !name.value.trim() ? fieldProblem("name", "Enter your name.")
          : !email.value.trim() ? fieldProblem("email", "Enter your email.")
            : !email.checkValidity() ? fieldProblem("email", "Enter an email address like name@example.com.") : null;
        if (problem) {
          showFormError(form, error, problem);
          return;
        }
        try {
          await signInLocally({ name: name.value.trim(), email: email.value.trim(), role: role.value,
            subscriber: subscriber.checked }, returnTo);
        } catch (e) {
          showFormError(form, error, e);
        }
      });
    });
    parts.push(h("section", {}, h("h2", { id: "someone-heading" }, demos.length ? "Someone else" : "Sign in"), form));
    clear(main, ...parts);
  },
};
