// The media locker: headshots, reels, audio and documents, with counts by kind; uploads go
// straight to the file store with a progress bar and are checked before they count.
import { get, post } from "../api.js";
import {
  announce, busy, bytes, clear, errorSlot, field, h, heading, select, showError, showFormError, when,
} from "../dom.js";
import { ACCEPT, problemWith, uploadFile } from "../uploads.js";

const KINDS = [["photo", "Photo (headshot)"], ["video", "Video reel"], ["audio", "Audio reel"], ["document", "Document (résumé)"]];

export const page = {
  async render(main) {
    const list = h("ul", { class: "media-list" });
    const counts = h("ul", { class: "tab-counts" });
    const listError = errorSlot();
    let cursor = null;
    const more = h("button", { type: "button", hidden: true }, "More");
    const load = async (reset) => {
      try {
        if (reset) cursor = null;
        const page = await get("/me/media", { cursor: cursor || undefined, limit: 50 });
        if (reset) clear(list);
        list.append(...page.items.map(mediaItem));
        cursor = page.next_cursor;
        more.hidden = !cursor;
        clear(counts, KINDS.map(([kind, label]) => h("li", {}, h("span", {}, label), h("strong", { class: "count" }, String(page.counts?.[kind] ?? 0)))));
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
      field("File", file, { name: "filename", hint: "At most 6 MB. Photos: JPEG, PNG, GIF, WebP. Video: MP4, MOV. "
        + "Audio: MP3, M4A, WAV. Documents: PDF, Word, plain text." }),
      progress, state, error, upload);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(upload, async () => {
        showError(error, null);
        const chosen = file.files[0];
        if (!chosen) {
          showFormError(form, error, new Error("filename is required: choose a file to upload."));
          return;
        }
        const problem = problemWith(chosen);
        if (problem) {
          showFormError(form, error, new Error(`filename: ${problem}`));
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
    clear(main, heading("Media locker"), counts,
      h("section", { class: "box", "aria-labelledby": "upload-heading" }, h("h2", { id: "upload-heading" }, "Add to your locker"), form),
      h("section", { "aria-labelledby": "items-heading" }, h("h2", { id: "items-heading" }, "In your locker"), listError, list, more));
  },
};

function mediaItem(item) {
  return h("li", {}, h("strong", {}, item.title || item.filename), ` · ${item.kind}`,
    item.size ? ` · ${bytes(item.size)}` : "", item.status !== "ready" ? ` · ${item.status}` : "",
    item.created_at ? [" · ", when(item.created_at)] : null);
}
