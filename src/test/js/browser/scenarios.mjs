// Browser scenarios of the dashboard page, one per DashboardBrowserTest method:
//   node scenarios.mjs <scenario>     (BASE_URL, OWNER_A/TOKEN_A, OWNER_B/TOKEN_B, CHROMIUM_PATH, ARTIFACTS_DIR set)
// Every wait is on a condition in the page (waitForFunction / locators), never a fixed sleep.
import path from 'node:path';
import {
  env, log, launch, openTab, navigate, until, waitForBadge, badge, fleetItem, waitForFleet, check,
  checkNoConsoleErrors, rest, newVin, serverAction, PUSH_WAIT_MS,
} from './lib.mjs';

const HTTP_ERRORS_ON_PURPOSE = /Failed to load resource: the server responded with a status of (400|409|412)/;

const scenarios = {
  async 'fleets-in-two-tabs'(b) {
    const t1 = await openTab(b, 'tab1', env.tokenA, { route: '#/owner/fleets' });
    const t2 = await openTab(b, 'tab2', env.tokenA, { route: '#/owner/fleets' });
    const create = t1.page.getByRole('form', { name: 'Create a fleet' });
    await create.getByLabel('Name', { exact: true }).fill('Night Shift');
    await create.getByLabel('Description').fill('Vans after 22:00');
    await create.getByRole('button', { name: 'Create fleet' }).click();
    await waitForFleet(t2, 'Night Shift');
    check(await fleetItem(t2, 'Night Shift').locator('.fleet-description').textContent() === 'Vans after 22:00',
      'tab2 shows the description');

    await t1.page.getByRole('button', { name: 'Rename Night Shift', exact: true }).click();
    const rename = t1.page.getByRole('form', { name: 'Rename Night Shift' });
    await rename.getByLabel('Fleet name').fill('Night Owls');
    await rename.getByRole('button', { name: 'Save' }).click();
    await waitForFleet(t2, 'Night Owls');
    await waitForFleet(t2, 'Night Shift', false);

    // Names are text: markup in a name is shown as typed, never parsed.
    const markup = '<img src=x onerror="window.__xss=1"><b>Bold</b> & co';
    await create.getByLabel('Name', { exact: true }).fill(markup);
    await create.getByRole('button', { name: 'Create fleet' }).click();
    for (const tab of [t1, t2]) {
      await waitForFleet(tab, markup);
      check(await tab.page.evaluate(() => document.querySelectorAll('main img, main b').length === 0
        && window.__xss === undefined), `${tab.name}: the name was parsed as HTML`);
    }

    await t1.page.getByRole('button', { name: 'Delete Night Owls', exact: true }).click();
    await t1.page.getByRole('button', { name: 'Delete fleet', exact: true }).click();
    await waitForFleet(t2, 'Night Owls', false);
    await waitForFleet(t1, 'Night Owls', false);
    for (const tab of [t1, t2]) {
      // create, rename, create, delete: both tabs applied all four changes, in order
      await until(tab, 'seq 4 in the badge', () => document.getElementById('connection-status').dataset.seq === '4');
    }
    checkNoConsoleErrors(b);
  },

  async 'vehicles-in-two-tabs'(b) {
    const alpha = await rest('POST', env.tokenA, env.ownerA, '/fleets', { name: 'Alpha' });
    await rest('POST', env.tokenA, env.ownerA, '/fleets', { name: 'Bravo' });
    const t1 = await openTab(b, 'tab1', env.tokenA, { route: `#/owner/fleets/${alpha.id}` });
    const t2 = await openTab(b, 'tab2', env.tokenA, { route: `#/owner/fleets/${alpha.id}` });
    const vin = newVin();
    const add = t1.page.getByRole('form', { name: 'Add a vehicle' });
    await add.getByLabel('VIN').fill(vin);
    await add.getByLabel('Plate').fill('AL-101');
    await add.getByLabel('Make').fill('Ford');
    await add.getByLabel('Model').fill('Transit');
    await add.getByLabel('Year').fill('2022');
    await add.getByLabel('Status').selectOption('IDLE');
    await add.getByRole('button', { name: 'Add vehicle' }).click();
    await waitForVehicle(t2, vin, 'Idle');
    await waitForCount(t2, 'Alpha', '1 vehicle');

    await t1.page.getByRole('button', { name: `Edit ${vin}`, exact: true }).click();
    let edit = t1.page.getByRole('form', { name: `Edit ${vin}` });
    await edit.getByLabel('Status').selectOption('MAINTENANCE');
    await edit.getByRole('button', { name: 'Save' }).click();
    await waitForVehicle(t2, vin, 'Maintenance');

    await t1.page.getByRole('button', { name: `Edit ${vin}`, exact: true }).click();
    edit = t1.page.getByRole('form', { name: `Edit ${vin}` });
    await edit.getByLabel('Fleet').selectOption({ label: 'Bravo' });
    await edit.getByRole('button', { name: 'Save' }).click();
    await waitForVehicle(t2, vin, null);
    await waitForCount(t2, 'Alpha', '0 vehicles');
    await waitForCount(t2, 'Bravo', '1 vehicle');
    await t2.page.getByRole('button', { name: 'Show vehicles of Bravo', exact: true }).click();
    await waitForVehicle(t2, vin, 'Maintenance');

    await t1.page.getByRole('button', { name: 'Show vehicles of Bravo', exact: true }).click();
    await t1.page.getByRole('button', { name: `Delete ${vin}`, exact: true }).click();
    await t1.page.getByRole('button', { name: 'Delete vehicle', exact: true }).click();
    await waitForVehicle(t2, vin, null);
    await waitForCount(t2, 'Bravo', '0 vehicles');
    checkNoConsoleErrors(b);
  },

  async 'rest-change-and-another-owner'(b) {
    const t1 = await openTab(b, 'owner A dashboard', env.tokenA);
    const t2 = await openTab(b, 'owner A fleets', env.tokenA, { route: '#/owner/fleets' });
    const tb = await openTab(b, 'owner B fleets', env.tokenB, { route: '#/owner/fleets' });
    const depot = await rest('POST', env.tokenA, env.ownerA, '/fleets', { name: 'Depot North', description: 'Made by a script' });
    const vin = newVin();
    await rest('POST', env.tokenA, env.ownerA, `/fleets/${depot.id}/vehicles`,
      { vin, plate: 'DN-1', make: 'Volvo', model: 'FH16', year: 2021, status: 'ACTIVE' });
    await rest('PUT', env.tokenA, env.ownerA, `/fleets/${depot.id}`, { name: 'Depot North-East', description: 'Renamed by a script' },
      { 'If-Match': `"${depot.version}"` });
    await waitForFleet(t2, 'Depot North-East');
    await waitForCount(t2, 'Depot North-East', '1 vehicle');
    await until(t1, 'dashboard counts 1 fleet, 1 active vehicle, its row', (v) =>
      document.querySelector('[data-count=fleets]').textContent === '1'
      && document.querySelector('[data-count=vehicles]').textContent === '1'
      && document.querySelector('[data-count=active]').textContent === '1'
      && [...document.querySelectorAll('.telemetry-table .vin')].some((e) => e.textContent === v), vin);

    // Owner B's own change arrives; owner A's never did.
    await rest('POST', env.tokenB, env.ownerB, '/fleets', { name: 'B only' });
    await waitForFleet(tb, 'B only');
    const seen = await tb.page.evaluate(() => ({
      fleets: document.querySelectorAll('li.fleet-item').length,
      seq: document.getElementById('connection-status').dataset.seq,
      leaked: document.body.textContent.includes('Depot'),
    }));
    check(seen.fleets === 1 && seen.seq === '1' && !seen.leaked, `owner B saw owner A's data: ${JSON.stringify(seen)}`);
    await navigate(tb, '#/owner/dashboard');
    await until(tb, 'owner B dashboard with its own counts only', () =>
      document.querySelector('[data-count=fleets]').textContent === '1'
      && document.querySelector('[data-count=vehicles]').textContent === '0');
    checkNoConsoleErrors(b);
  },

  async 'telemetry-table-and-map'(b) {
    const vehicles = await demoFleet(env.tokenA, env.ownerA);
    const t1 = await openTab(b, 'tab1', env.tokenA);
    const t2 = await openTab(b, 'tab2', env.tokenA);
    const start = Date.now() - 60_000;
    await rest('POST', env.tokenA, env.ownerA, '/telemetry', {
      readings: vehicles.map((v, i) => ({ vehicleId: v.id, recordedAt: new Date(start + i * 1000).toISOString(), ...v.reading })),
    });
    const first = vehicles[0];
    for (const tab of [t1, t2]) {
      await until(tab, 'first readings in the table and on the map', ([id, n]) =>
        document.querySelector(`tr[data-vehicle-id="${id}"] .cell-speed`)?.textContent === '42 km/h'
        && document.querySelector(`g.marker[data-vehicle-id="${id}"]`)?.dataset.lat === '52.52'
        && document.querySelectorAll('g.marker').length === n, [first.id, vehicles.length], PUSH_WAIT_MS);
    }
    const before = await Promise.all([t1, t2].map((tab) => markerTransform(tab, first.id)));

    await rest('POST', env.tokenA, env.ownerA, `/vehicles/${first.id}/telemetry`, {
      recordedAt: new Date().toISOString(), lat: 52.531, lon: 13.43, speedKph: 57, headingDeg: 60, fuelPct: 54,
    });
    for (const [i, tab] of [t1, t2].entries()) {
      await until(tab, 'the new reading in the table and the marker moved', ([id, old]) => {
        const row = document.querySelector(`tr[data-vehicle-id="${id}"]`);
        const marker = document.querySelector(`g.marker[data-vehicle-id="${id}"]`);
        return row?.querySelector('.cell-speed').textContent === '57 km/h'
          && row.querySelector('.cell-energy').textContent === 'Fuel 54 %'
          && marker?.dataset.lat === '52.531' && marker.style.transform !== old;
      }, [first.id, before[i]], PUSH_WAIT_MS);
      await until(tab, `reporting = ${vehicles.length}`, (n) =>
        document.querySelector('[data-count=reporting]').textContent === String(n), vehicles.length);
    }
    // Screenshot once the markers have glided to their places and the row highlight has faded.
    await until(t1, 'animations finished', () => document.getAnimations().length === 0);
    await t1.page.screenshot({ path: path.join(env.artifacts, 'dashboard.png') });
    await t1.page.setViewportSize({ width: 390, height: 844 });
    await until(t1, 'phone layout without horizontal scrolling', () =>
      document.documentElement.scrollWidth <= window.innerWidth + 1);
    await until(t1, 'animations finished', () => document.getAnimations().length === 0);
    await t1.page.screenshot({ path: path.join(env.artifacts, 'dashboard-phone.png'), fullPage: true });
    checkNoConsoleErrors(b);
  },

  async 'reconnect-resumes'(b) {
    await rest('POST', env.tokenA, env.ownerA, '/fleets', { name: 'Before the drop' });
    const t1 = await openTab(b, 'tab1', env.tokenA, { route: '#/owner/fleets' });
    await waitForFleet(t1, 'Before the drop');
    check((await badge(t1)).seq === 1, 'the tab starts at seq 1');
    await t1.page.evaluate(() => {
      const el = document.getElementById('connection-status');
      window.__states = [];
      new MutationObserver(() => window.__states.push(el.dataset.state))
        .observe(el, { attributes: true, attributeFilter: ['data-state'] });
    });
    // Hold the tab's reconnect (its negotiate) until the change below is committed: it happens while away.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await t1.page.route('**/hub/fleets/negotiate**', async (route) => { await held; await route.continue(); });
    let reloads = 0;
    t1.page.on('request', (request) => { if (request.method() === 'GET' && request.url().includes('/api/owners/')) reloads++; });

    await serverAction(`drop-hub-sockets ${env.ownerA}`);
    await waitForBadge(t1, 'reconnecting');
    await rest('POST', env.tokenA, env.ownerA, '/fleets', { name: 'Made while away' });
    release();
    await waitForBadge(t1, 'connected');
    await waitForFleet(t1, 'Made while away');
    const after = await badge(t1);
    const states = await t1.page.evaluate(() => window.__states);
    check(after.seq === 2, `resumed to seq 2, badge says ${JSON.stringify(after)}`);
    check(states.indexOf('reconnecting') >= 0 && states.lastIndexOf('connected') > states.indexOf('reconnecting'),
      `badge went reconnecting -> connected: ${states}`);
    check(reloads === 0, `resumed from the last seq without reloading over REST (${reloads} GETs)`);
    await t1.page.unroute('**/hub/fleets/negotiate**');

    await rest('POST', env.tokenA, env.ownerA, '/fleets', { name: 'After the return' });
    await waitForFleet(t1, 'After the return');
    await until(t1, 'seq 3', () => document.getElementById('connection-status').dataset.seq === '3');
    checkNoConsoleErrors(b);
  },

  async 'validation-and-conflict'(b) {
    const t1 = await openTab(b, 'tab1', env.tokenA, { route: '#/owner/fleets', allowedErrors: [HTTP_ERRORS_ON_PURPOSE] });
    const create = t1.page.getByRole('form', { name: 'Create a fleet' });
    await create.getByRole('button', { name: 'Create fleet' }).click();
    await fieldError(t1, 'Create a fleet', 'name', /must not be blank/);

    await create.getByLabel('Name', { exact: true }).fill('Existing');
    await create.getByRole('button', { name: 'Create fleet' }).click();
    await waitForFleet(t1, 'Existing');
    await create.getByLabel('Name', { exact: true }).fill('EXISTING');
    await create.getByRole('button', { name: 'Create fleet' }).click();
    await fieldError(t1, 'Create a fleet', 'name', /./);

    const target = await rest('POST', env.tokenA, env.ownerA, '/fleets', { name: 'Target' });
    await waitForFleet(t1, 'Target');
    await t1.page.getByRole('button', { name: 'Show vehicles of Target', exact: true }).click();
    const add = t1.page.getByRole('form', { name: 'Add a vehicle' });
    await add.getByLabel('VIN').fill('NOT-A-VIN');
    await add.getByLabel('Make').fill('Ford');
    await add.getByLabel('Model').fill('Transit');
    await add.getByRole('button', { name: 'Add vehicle' }).click();
    await fieldError(t1, 'Add a vehicle', 'vin', /17 characters/);
    check(!(await add.locator('.field-make .field-error').isVisible()), 'no error next to Make');

    // 412: the form was opened at version 0; another client renames the fleet before it is saved.
    await t1.page.getByRole('button', { name: 'Rename Target', exact: true }).click();
    const rename = t1.page.getByRole('form', { name: 'Rename Target' });
    await rest('PUT', env.tokenA, env.ownerA, `/fleets/${target.id}`, { name: 'Target, renamed elsewhere' });
    await waitForFleet(t1, 'Target, renamed elsewhere');
    await rename.getByLabel('Fleet name').fill('Mine');
    await rename.getByRole('button', { name: 'Save' }).click();
    const conflict = rename.locator('.form-message.conflict');
    await conflict.waitFor();
    check(/changed in another tab.*reload\?/i.test(await conflict.textContent()), 'the conflict message offers a reload');
    await conflict.getByRole('button', { name: 'Reload' }).click();
    await until(t1, 'the form reloaded with the newer name', () =>
      document.querySelector('form.edit-fleet input[name=name]')?.value === 'Target, renamed elsewhere');
    await rename.getByLabel('Fleet name').fill('Mine');
    await rename.getByRole('button', { name: 'Save' }).click();
    await waitForFleet(t1, 'Mine');
    await waitForFleet(t1, 'Target, renamed elsewhere', false);

    // The same for a vehicle: its edit form is older than a status change made elsewhere.
    const vin = newVin();
    const vehicle = await rest('POST', env.tokenA, env.ownerA, `/fleets/${target.id}/vehicles`,
      { vin, make: 'Ford', model: 'Transit', year: 2022, status: 'ACTIVE' });
    await waitForVehicle(t1, vin, 'Active');
    await t1.page.getByRole('button', { name: `Edit ${vin}`, exact: true }).click();
    const edit = t1.page.getByRole('form', { name: `Edit ${vin}` });
    const seq = (await badge(t1)).seq;
    await rest('PUT', env.tokenA, env.ownerA, `/vehicles/${vehicle.id}`,
      { vin, make: 'Ford', model: 'Transit', year: 2022, status: 'RETIRED' });
    await until(t1, 'the change from elsewhere applied', (n) =>
      document.getElementById('connection-status').dataset.seq === String(n), seq + 1);
    await edit.getByLabel('Status').selectOption('IDLE');
    await edit.getByRole('button', { name: 'Save' }).click();
    const vehicleConflict = edit.locator('.form-message.conflict');
    await vehicleConflict.waitFor();
    check(/this vehicle was changed in another tab/i.test(await vehicleConflict.textContent()), 'the vehicle conflict offers a reload');
    await vehicleConflict.getByRole('button', { name: 'Reload' }).click();
    await until(t1, 'the vehicle form reloaded with the newer status', () =>
      document.querySelector('form.edit-vehicle select[name=status]')?.value === 'RETIRED');
    checkNoConsoleErrors(b);
  },

  async 'sign-in-and-page-load'(b) {
    // Outside dev mode there is no /dev/sign-in: the page asks (on localhost only) and gets a 404.
    const devProbe = /\/dev\/sign-in/;
    const t1 = await openTab(b, 'signed out', null, { allowedErrors: [devProbe] });
    await t1.page.goto(`${env.base}/`);
    await t1.page.getByRole('heading', { name: 'Sign in to FleetPulse' }).waitFor();
    check(!(await t1.page.locator('#main-nav').isVisible()), 'no navigation before signing in');
    const token = t1.page.getByLabel('Access token (JWT)');
    await token.fill('not-a-token');
    await t1.page.getByRole('button', { name: 'Sign in' }).click();
    await until(t1, 'the token error next to the field', () =>
      document.getElementById('token-input-error')?.textContent.includes('not a JWT')
      && document.getElementById('token-input').getAttribute('aria-invalid') === 'true');
    await token.fill(env.tokenA);
    await t1.page.getByRole('button', { name: 'Sign in' }).focus();
    await t1.page.keyboard.press('Enter');
    await waitForBadge(t1, 'connected');
    await t1.page.locator('.view.dashboard').waitFor();
    const stored = await t1.page.evaluate(() => ({
      session: sessionStorage.getItem('fleetpulse.session'), local: localStorage.length, cookie: document.cookie,
      owner: document.getElementById('owner-label').textContent,
    }));
    check(stored.session?.includes(env.tokenA) && stored.local === 0 && stored.cookie === '' && stored.owner === env.ownerA,
      `the token is kept in this tab's sessionStorage only: ${JSON.stringify({ ...stored, session: Boolean(stored.session) })}`);
    await t1.page.reload();
    await waitForBadge(t1, 'connected');

    const t2 = await openTab(b, 'fragment', env.tokenB);
    const url = await t2.page.evaluate(() => location.href);
    check(!url.includes('access_token') && url.endsWith('#/owner/dashboard'), `the token left the address bar: ${url}`);
    check(await t2.page.locator('#owner-label').textContent() === env.ownerB, 'signed in as owner B');
    // Keyboard only: the navigation and a form.
    await t2.page.locator('#main-nav a[data-route=fleets]').focus();
    await t2.page.keyboard.press('Enter');
    await t2.page.locator('.view.fleets').waitFor();
    await t2.page.getByRole('form', { name: 'Create a fleet' }).getByLabel('Name', { exact: true }).focus();
    await t2.page.keyboard.type('Typed fleet');
    await t2.page.keyboard.press('Enter');
    await waitForFleet(t2, 'Typed fleet');
    const unlabelled = await t2.page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim())).map((el) => el.outerHTML));
    check(unlabelled.length === 0, `controls without a label: ${unlabelled}`);
    await t2.page.setViewportSize({ width: 390, height: 844 });
    await until(t2, 'phone layout without horizontal scrolling', () =>
      document.documentElement.scrollWidth <= window.innerWidth + 1);

    await t1.page.getByRole('button', { name: 'Sign out' }).click();
    await t1.page.getByRole('heading', { name: 'Sign in to FleetPulse' }).waitFor();
    check(await t1.page.evaluate(() => sessionStorage.getItem('fleetpulse.session')) === null, 'signing out forgets the token');
    checkNoConsoleErrors(b);
  },
};

