// OwnerAuthService: who is signed in. The token lives in memory and in sessionStorage only (this tab's session,
// never localStorage or a cookie). Sources, in order: the URL fragment (#access_token=…, the OAuth implicit-flow
// convention: a fragment never reaches the server or its logs), this tab's session, and in dev mode /dev/sign-in.
import { signal } from './signals.js';

const STORAGE_KEY = 'fleetpulse.session';
const SIGNED_OUT_KEY = 'fleetpulse.signed-out';
const DEV_SIGN_IN = '/dev/sign-in';

/** Thrown for a token the page cannot use; the message is meant for the person who pasted it. */
export class TokenError extends Error {}

/** The claims of a compact JWS, without verifying it: the server verifies every request. */
export function decodeClaims(token) {
  const parts = String(token).trim().split('.');
  if (parts.length !== 3 || !parts[1]) {
    throw new TokenError('This is not a JWT (expected three dot-separated parts).');
  }
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = new TextDecoder().decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    if (claims === null || typeof claims !== 'object') {
      throw new Error('not an object');
    }
    return claims;
  } catch {
    throw new TokenError('The token’s payload cannot be read.');
  }
}

export class OwnerAuthService {
  constructor() {
    /** {token, ownerId, subject, staff, expiresAt} or null. */
    this.session = signal(null);
    /** Why the last session ended (shown on the sign-in form), or null. */
    this.notice = signal(null);
  }

  token() {
    return this.session.peek()?.token ?? null;
  }

  ownerId() {
    return this.session.peek()?.ownerId ?? null;
  }

  /** Signs in from the URL fragment, this tab's session, or dev mode's demo owner; false if none applies. */
  async restore() {
    const fragment = this.#takeFragment();
    if (fragment) {
      try {
        this.signIn(fragment.token, fragment.ownerId);
        return true;
      } catch (error) {
        this.notice.set(error.message);
        return false;
      }
    }
    const stored = readStored();
    if (stored) {
      try {
        this.signIn(stored.token, stored.ownerId);
        return true;
      } catch {
        sessionStorage.removeItem(STORAGE_KEY);
      }
    }
    if (sessionStorage.getItem(SIGNED_OUT_KEY) || !isLoopbackHost(location.hostname)) {
      return false;
    }
    return this.#devSignIn();
  }

  /** Validates the token's shape and lifetime, then keeps it for this tab. */
  signIn(token, ownerIdOverride) {
    const trimmed = String(token ?? '').trim().replace(/^Bearer\s+/i, '');
    if (!trimmed) {
      throw new TokenError('Paste a token first.');
    }
    const claims = decodeClaims(trimmed);
    const groups = Array.isArray(claims.groups) ? claims.groups : [];
    const staff = groups.includes('staff');
    if (!staff && !groups.includes('owner')) {
      throw new TokenError('This token is neither an owner’s nor staff’s (groups claim).');
    }
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : null;
    if (expiresAt !== null && expiresAt <= Date.now()) {
      throw new TokenError('This token has expired.');
    }
    const ownerId = (staff ? (ownerIdOverride || claims.owner_id) : claims.owner_id) || '';
    if (!ownerId) {
      throw new TokenError(staff ? 'A staff token needs the owner to open: fill in the owner id.'
        : 'This owner token has no owner_id claim.');
    }
    const session = { token: trimmed, ownerId, subject: claims.upn || claims.sub || '', staff, expiresAt };
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: trimmed, ownerId }));
    sessionStorage.removeItem(SIGNED_OUT_KEY);
    this.notice.set(null);
    this.session.set(session);
    return session;
  }

  /** explicit: the person chose to sign out, so dev mode does not sign this tab in again on reload. */
  signOut(notice = null, { explicit = false } = {}) {
    sessionStorage.removeItem(STORAGE_KEY);
    if (explicit) {
      sessionStorage.setItem(SIGNED_OUT_KEY, '1');
    }
    this.notice.set(notice);
    this.session.set(null);
  }

  /** Removes #access_token=… from the address bar and history at once, before anything else runs. */
  #takeFragment() {
    const hash = location.hash.startsWith('#') ? location.hash.slice(1) : '';
    if (!/(^|&)access_token=/.test(hash)) {
      return null;
    }
    const params = new URLSearchParams(hash);
    history.replaceState(null, '', location.pathname + location.search + '#/owner/dashboard');
    return { token: params.get('access_token'), ownerId: params.get('owner_id') };
  }

  async #devSignIn() {
    try {
      const response = await fetch(DEV_SIGN_IN, { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (!response.ok) {
        return false;
      }
      const body = await response.json();
      this.signIn(body.accessToken, body.ownerId);
      return true;
    } catch {
      return false;
    }
  }
}

function readStored() {
  try {
    const value = JSON.parse(sessionStorage.getItem(STORAGE_KEY) || 'null');
    return value && typeof value.token === 'string' ? value : null;
  } catch {
    return null;
  }
}

/** Dev mode listens on localhost; elsewhere there is no /dev/sign-in to ask (and no 404 in the console). */
function isLoopbackHost(hostname) {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}
