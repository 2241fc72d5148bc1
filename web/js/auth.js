// Who is signed in. The local stage signs in through POST /dev/token; deployed stages through
// the Cognito hosted UI (authorization code with PKCE; the ID token is the bearer token, as the
// API Gateway Cognito authorizer expects, and carries the name and email the API reads).
import config from "../config.js";

const SESSION_KEY = "callboard.session";
const PKCE_KEY = "callboard.pkce";
let ended = false;

function decodeJwt(token) {
  try {
    const payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), "=")));
  } catch {
    return {};
  }
}

export function session() {
  try {
    const stored = JSON.parse(localStorage.getItem(SESSION_KEY) || "null");
    if (!stored || !stored.token) return null;
    if (stored.expiresAt && stored.expiresAt * 1000 <= Date.now()) return null;
    return stored;
  } catch {
    return null;
  }
}

export function currentToken() {
  return session()?.token || null;
}

export function saveSession(token, user) {
  const { exp } = decodeJwt(token);
  localStorage.setItem(SESSION_KEY, JSON.stringify({ token, expiresAt: exp || null, ...user }));
  ended = false;
}

export function updateSessionUser(user) {
  const current = session();
  if (current) localStorage.setItem(SESSION_KEY, JSON.stringify({ ...current, ...user }));
  window.dispatchEvent(new Event("callboard:session-changed")); // the header shows the new name
}

export function signOut() {
  localStorage.removeItem(SESSION_KEY);
  if (config.auth === "cognito" && config.cognito) {
    const url = new URL(`https://${config.cognito.domain}/logout`);
    url.searchParams.set("client_id", config.cognito.clientId);
    url.searchParams.set("logout_uri", redirectUri());
    window.location.assign(url.toString());
    return;
  }
  window.location.hash = "#/signin";
}

// A 401 with a token: the token expired or was revoked. The screen then offers sign-in.
export function sessionEnded() {
  if (ended) return;
  ended = true;
  localStorage.removeItem(SESSION_KEY);
  window.dispatchEvent(new CustomEvent("callboard:signed-out"));
}

// -- Cognito hosted UI ------------------------------------------------------------------------
function redirectUri() {
  return config.cognito?.redirectUri || `${window.location.origin}/`;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function startHostedSignIn() {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = base64url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, returnTo: window.location.hash }));
  const url = new URL(`https://${config.cognito.domain}/oauth2/authorize`);
  for (const [key, value] of Object.entries({
    response_type: "code",
    client_id: config.cognito.clientId,
    redirect_uri: redirectUri(),
    scope: "openid email profile",
    state,
    code_challenge_method: "S256",
    code_challenge: challenge,
  })) url.searchParams.set(key, value);
  window.location.assign(url.toString());
}

// Back from the hosted UI with ?code=…&state=…: trade the code for tokens. Returns the hash
// to go on to, or null when this page load is not such a return.
export async function finishHostedSignIn() {
  const params = new URLSearchParams(window.location.search);
  if (config.auth !== "cognito" || !params.has("code")) return null;
  const pending = JSON.parse(sessionStorage.getItem(PKCE_KEY) || "null");
  sessionStorage.removeItem(PKCE_KEY);
  window.history.replaceState(null, "", window.location.pathname + window.location.hash);
  if (!pending || pending.state !== params.get("state")) {
    throw new Error("The sign-in could not be completed (it was started in another tab or expired). Please sign in again.");
  }
  const response = await fetch(`https://${config.cognito.domain}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: config.cognito.clientId,
      code: params.get("code"),
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  if (!response.ok) throw new Error("The sign-in service refused the sign-in. Please try again.");
  const tokens = await response.json();
  saveSession(tokens.id_token, {});
  return pending.returnTo || "#/";
}
