// The shell: header navigation, the hash router, and the unread count beside "Messages".
// Views never import this module (it imports them): they ask for pages and counts through router.js.
import config from "../config.js";
import { get } from "./api.js";
import { finishHostedSignIn, session, signOut, updateSessionUser } from "./auth.js";
import { clear, clearStaleAnnouncement, h, heading } from "./dom.js";
import { ROUTE_EVENT, UNREAD_EVENT, navigate } from "./router.js";
import * as account from "./views/account.js";
import * as applications from "./views/applications.js";
import * as casting from "./views/casting.js";
import * as dashboard from "./views/dashboard.js";
import * as manager from "./views/manager.js";
import * as media from "./views/media.js";
import * as messages from "./views/messages.js";
import * as notices from "./views/notices.js";
import * as profile from "./views/profile.js";
import * as review from "./views/review.js";
import * as signin from "./views/signin.js";

// [pattern, page, roles allowed (none: anyone, even signed out)]
const ROUTES = [
  [/^\/signin$/, signin.page],
  [/^\/(inbox|sent|archive)$/, messages.page, ["talent", "casting", "editor"]],
  [/^\/threads\/([^/]+)$/, messages.page, ["talent", "casting", "editor"]],
  [/^\/users\/([^/]+)$/, profile.publicPage, ["talent", "casting", "editor"]],
  [/^\/profile$/, profile.editPage, ["talent", "casting", "editor"]],
  [/^\/account$/, account.page, ["talent", "casting", "editor"]],
  [/^\/dashboard$/, dashboard.page, ["talent", "casting"]],
  [/^\/matched$/, dashboard.matchedPage, ["talent"]],
  [/^\/applications$/, applications.page, ["talent"]],
  [/^\/media$/, media.page, ["talent", "casting", "editor"]],
  [/^\/notices$/, notices.searchPage],
  [/^\/notices\/([^/]+)$/, notices.noticePage],
  [/^\/productions\/new$/, casting.editorPage, ["casting"]],
  [/^\/productions\/([^/]+)\/applications$/, manager.page, ["casting"]],
  [/^\/productions\/([^/]+)$/, casting.editorPage, ["casting"]],
  [/^\/review$/, review.page, ["editor"]],
];

const HOME = { talent: "#/dashboard", casting: "#/dashboard", editor: "#/review" };

let current = null; // {page, main}
let firstRender = true;

function parseHash() {
  const raw = window.location.hash.replace(/^#/, "") || "/";
  const [path, queryString = ""] = raw.split("?");
  return { path, query: new URLSearchParams(queryString) };
}

async function route() {
  if (window.location.hash && !window.location.hash.startsWith("#/")) return; // an in-page anchor
  const { path, query } = parseHash();
  for (const dialog of document.querySelectorAll("dialog[open]")) dialog.close(); // it belonged to the page left
  clearStaleAnnouncement();
  const user = session();
  const main = document.getElementById("main");
  renderNav(user);

  if (path === "/" || path === "") {
    navigate(user ? HOME[user.role] || "#/inbox" : config.auth === "local" ? "#/signin" : "#/notices");
    return;
  }
  const found = ROUTES.map(([pattern, page, roles]) => [path.match(pattern), page, roles]).find(([match]) => match);
  if (!found) {
    show(main, null, () => clear(main, heading("Page not found"), h("p", {}, "There is nothing at this address. ",
      h("a", { href: "#/" }, "Go to your start page"), ".")));
    return;
  }
  const [match, page, roles] = found;
  if (roles && !user) {
    show(main, signin.page, () => signin.page.render(main, { path, query, params: [], returnTo: window.location.hash,
      reason: "Please sign in to continue." }));
    return;
  }
  if (roles && !roles.includes(user.role)) {
    show(main, null, () => clear(main, heading("Not available for your account"),
      h("p", {}, `This page is for ${roles.join(" or ")} accounts. `, h("a", { href: HOME[user.role] }, "Go to your start page"), ".")));
    return;
  }
  const routeInfo = { path, query, params: match.slice(1).map(decodeURIComponent), user };
  if (current?.page === page && page.update && (await page.update(routeInfo))) {
    refreshUnread();
    return;
  }
  show(main, page, () => page.render(main, routeInfo));
}

async function show(main, page, render) {
  current = { page };
  main.setAttribute("aria-busy", "true");
  try {
    await render();
  } catch (error) {
    clear(main, heading("Something went wrong"), h("p", { class: "form-error", role: "alert" }, error.message || String(error)),
      h("p", {}, h("button", { type: "button", onclick: () => route() }, "Try again")));
  } finally {
    main.removeAttribute("aria-busy");
  }
  const title = main.querySelector("h1");
  document.title = title ? `${title.textContent} · Callboard` : "Callboard";
  if (!firstRender && title && !main.contains(document.activeElement)) title.focus();
  firstRender = false;
  refreshUnread();
}

// -- header ---------------------------------------------------------------------------------------
const NAV = {
  talent: [["#/dashboard", "Dashboard"], ["#/inbox", "Messages"], ["#/notices", "Casting calls"],
    ["#/applications", "My applications"], ["#/profile", "My profile"], ["#/media", "Media locker"]],
  casting: [["#/dashboard", "Dashboard"], ["#/inbox", "Messages"], ["#/notices", "Casting calls"],
    ["#/productions/new", "Post a notice"], ["#/profile", "My profile"]],
  editor: [["#/review", "Review queue"], ["#/inbox", "Messages"], ["#/notices", "Casting calls"]],
};

function renderNav(user) {
  const nav = document.getElementById("nav");
  const here = parseHash().path;
  const links = user ? NAV[user.role] || [] : [["#/notices", "Casting calls"], ["#/signin", "Sign in"]];
  const items = links.map(([href, label]) => {
    const target = href.slice(1);
    const active = here === target || (label === "Messages" && /^\/(inbox|sent|archive|threads)/.test(here));
    const link = h("a", { href, "aria-current": active ? "page" : null }, label);
    if (label === "Messages") link.append(h("span", { class: "badge", id: "unread-badge", hidden: true }));
    return h("li", {}, link);
  });
  const who = user
    ? h("div", { class: "who" }, h("a", { href: "#/account", "aria-current": here === "/account" ? "page" : null },
      user.name ? `${user.name} (${user.role})` : "Account"),
    h("button", { type: "button", class: "link-button", onclick: signOut }, "Sign out"))
    : null;
  // On a phone the links fold behind one Menu button (with the unread count on it), so the
  // header stays one line; from 600px they are always shown and the button is not.
  const menu = h("div", { class: "nav-menu", id: "nav-menu" }, h("ul", {}, items), who);
  const toggle = h("button", { type: "button", class: "menu-button", "aria-expanded": "false", "aria-controls": "nav-menu" },
    "Menu", user ? h("span", { class: "badge", id: "menu-badge", hidden: true }) : null);
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("open", open);
    if (open) menu.querySelector("a")?.focus();
  });
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      toggle.click();
      toggle.focus();
    }
  });
  clear(nav, toggle, menu);
}

