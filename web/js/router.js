// What a view asks of the shell, as events on window: main.js imports every view, so a view
// importing main.js back would make an import loop. This module imports nothing.
export const ROUTE_EVENT = "callboard:route";
export const UNREAD_EVENT = "callboard:unread-changed";

// Go to a page; the same hash again renders it again (hashchange would not fire).
export function navigate(hash) {
  if (window.location.hash === hash) window.dispatchEvent(new Event(ROUTE_EVENT));
  else window.location.hash = hash;
}

// The unread count may have changed: the header's badge asks the server again.
export function refreshUnread() {
  window.dispatchEvent(new Event(UNREAD_EVENT));
}
