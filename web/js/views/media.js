// The media locker: headshots, reels, audio and documents, with counts by kind; uploads go
// straight to the file store with a progress bar and are checked before they count.
import { del, get, patch, post, put } from "../api.js";
import {
  announce, busy, fieldProblem, bytes, clear, errorSlot, field, h, heading, select, showError, showFormError, when,
} from "../dom.js";
import { ACCEPT, MEDIA_LIMITS_TEXT, problemWith, uploadFile } from "../uploads.js";

const KINDS = [["photo", "Photo (headshot)"], ["video", "Video reel"], ["audio", "Audio reel"], ["document", "Document (résumé)"]];

export const page = {
  async render(main) {
    const list = h("ul", { class: "media-list" });
    const counts = h("ul", { class: "tab-counts" });
    const space = h("p", { class: "hint", id: "locker-space" });
    const listError = errorSlot();
    let cursor = null;
    const more = h("button", { type: "button", hidden: true }, "More");
    const load = async (reset) => {
      try {
        if (reset) cursor = null;
        const page = await get("/me/media", { cursor: cursor || undefined, limit: 50 });
        if (reset) clear(list);
        list.append(...page.items.map((item) => mediaItem(item, () => load(true))));
        cursor = page.next_cursor;
        more.hidden = !cursor;
        clear(counts, KINDS.map(([kind, label]) => h("li", { id: `locker-${kind}` }, h("span", {}, label),
          h("strong", { class: "count" }, String(page.counts?.[kind] ?? 0)))));
        if (page.quota_bytes) {
          clear(space, `Space used: ${bytes(page.counts?.bytes || 0)} of ${bytes(page.quota_bytes)}.`);
        }
        if (!list.children.length) list.append(h("li", { class: "empty" }, "Nothing in your locker yet."));
        return page;
      } catch (e) {
        showError(listError, e);
        return null;
      }
    };
    more.addEventListener("click", () => busy(more, () => load(false)));

    const kind = select(KINDS, { value: "photo" });
    const title = h("input", { type: "text", maxlength: 200 });
    const file = h("input", { type: "file", accept: ACCEPT });
    const progress = h("progress", { max: 100, value: 0, hidden: true, "aria-label": "Upload progress" });
    const state = h("p", { class: "upload-state", role: "status" });
    const error = errorSlot();
    const upload = h("button", { type: "submit", class: "primary" }, "Upload");
    const form = h("form", { class: "stack" },
      field("Kind", kind, { name: "kind" }), field("Title (optional)", title, { name: "title" }),
      field("File", file, { name: "filename", hint: MEDIA_LIMITS_TEXT }),
      progress, state, error, upload);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(upload, async () => {
        showError(error, null);
        const chosen = file.files[0];
        if (!chosen) {
          showFormError(form, error, fieldProblem("filename", "Choose a file to upload."));
          return;
        }
        const problem = problemWith(chosen);
        if (problem) {
          showFormError(form, error, fieldProblem("filename", problem));
          return;
        }
        progress.hidden = false;
        progress.value = 0;
        try {
          await uploadFile(chosen, {
            ask: (meta) => post("/me/media", { ...meta, kind: kind.value, title: title.value.trim() || undefined }),
            check: async (ticket) => {
              const page = await get("/me/media", { limit: 10 });
              return page.items.find((m) => m.media_id === ticket.media_id) || { status: "pending" };
            },
            onProgress: (fraction) => {
              progress.value = Math.round(fraction * 100);
              state.textContent = `Uploading ${progress.value}%`;
            },
            onState: (next) => { if (next === "checking") state.textContent = "Checking the file…"; },
          });
          state.textContent = `${chosen.name} is in your locker.`;
          announce("Uploaded.");
          file.value = "";
          title.value = "";
          await load(true);
        } catch (e) {
          state.textContent = "";
          showFormError(form, error, e);
        } finally {
          progress.hidden = true;
        }
      });
    });

    await load(true);
    clear(main, heading("Media locker"), counts, space,
      h("section", { class: "box", "aria-labelledby": "upload-heading" }, h("h2", { id: "upload-heading" }, "Add to your locker"), form),
      h("section", { "aria-labelledby": "items-heading" }, h("h2", { id: "items-heading" }, "In your locker"), listError, list, more));
  },
};

