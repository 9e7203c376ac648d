// Bootstraps the dashboard: sign-in, the REST load, the live connection, and a hash router with the seed's
// routes (#/owner/dashboard, #/owner/fleets[/<fleetId>]). Static files only: the service serves them at /.
import { signal, effect } from './core/signals.js';
import { OwnerAuthService } from './core/auth.js';
import { ApiClient } from './core/api.js';
import { OwnerStateService } from './core/owner-state.js';
import { RealtimeService } from './core/realtime.js';
import { h, setText } from './ui/dom.js';
import { mountDashboard } from './features/dashboard.js';
import { mountFleets } from './features/fleets.js';
import { mountSignIn } from './features/sign-in.js';

const main = document.getElementById('main');
const auth = new OwnerAuthService();
const ownerState = new OwnerStateService();
const api = new ApiClient(auth, () => auth.signOut('Your session has expired or was refused: sign in again.'));
const realtime = new RealtimeService(ownerState, auth, () => loadOwner());
const route = signal(parseRoute());
const now = signal(Date.now());
const reportingMinutes = signal(15);
const loadError = signal(null);
const restoring = signal(true);
let unmount = () => {};
let mounted = null;

setInterval(() => now.set(Date.now()), 5000);
window.addEventListener('hashchange', () => route.set(parseRoute()));
document.getElementById('skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
document.getElementById('sign-out').addEventListener('click', () => auth.signOut(null, { explicit: true }));

/** Loads fleets and vehicles (with their latest telemetry) over REST; returns the feed position to follow from. */
async function loadOwner() {
  const [fleets, vehicles] = await Promise.all([api.listFleets(), api.listVehicles()]);
  const seq = Math.min(fleets.seq ?? 0, vehicles.seq ?? 0);
  ownerState.reset({ fleets: fleets.items, vehicles: vehicles.items, seq });
  return seq;
}

function parseRoute() {
  const match = /^#\/owner\/(dashboard|fleets)(?:\/([0-9a-fA-F-]{36}))?$/.exec(location.hash);
  if (!match) {
    return { name: 'dashboard', fleetId: null };
  }
  return { name: match[1], fleetId: match[2] || null };
}

const selectedFleetId = signal(route.peek().fleetId);
effect(() => selectedFleetId.set(route().fleetId));

function selectFleet(fleetId) {
  location.hash = fleetId ? `#/owner/fleets/${fleetId}` : '#/owner/fleets';
}

// Session lifecycle: sign in -> load -> connect; sign out -> disconnect and forget.
let sessionToken = null;
let expiryTimer = null;
effect(() => {
  const session = auth.session();
  const token = session?.token ?? null;
  if (token === sessionToken) {
    return;
  }
  sessionToken = token;
  realtime.stop();
  ownerState.clear();
  loadError.set(null);
  document.getElementById('session').hidden = !session;
  document.getElementById('main-nav').hidden = !session;
  setText(document.getElementById('owner-label'), session ? session.ownerId : '');
  clearTimeout(expiryTimer);
  if (session?.expiresAt) {
    // The hub closes the socket when the token expires; the page says why instead of retrying in vain.
    expiryTimer = setTimeout(() => auth.signOut('Your session has expired: sign in again.'),
      Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1));
  }
  if (session) {
    document.getElementById('owner-label').title = session.subject ? `Signed in as ${session.subject}` : '';
    start(session);
  }
});

async function start(session) {
  try {
    await loadOwner();
    if (auth.session.peek() === session) {
      await realtime.start(session.ownerId);
    }
  } catch (error) {
    if (auth.session.peek() === session) {
      loadError.set(error.status === 403
        ? `This token may not read owner “${session.ownerId}”.`
        : error.message || String(error));
    }
  }
}

// The status badge: connected / reconnecting / offline, with the last seq applied.
effect(() => {
  const status = realtime.status();
  const seq = ownerState.lastSeq();
  const badge = document.getElementById('connection-status');
  const text = {
    connected: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline',
  }[status];
  badge.dataset.state = status;
  badge.dataset.seq = seq === null ? '' : String(seq);
  // Only the state is a live region: screen readers hear "Reconnecting…", not every new seq.
  setText(badge.querySelector('.badge-text'), text);
  setText(badge.querySelector('.badge-seq'), seq === null ? '' : ` · seq ${seq}`);
  badge.title = `Realtime feed: ${status}${seq === null ? '' : `, last change ${seq}`}`;
});

// The connection log (SignalR warnings, joins, resyncs): collapsed in the footer, for the curious and for support.
effect(() => {
  const lines = realtime.log();
  document.getElementById('footer').hidden = !auth.session();
  document.getElementById('conn-log').replaceChildren(...lines.map((line) => h('li', { text: line })));
});

// The router: which view is mounted.
effect(() => {
  const session = auth.session();
  const current = route();
  const error = loadError();
  const loaded = ownerState.loaded();
  const key = restoring() ? 'loading' : !session ? 'sign-in' : error ? 'error' : !loaded ? 'loading' : current.name;
  for (const link of document.querySelectorAll('#main-nav a')) {
    if (link.dataset.route === current.name) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  if (key === mounted) {
    return;
  }
  const hadFocus = mounted !== null && mounted !== 'loading';
  mounted = key;
  unmount();
  unmount = () => {};
  document.title = { dashboard: 'Dashboard · FleetPulse', fleets: 'Fleets · FleetPulse' }[key] || 'FleetPulse';
  const ctx = { state: ownerState, api, auth, realtime, now, reportingMinutes, selectedFleetId, select: selectFleet };
  if (key === 'sign-in') {
    unmount = mountSignIn(main, { auth, notice: auth.notice.peek() });
  } else if (key === 'error') {
    main.replaceChildren(h('section', { class: 'view' }, h('div', { class: 'panel' },
      h('h1', { text: 'Cannot load this owner' }), h('p', { class: 'form-message error', role: 'alert', text: error }),
      h('button', { type: 'button', class: 'button', text: 'Sign out', onclick: () => auth.signOut(null, { explicit: true }) }))));
  } else if (key === 'loading') {
    main.replaceChildren(h('p', { class: 'loading', text: 'Loading your fleets…' }));
  } else if (key === 'dashboard') {
    unmount = mountDashboard(main, ctx);
  } else {
    unmount = mountFleets(main, ctx);
  }
  if (hadFocus) {
    // Moving between views: put keyboard and screen reader users at the new view's start.
    main.focus({ preventScroll: true });
  }
});

auth.restore().finally(() => restoring.set(false));
