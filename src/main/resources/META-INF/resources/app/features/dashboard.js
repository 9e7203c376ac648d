// Dashboard (read-only, as in the seed): counts, vehicles per status, vehicles reporting in the last N minutes,
// the latest telemetry per vehicle updated in place, and the live map. Everything is derived from OwnerStateService.
import { effect } from '../core/signals.js';
import { h, setText, keyedList, STATUSES, statusLabel, statusBadge, byVin, ago, number } from '../ui/dom.js';
import { createFleetMap } from './fleet-map.js';

export function mountDashboard(container, { state, now, reportingMinutes }) {
  const card = (key, label, extra = null) => {
    const value = h('span', { class: 'card-value', dataset: { count: key }, text: '0' });
    const el = h('div', { class: `card card-${key}` }, h('span', { class: 'card-label', text: label }), value, extra);
    return { el, value };
  };
  const minutesId = 'reporting-minutes';
  const minutesInput = h('input', {
    id: minutesId, type: 'number', min: 1, max: 1440, step: 1, inputmode: 'numeric', class: 'minutes-input',
    value: String(reportingMinutes.peek()),
    oninput: (e) => {
      const n = Number(e.target.value);
      if (Number.isInteger(n) && n >= 1 && n <= 1440) {
        reportingMinutes.set(n);
      }
    },
  });
  const cards = {
    fleets: card('fleets', 'Fleets'),
    vehicles: card('vehicles', 'Vehicles'),
    ...Object.fromEntries(STATUSES.map((st) => [st, card(st.toLowerCase(), statusLabel(st))])),
    reporting: card('reporting', 'Reporting',
      h('span', { class: 'card-extra' }, h('label', { for: minutesId, text: 'within' }), minutesInput, 'min')),
  };
  const map = createFleetMap();
  const tbody = h('tbody');
  const emptyRow = h('p', { class: 'empty', text: 'No vehicles yet. Add some on the Fleets page.' });
  const table = h('table', { class: 'telemetry-table', 'aria-describedby': 'telemetry-caption' },
    h('caption', { id: 'telemetry-caption', class: 'visually-hidden', text: 'Latest telemetry per vehicle, updated live' }),
    h('thead', {}, h('tr', {},
      ['Vehicle', 'Status', 'Speed', 'Fuel / battery', 'Position', 'Last seen']
        .map((label) => h('th', { scope: 'col', text: label })))),
    tbody);

  const view = h('section', { class: 'view dashboard', 'aria-labelledby': 'dashboard-title' },
    h('div', { class: 'view-header' },
      h('div', {}, h('h1', { id: 'dashboard-title', text: 'Dashboard' }),
        h('p', { class: 'subtitle', text: 'Live view of your fleets. Changes from every tab and device appear here as they happen.' })),
      h('a', { class: 'button', href: '#/owner/fleets', text: 'Manage fleets' })),
    h('div', { class: 'cards', role: 'group', 'aria-label': 'Counts' }, Object.values(cards).map((c) => c.el)),
    h('div', { class: 'dashboard-grid' },
      h('section', { class: 'panel map-panel', 'aria-labelledby': 'map-title' },
        h('h2', { id: 'map-title', text: 'Positions' }), map.el,
        h('ul', { class: 'legend', 'aria-label': 'Legend' },
          STATUSES.map((st) => h('li', { class: `legend-item legend-${st.toLowerCase()}` }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), statusLabel(st))))),
      h('section', { class: 'panel telemetry-panel', 'aria-labelledby': 'telemetry-title' },
        h('h2', { id: 'telemetry-title', text: 'Latest telemetry' }),
        h('div', { class: 'table-scroll' }, table), emptyRow)));
  container.replaceChildren(view);

  const stop = effect(() => {
    const fleets = state.fleets();
    const vehicles = [...state.vehicles().values()].sort(byVin);
    const telemetry = state.telemetry();
    const at = now();
    const windowMs = reportingMinutes() * 60_000;
    setText(cards.fleets.value, fleets.size);
    setText(cards.vehicles.value, vehicles.length);
    for (const st of STATUSES) {
      setText(cards[st].value, vehicles.filter((v) => v.status === st).length);
    }
    setText(cards.reporting.value, vehicles.filter((v) => {
      const t = telemetry.get(v.id);
      return t && at - Date.parse(t.recordedAt) <= windowMs;
    }).length);
    emptyRow.hidden = vehicles.length > 0;
    table.hidden = vehicles.length === 0;
    keyedList(tbody, vehicles, (v) => v.id, (v) => telemetryRow(v, { fleets, telemetry, at }));
    for (const row of tbody.__rows.values()) {
      row.refresh({ fleets, telemetry, at });
    }
    map.update(vehicles, telemetry);
  });
  return stop;
}

function telemetryRow(vehicle, context) {
  let current = vehicle;
  let lastRecordedAt = null;
  const cells = {
    vehicle: h('td', { class: 'cell-vehicle' }),
    status: h('td', { class: 'cell-status' }),
    speed: h('td', { class: 'cell-speed num' }),
    energy: h('td', { class: 'cell-energy num' }),
    position: h('td', { class: 'cell-position num' }),
    seen: h('td', { class: 'cell-seen' }),
  };
  const plate = h('span', { class: 'plate' });
  const vin = h('span', { class: 'vin' });
  const fleetName = h('span', { class: 'fleet-of' });
  cells.vehicle.append(h('div', { class: 'vehicle-id' }, plate, fleetName, vin));
  const seenTime = h('time');
  cells.seen.append(seenTime);
  const el = h('tr', { dataset: { vehicleId: vehicle.id } }, Object.values(cells));
  let status = null;

  const row = {
    el,
    update(v) { current = v; },
    refresh({ fleets, telemetry, at }) {
      const v = current;
      const t = telemetry.get(v.id);
      setText(plate, v.plate || '—');
      setText(vin, v.vin);
      setText(fleetName, fleets.get(v.fleetId)?.name ?? '');
      if (status !== v.status) {
        status = v.status;
        cells.status.replaceChildren(statusBadge(v.status));
      }
      setText(cells.speed, t && typeof t.speedKph === 'number' ? `${number(t.speedKph)} km/h` : '—');
      const energy = [];
      if (t && typeof t.fuelPct === 'number') energy.push(`Fuel ${number(t.fuelPct)} %`);
      if (t && typeof t.batteryPct === 'number') energy.push(`Battery ${number(t.batteryPct)} %`);
      setText(cells.energy, energy.length ? energy.join(' · ') : '—');
      setText(cells.position, t ? `${t.lat.toFixed(3)}, ${t.lon.toFixed(3)}` : '—');
      setText(seenTime, ago(t?.recordedAt, at));
      if (t) {
        seenTime.dateTime = t.recordedAt;
        seenTime.title = new Date(t.recordedAt).toLocaleString();
      }
      const recordedAt = t?.recordedAt ?? null;
      if (lastRecordedAt !== null && recordedAt !== lastRecordedAt) {
        // A brief highlight shows which row the last TelemetryUpdated changed.
        el.classList.remove('flash');
        void el.offsetWidth;
        el.classList.add('flash');
      }
      lastRecordedAt = recordedAt;
      el.dataset.recordedAt = recordedAt ?? '';
    },
  };
  row.refresh(context);
  return row;
}
