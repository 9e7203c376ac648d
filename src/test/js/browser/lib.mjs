// Shared helpers of the browser scenarios: Chromium, tabs with console checks, waits on conditions, REST calls.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const env = {
  base: required('BASE_URL'),
  ownerA: required('OWNER_A'),
  tokenA: required('TOKEN_A'),
  ownerB: required('OWNER_B'),
  tokenB: required('TOKEN_B'),
  chromium: required('CHROMIUM_PATH'),
  artifacts: required('ARTIFACTS_DIR'),
};

/** Condition waits: generous for a 2-core machine shared with other builds; they return as soon as it holds. */
export const WAIT_MS = 15_000;
/** TelemetryUpdated is conflated to one per second per vehicle: "within the push interval", with slack. */
export const PUSH_WAIT_MS = 6_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set (run through DashboardBrowserTest)`);
  }
  return value;
}

export function log(line) {
  process.stdout.write(`${line}\n`);
}

/** Debian's Chromium, headless, with a fresh profile directory. */
export async function launch() {
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'fleetpulse-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: env.chromium,
    headless: true,
    viewport: { width: 1280, height: 860 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const tabs = [];
  return {
    context,
    tabs,
    async close() {
      await context.close().catch(() => {});
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    },
  };
}

/**
 * Opens a tab signed in with token through /#access_token= and waits until it is live.
 * allowedErrors: regexes of console errors this scenario provokes on purpose (e.g. a 400 it asked for).
 */
export async function openTab(browser, name, token, { route = '#/owner/dashboard', allowedErrors = [] } = {}) {
  const page = await browser.context.newPage();
  const tab = { name, page, errors: [], allowedErrors };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      tab.errors.push(`${message.text()} @ ${message.location()?.url ?? ''}`);
    }
  });
  page.on('pageerror', (error) => tab.errors.push(`uncaught: ${error.message}`));
  browser.tabs.push(tab);
  if (token) {
    await page.goto(`${env.base}/#access_token=${encodeURIComponent(token)}`);
    await waitForBadge(tab, 'connected');
    if (route !== '#/owner/dashboard') {
      await navigate(tab, route);
    }
  }
  return tab;
}

export async function navigate(tab, route) {
  await tab.page.evaluate((hash) => { location.hash = hash; }, route);
  const view = route.startsWith('#/owner/fleets') ? '.view.fleets' : '.view.dashboard';
  await tab.page.locator(view).waitFor({ timeout: WAIT_MS });
}

/** Waits until fn (run in the tab) returns something truthy; what names the condition in the failure. */
export async function until(tab, what, fn, arg, timeout = WAIT_MS) {
  try {
    return await tab.page.waitForFunction(fn, arg, { timeout, polling: 50 });
  } catch (error) {
    throw new Error(`${tab.name}: timed out waiting for ${what} (${error.message.split('\n')[0]})`);
  }
}

export async function waitForBadge(tab, state, timeout = WAIT_MS) {
  await until(tab, `badge ${state}`, (s) => document.getElementById('connection-status')?.dataset.state === s, state, timeout);
}

export async function badge(tab) {
  return tab.page.evaluate(() => {
    const el = document.getElementById('connection-status');
    return { state: el.dataset.state, seq: el.dataset.seq === '' ? null : Number(el.dataset.seq), text: el.textContent.trim() };
  });
}

/** The fleet's list item on the Fleets page, found by its exact name (the accessible name of its button). */
export function fleetItem(tab, name) {
  return tab.page.locator('li.fleet-item', {
    has: tab.page.getByRole('button', { name: `Show vehicles of ${name}`, exact: true }),
  });
}

export async function waitForFleet(tab, name, present = true) {
  await until(tab, `fleet “${name}” ${present ? 'listed' : 'gone'}`, ([n, p]) => {
    const names = [...document.querySelectorAll('li.fleet-item .fleet-name')].map((b) => b.textContent);
    return names.includes(n) === p;
  }, [name, present]);
}

export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

export function checkNoConsoleErrors(browser) {
  for (const tab of browser.tabs) {
    const unexpected = tab.errors.filter((e) => !tab.allowedErrors.some((re) => re.test(e)));
    check(unexpected.length === 0, `${tab.name}: console errors: ${unexpected.join(' | ')}`);
  }
}

/** Another client (a script, another app) changing data over REST with the owner's token. */
export async function rest(method, token, owner, pathPart, body, headers = {}) {
  const response = await fetch(`${env.base}/api/owners/${encodeURIComponent(owner)}${pathPart}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${pathPart}: ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

let vinCounter = Math.floor(Math.random() * 90_000_000);
/** A valid VIN (17 characters, no I/O/Q), unique within a run. */
export function newVin() {
  vinCounter += 1;
  return `WDB906633${String(vinCounter).padStart(8, '0')}`;
}

/** Asks DashboardBrowserTest (the JVM that runs the server) to do something server-side, and waits for it. */
const answers = [];
let waiting = null;
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (waiting) {
    const resolve = waiting;
    waiting = null;
    resolve(line);
  } else {
    answers.push(line);
  }
});
export async function serverAction(request) {
  log(`ACTION ${request}`);
  const answer = answers.length > 0 ? answers.shift() : await new Promise((resolve) => { waiting = resolve; });
  check(answer === 'DONE', `server action ${request}: ${answer}`);
}