// One locker item: see it (a photo's thumbnail, a player for audio and video), download,
// rename, delete, and for a photo: make it the headshot the public profile shows.
function mediaItem(item, reload) {
  const label = item.title || item.filename;
  const error = h("span", { class: "form-error", role: "alert", hidden: true });
  const fail = (e) => { error.textContent = e.message; error.hidden = false; };
  const ready = item.status === "ready" && item.download_url;
  let preview = h("span", { class: "media-preview placeholder", "aria-hidden": "true" }, item.kind === "document" ? "DOC" : "…");
  if (ready && item.kind === "photo") preview = h("img", { class: "media-preview", src: item.download_url, alt: label, loading: "lazy" });
  if (ready && item.kind === "video") {
    preview = h("video", { class: "media-preview", src: item.download_url, controls: true, preload: "metadata",
      "aria-label": `Play ${label}` });
  }
  if (ready && item.kind === "audio") {
    preview = h("audio", { class: "media-player", src: item.download_url, controls: true, preload: "none", "aria-label": `Play ${label}` });
  }
  const name = h("strong", { class: "media-title" }, label);
  const buttons = h("div", { class: "buttons" });
  if (ready) {
    buttons.append(h("a", { class: "button", href: item.download_url, download: item.filename, "aria-label": `Download ${label}` }, "Download"));
  }
  const rename = h("button", { type: "button", "aria-label": `Rename ${label}` }, "Rename");
  rename.addEventListener("click", () => renameForm(item, row, rename, reload));
  buttons.append(rename);
  if (ready && item.kind === "photo") {
    const headshot = h("button", { type: "button", class: item.headshot ? "" : "primary" },
      item.headshot ? "Stop using as headshot" : "Use as headshot");
    headshot.addEventListener("click", () => busy(headshot, async () => {
      try {
        await put("/me/headshot", { media_id: item.headshot ? null : item.media_id });
        announce(item.headshot ? "Your profile shows no headshot now." : `${label} is now the headshot on your profile.`);
        await reload();
      } catch (e) {
        fail(e);
      }
    }));
    buttons.append(headshot);
  }
  if (item.status !== "pending") {
    const remove = h("button", { type: "button", class: "danger", "aria-label": `Delete ${label}` }, "Delete");
    remove.addEventListener("click", () => busy(remove, async () => {
      if (!window.confirm(`Delete ${label} from your locker? Messages you already sent it in keep their copy.`)) return;
      try {
        await del(`/me/media/${encodeURIComponent(item.media_id)}`);
        announce(`${label} was deleted; its space is free again.`);
        await reload();
      } catch (e) {
        fail(e);
      }
    }));
    buttons.append(remove);
  }
  const row = h("li", { class: "media-item", dataset: { mediaId: item.media_id, kind: item.kind } }, preview,
    h("div", { class: "media-about" }, name,
      item.headshot ? h("span", { class: "tag paid" }, "Headshot on your profile") : null,
      h("p", { class: "hint" }, [KIND_WORDS[item.kind] || item.kind, item.size ? bytes(item.size) : "",
        item.status === "pending" ? "being checked" : item.status === "rejected" ? `refused: ${item.reason || "not the file it claims to be"}` : ""]
        .filter(Boolean).join(" · "), item.created_at ? [" · ", when(item.created_at)] : null),
      buttons, error));
  return row;
}

const KIND_WORDS = { photo: "Photo", video: "Video", audio: "Audio", document: "Document" };

function renameForm(item, row, button, reload) {
  const title = h("input", { type: "text", maxlength: 200, value: item.title || "" });
  const error = errorSlot();
  const save = h("button", { type: "submit", class: "primary" }, "Save name");
  const cancel = h("button", { type: "button" }, "Cancel");
  const form = h("form", { class: "inline-form rename", novalidate: true },
    field(`New name for ${item.title || item.filename}`, title, { name: "title", hint: "Leave empty to show the file name." }),
    h("div", { class: "buttons" }, save, cancel), error);
  cancel.addEventListener("click", () => { form.remove(); button.focus(); });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(save, async () => {
      try {
        await patch(`/me/media/${encodeURIComponent(item.media_id)}`, { title: title.value.trim() || null });
        announce("Renamed.");
        await reload();
      } catch (e) {
        showFormError(form, error, e);
      }
    });
  });
  row.querySelector(".rename")?.remove();
  row.querySelector(".media-about").append(form);
  title.focus();
}
