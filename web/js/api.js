// The Callboard API over fetch, with the bearer token; errors become ApiError with the API's
// own sentence ({"error": {"code", "message"}}), so screens can show it in words.
import config from "../config.js";
import { currentToken, sessionEnded } from "./auth.js";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const UNREACHABLE = "Callboard could not be reached. Check your connection and try again.";

export function apiUrl(path, query) {
  const url = new URL(config.apiUrl.replace(/\/$/, "") + path);
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(key, String(value));
  }
  return url.toString();
}

export async function request(method, path, { body, query, auth = true } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const token = auth ? currentToken() : null;
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(apiUrl(path, query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "unreachable", UNREACHABLE);
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data && data.error;
    if (response.status === 401 && token) sessionEnded();
    const failure = new ApiError(response.status, error?.code || `http_${response.status}`,
      error?.message || `The server answered ${response.status} ${response.statusText}.`);
    if (typeof error?.field === "string") failure.field = error.field; // shown beside that field
    throw failure;
  }
  return data;
}

export const get = (path, query, options = {}) => request("GET", path, { ...options, query });
export const post = (path, body = {}, options = {}) => request("POST", path, { ...options, body });
export const put = (path, body = {}) => request("PUT", path, { body });
export const patch = (path, body = {}) => request("PATCH", path, { body });
export const del = (path) => request("DELETE", path);

// A presigned S3 POST (the API's `upload: {url, fields}`), sent with XMLHttpRequest because
// fetch cannot report upload progress. onProgress gets a fraction from 0 to 1.
export function uploadToStorage(upload, file, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const [key, value] of Object.entries(upload.fields || {})) form.append(key, value);
    form.append("file", file); // S3 ignores every field after the file
    const xhr = new XMLHttpRequest();
    xhr.open("POST", upload.url);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
        return;
      }
      const message = xhr.responseXML?.querySelector("Message")?.textContent
        || (xhr.responseText.match(/<Message>([^<]*)<\/Message>/) || [])[1];
      reject(new ApiError(xhr.status, "upload_refused",
        `The file store refused the upload${message ? `: ${message}` : ` (${xhr.status})`}.`));
    });
    xhr.addEventListener("error", () => reject(new ApiError(0, "unreachable", "The upload could not reach the file store. Try again.")));
    xhr.addEventListener("abort", () => reject(new ApiError(0, "aborted", "The upload was cancelled.")));
    xhr.send(form);
  });
}