async function waitForVehicle(tab, vin, status) {
  await until(tab, status ? `vehicle ${vin} listed as ${status}` : `vehicle ${vin} gone`, ([v, st]) => {
    const row = [...document.querySelectorAll('.vehicles-table tbody tr')]
      .find((tr) => tr.querySelector('td.vin')?.textContent === v);
    return st === null ? !row : row?.querySelector('.status')?.textContent === st;
  }, [vin, status]);
}

async function waitForCount(tab, fleet, text) {
  await until(tab, `${fleet}: ${text}`, ([name, t]) => [...document.querySelectorAll('li.fleet-item')]
    .some((li) => li.querySelector('.fleet-name').textContent === name && li.querySelector('.fleet-count').textContent === t),
  [fleet, text]);
}

/** The server's message for this field is shown next to it, tied to it for assistive technology, and focused. */
async function fieldError(tab, formName, fieldName, pattern) {
  await until(tab, `an error next to ${fieldName} in “${formName}”`, ([form, name, source]) => {
    const f = document.querySelector(`form[aria-label="${form}"]`);
    const error = f?.querySelector(`.field-${name} .field-error`);
    const input = f?.querySelector(`[name=${name}]`);
    return error && !error.hidden && new RegExp(source).test(error.textContent)
      && input.getAttribute('aria-invalid') === 'true'
      && input.getAttribute('aria-describedby').split(' ').includes(error.id)
      && document.activeElement === input;
  }, [formName, fieldName, pattern.source]);
}