let unreadRequest = 0;
async function refreshUnread() {
  const badge = document.getElementById("unread-badge");
  if (!badge || !session()) return;
  const mine = ++unreadRequest;
  try {
    const { unread, in_archive: inArchive = 0 } = await get("/threads/unread-count");
    if (mine !== unreadRequest) return;
    // Unread threads in the Archive count too: the badge says where they are, or they could not be found.
    const where = inArchive ? `, ${inArchive} in Archive` : "";
    badge.hidden = unread === 0;
    badge.title = `${unread} unread${where}`;
    clear(badge, String(unread), h("span", { class: "visually-hidden" }, ` unread${where}`));
    const menuBadge = document.getElementById("menu-badge");
    if (menuBadge) {
      menuBadge.hidden = unread === 0;
      clear(menuBadge, String(unread), h("span", { class: "visually-hidden" }, ` unread messages${where}`));
    }
    window.dispatchEvent(new CustomEvent("callboard:unread", { detail: { unread, inArchive } }));
  } catch {
    badge.hidden = true; // the count is a convenience; the inbox itself shows any error
  }
}

window.addEventListener("hashchange", route);
window.addEventListener(ROUTE_EVENT, route);
window.addEventListener(UNREAD_EVENT, refreshUnread);
document.querySelector(".skip-link").addEventListener("click", (event) => {
  event.preventDefault(); // the hash is the router's: move focus instead of navigating
  const main = document.getElementById("main");
  (main.querySelector("h1") || main).focus();
});
window.addEventListener("callboard:session-changed", () => {
  renderNav(session());
  refreshUnread();
});
window.addEventListener("callboard:signed-out", () => {
  renderNav(null);
  const main = document.getElementById("main");
  show(main, signin.page, () => signin.page.render(main, { path: "/signin", query: new URLSearchParams(), params: [],
    returnTo: window.location.hash, reason: "Your session has ended. Please sign in again." }));
});

async function start() {
  try {
    const returnTo = await finishHostedSignIn();
    if (returnTo) {
      const me = await get("/me");
      updateSessionUser({ user_id: me.user_id, name: me.name, role: me.role });
      window.location.hash = returnTo;
    }
  } catch (error) {
    const main = document.getElementById("main");
    clear(main, heading("Sign-in failed"), h("p", { class: "form-error", role: "alert" }, error.message));
    return;
  }
  route();
}

start();