async function markerTransform(tab, vehicleId) {
  return tab.page.evaluate((id) => document.querySelector(`g.marker[data-vehicle-id="${id}"]`).style.transform, vehicleId);
}

/** A small, realistic owner for the dashboard screenshot. */
async function demoFleet(token, owner) {
  const city = await rest('POST', token, owner, '/fleets', { name: 'City Deliveries', description: 'Vans serving the city centre' });
  const haul = await rest('POST', token, owner, '/fleets', { name: 'Long Haul', description: 'Trucks on regional routes' });
  const cars = await rest('POST', token, owner, '/fleets', { name: 'Service Cars' });
  const specs = [
    [city, 'CD-101', 'Ford', 'Transit', 2023, 'ACTIVE', { lat: 52.52, lon: 13.405, speedKph: 42, headingDeg: 80, fuelPct: 55 }],
    [city, 'CD-102', 'Mercedes-Benz', 'Sprinter', 2022, 'IDLE', { lat: 52.5465, lon: 13.359, speedKph: 0, fuelPct: 81 }],
    [city, 'CD-103', 'Renault', 'Master', 2021, 'ACTIVE', { lat: 52.4875, lon: 13.425, speedKph: 31, headingDeg: 190, fuelPct: 37 }],
    [haul, 'LH-201', 'Volvo', 'FH16', 2021, 'ACTIVE', { lat: 52.4102, lon: 13.52, speedKph: 84, headingDeg: 135, fuelPct: 62 }],
    [haul, 'LH-202', 'DAF', 'XF', 2020, 'MAINTENANCE', { lat: 52.4621, lon: 13.3101, speedKph: 0, fuelPct: 18 }],
    [cars, 'SC-301', 'Tesla', 'Model 3', 2024, 'ACTIVE', { lat: 52.5311, lon: 13.2902, speedKph: 48, headingDeg: 300, batteryPct: 71 }],
  ];
  const vehicles = [];
  for (const [fleet, plate, make, model, year, status, reading] of specs) {
    const v = await rest('POST', token, owner, `/fleets/${fleet.id}/vehicles`, { vin: newVin(), plate, make, model, year, status });
    vehicles.push({ id: v.id, reading });
  }
  return vehicles;
}

const name = process.argv[2];
const scenario = scenarios[name];
if (!scenario) {
  log(`FAIL unknown scenario ${name}; known: ${Object.keys(scenarios).join(', ')}`);
  process.exit(2);
}
const browser = await launch();
const started = Date.now();
let code = 0;
try {
  await scenario(browser);
  log(`PASS ${name} (${Date.now() - started} ms)`);
} catch (error) {
  code = 1;
  log(`FAIL ${name}: ${error.stack || error}`);
  for (const tab of browser.tabs) {
    log(`  ${tab.name}: console errors ${JSON.stringify(tab.errors)}`);
    const file = path.join(env.artifacts, `${name}-${tab.name.replace(/\W+/g, '_')}-failure.png`);
    await tab.page.screenshot({ path: file, fullPage: true }).then(() => log(`  screenshot ${file}`), () => {});
  }
} finally {
  await browser.close();
}
process.exit(code);
