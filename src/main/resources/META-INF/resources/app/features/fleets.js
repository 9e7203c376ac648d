// Fleets page (/owner/fleets in the seed): fleets list / create / rename / delete, and the selected fleet's
// vehicles with create / edit (status, move to another fleet) / delete. Lists are keyed, so a live update from
// another tab changes a row in place and never throws away a form someone is typing into.
import { effect } from '../core/signals.js';
import { h, setText, keyedList, replaceChildren, byName, byVin, statusBadge } from '../ui/dom.js';
import { field, statusField, formState, busy, versionedEditForm } from '../ui/forms.js';

export function mountFleets(container, ctx) {
  const { state, api, selectedFleetId, select } = ctx;
  const list = h('ul', { class: 'fleet-list', 'aria-label': 'Fleets' });
  const emptyList = h('p', { class: 'empty', text: 'No fleets yet: create the first one above.' });
  const vehiclesPanel = h('section', { class: 'panel vehicles-panel', 'aria-labelledby': 'vehicles-title' });

  const view = h('section', { class: 'view fleets', 'aria-labelledby': 'fleets-title' },
    h('div', { class: 'view-header' },
      h('div', {}, h('h1', { id: 'fleets-title', text: 'Fleets' }),
        h('p', { class: 'subtitle', text: 'Create and organise fleets and their vehicles. Every open tab sees your changes at once.' }))),
    h('div', { class: 'fleets-grid' },
      h('section', { class: 'panel fleets-panel', 'aria-labelledby': 'fleet-list-title' },
        h('h2', { id: 'fleet-list-title', text: 'Your fleets' }),
        createFleetForm(ctx),
        list, emptyList),
      vehiclesPanel));
  container.replaceChildren(view);

  let shownFleet = undefined;
  let vehiclesView = null;
  const stop = effect(() => {
    const fleets = [...state.fleets().values()].sort(byName);
    const vehicles = state.vehicles();
    const selected = selectedFleetId();
    const counts = new Map();
    for (const v of vehicles.values()) {
      counts.set(v.fleetId, (counts.get(v.fleetId) || 0) + 1);
    }
    emptyList.hidden = fleets.length > 0;
    keyedList(list, fleets, (f) => f.id, (f) => fleetRow(f, ctx));
    for (const row of list.__rows.values()) {
      row.refresh(counts, selected);
    }
    const fleet = selected ? state.fleets().get(selected) : null;
    if (shownFleet !== selected) {
      shownFleet = selected;
      vehiclesView?.dispose();
      vehiclesView = selected ? vehiclesOfFleet(vehiclesPanel, selected, ctx) : null;
      if (!selected) {
        replaceChildren(vehiclesPanel, h('h2', { id: 'vehicles-title', text: 'Vehicles' }),
          h('p', { class: 'empty', text: 'Select a fleet to see and manage its vehicles.' }));
      }
    }
    if (vehiclesView) {
      vehiclesView.refresh(fleet, [...vehicles.values()].filter((v) => v.fleetId === selected).sort(byVin), fleets);
    }
  });
  return () => {
    stop();
    vehiclesView?.dispose();
  };

  function createFleetForm() {
    const name = field({ label: 'Name', name: 'name', attrs: { maxlength: 200 } });
    const description = field({ label: 'Description', name: 'description', hint: 'Optional' });
    const form = formState([name, description]);
    const el = h('form', { class: 'inline-form create-fleet', novalidate: true, 'aria-label': 'Create a fleet' },
      name.wrapper, description.wrapper,
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Create fleet' })),
      form.message);
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      form.clear();
      try {
        const { body } = await busy(el, () => api.createFleet(cleanFleet(form.values())));
        state.upsertFleet(body);
        el.reset();
        form.show('success', `Fleet “${body.name}” created.`);
        select(body.id);
        name.input.focus();
      } catch (error) {
        form.showError(error);
      }
    });
    return el;
  }
}

function cleanFleet({ name, description }) {
  return { name: name.trim(), description: description.trim() === '' ? null : description.trim() };
}

function fleetRow(initial, { state, api, select, selectedFleetId }) {
  let fleet = initial;
  let editing = null;
  const nameButton = h('button', { type: 'button', class: 'fleet-name link', onclick: () => select(fleet.id) });
  const count = h('span', { class: 'fleet-count' });
  const description = h('p', { class: 'fleet-description' });
  const renameButton = h('button', { type: 'button', class: 'button small ghost', text: 'Rename', onclick: () => startEdit() });
  const deleteButton = h('button', { type: 'button', class: 'button small danger ghost', text: 'Delete', onclick: () => confirmDelete() });
  const summary = h('div', { class: 'fleet-summary' },
    h('div', { class: 'fleet-heading' }, nameButton, count), description,
    h('div', { class: 'row-actions' }, renameButton, deleteButton));
  const slot = h('div', { class: 'fleet-slot' });
  const el = h('li', { class: 'fleet-item', dataset: { fleetId: fleet.id } }, summary, slot);
  let vehicleCount = 0;

  function refreshView() {
    setText(nameButton, fleet.name);
    nameButton.setAttribute('aria-label', `Show vehicles of ${fleet.name}`);
    setText(description, fleet.description || '');
    description.hidden = !fleet.description;
    setText(count, `${vehicleCount} vehicle${vehicleCount === 1 ? '' : 's'}`);
    renameButton.setAttribute('aria-label', `Rename ${fleet.name}`);
    deleteButton.setAttribute('aria-label', `Delete ${fleet.name}`);
  }

  function startEdit() {
    const name = field({ label: 'Fleet name', name: 'name', value: fleet.name });
    const desc = field({ label: 'Description', name: 'description', value: fleet.description || '' });
    const el = versionedEditForm({
      label: `Rename ${fleet.name}`, className: 'edit-fleet', what: 'This fleet', fields: [name, desc],
      layout: [name.wrapper, desc.wrapper], version: fleet.version, focus: name.input,
      load: async () => {
        const { body } = await api.getFleet(fleet.id);
        state.upsertFleet(body);
        return body;
      },
      fill: (body) => {
        name.input.value = body.name;
        desc.input.value = body.description || '';
      },
      save: (values, version) => api.updateFleet(fleet.id, cleanFleet(values), version),
      done: ({ body }) => {
        state.upsertFleet(body);
        endEdit();
      },
      cancel: () => endEdit(),
    });
    editing = el;
    summary.hidden = true;
    slot.replaceChildren(el);
    name.input.focus();
    name.input.select();
  }

  function endEdit() {
    editing = null;
    slot.replaceChildren();
    summary.hidden = false;
    renameButton.focus();
  }

  function confirmDelete() {
    const message = h('div', { class: 'form-message', role: 'alert', hidden: true });
    const yes = h('button', { type: 'button', class: 'button danger small', text: 'Delete fleet' });
    const no = h('button', { type: 'button', class: 'button ghost small', text: 'Keep it' });
    const box = h('div', { class: 'confirm', role: 'group', 'aria-label': `Confirm deleting ${fleet.name}` },
      h('p', { text: vehicleCount > 0
        ? `Delete “${fleet.name}” and its ${vehicleCount} vehicle${vehicleCount === 1 ? '' : 's'}?`
        : `Delete “${fleet.name}”?` }),
      h('div', { class: 'form-actions' }, yes, no), message);
    no.addEventListener('click', () => { slot.replaceChildren(); deleteButton.focus(); });
    box.addEventListener('keydown', (e) => { if (e.key === 'Escape') no.click(); });
    yes.addEventListener('click', async () => {
      try {
        await busy(box, () => api.deleteFleet(fleet.id));
        if (selectedFleetId.peek() === fleet.id) {
          select(null);
        }
        state.removeFleet(fleet.id);
      } catch (error) {
        message.hidden = false;
        setText(message, error.status === 404 ? 'This fleet was already deleted.' : error.message);
      }
    });
    slot.replaceChildren(box);
    no.focus();
  }

  return {
    el,
    update(f) { fleet = f; refreshView(); },
    refresh(counts, selected) {
      vehicleCount = counts.get(fleet.id) || 0;
      el.classList.toggle('selected', selected === fleet.id);
      if (selected === fleet.id) {
        nameButton.setAttribute('aria-current', 'true');
      } else {
        nameButton.removeAttribute('aria-current');
      }
      refreshView();
    },
    get editing() { return editing; },
  };
}

function vehiclesOfFleet(panel, fleetId, ctx) {
  const { api, state } = ctx;
  const title = h('h2', { id: 'vehicles-title' });
  const gone = h('p', { class: 'form-message error', role: 'alert', hidden: true,
    text: 'This fleet was deleted in another tab or by someone else.' });
  const tbody = h('tbody');
  const empty = h('p', { class: 'empty', text: 'No vehicles in this fleet yet.' });
  const table = h('table', { class: 'vehicles-table' },
    h('caption', { class: 'visually-hidden', text: 'Vehicles of the selected fleet' }),
    h('thead', {}, h('tr', {}, ['VIN', 'Plate', 'Make and model', 'Year', 'Status', 'Actions']
      .map((label) => h('th', { scope: 'col', text: label })))),
    tbody);
  let fleets = [];
  const add = addVehicleForm();
  replaceChildren(panel, title, gone, add.el, h('div', { class: 'table-scroll' }, table), empty);

  return {
    dispose() {},
    refresh(fleet, vehicles, allFleets) {
      fleets = allFleets;
      setText(title, fleet ? `Vehicles in ${fleet.name}` : 'Vehicles');
      gone.hidden = Boolean(fleet);
      add.el.hidden = !fleet;
      table.hidden = vehicles.length === 0;
      empty.hidden = vehicles.length > 0 || !fleet;
      keyedList(tbody, vehicles, (v) => v.id, (v) => vehicleRow(v));
    },
  };

  function addVehicleForm() {
    const vin = field({ label: 'VIN', name: 'vin', hint: '17 characters, no I, O or Q', attrs: { maxlength: 40, spellcheck: 'false' } });
    const plate = field({ label: 'Plate', name: 'plate' });
    const make = field({ label: 'Make', name: 'make' });
    const model = field({ label: 'Model', name: 'model' });
    const year = field({ label: 'Year', name: 'year', kind: 'number', value: String(new Date().getFullYear()) });
    const status = statusField();
    const form = formState([vin, plate, make, model, year, status]);
    const el = h('form', { class: 'inline-form add-vehicle', novalidate: true, 'aria-label': 'Add a vehicle' },
      h('div', { class: 'field-row' }, vin.wrapper, plate.wrapper),
      h('div', { class: 'field-row' }, make.wrapper, model.wrapper, year.wrapper, status.wrapper),
      h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Add vehicle' })),
      form.message);
    el.addEventListener('submit', async (event) => {
      event.preventDefault();
      form.clear();
      try {
        const { body } = await busy(el, () => api.createVehicle(fleetId, vehicleBody(form.values())));
        state.upsertVehicle(body);
        const keepYear = year.input.value;
        el.reset();
        year.input.value = keepYear;
        form.show('success', `Vehicle ${body.vin} added.`);
        vin.input.focus();
      } catch (error) {
        form.showError(error);
      }
    });
    return { el };
  }

  function vehicleRow(initial) {
    let vehicle = initial;
    const cells = {
      vin: h('td', { class: 'vin' }), plate: h('td'), makeModel: h('td'), year: h('td', { class: 'num' }), status: h('td'),
    };
    const editButton = h('button', { type: 'button', class: 'button small ghost', text: 'Edit', onclick: () => startEdit() });
    const deleteButton = h('button', { type: 'button', class: 'button small ghost danger', text: 'Delete', onclick: () => confirmDelete() });
    const actions = h('td', { class: 'row-actions' }, editButton, deleteButton);
    const el = h('tr', { dataset: { vehicleId: vehicle.id } }, Object.values(cells), actions);
    let mode = 'view';

    function refreshView() {
      if (mode !== 'view') {
        return;
      }
      setText(cells.vin, vehicle.vin);
      setText(cells.plate, vehicle.plate || '—');
      setText(cells.makeModel, `${vehicle.make} ${vehicle.model}`);
      setText(cells.year, vehicle.year);
      if (cells.status.dataset.status !== vehicle.status) {
        cells.status.dataset.status = vehicle.status;
        cells.status.replaceChildren(statusBadge(vehicle.status));
      }
      editButton.setAttribute('aria-label', `Edit ${vehicle.vin}`);
      deleteButton.setAttribute('aria-label', `Delete ${vehicle.vin}`);
    }

    function showCells() {
      mode = 'view';
      el.replaceChildren(...Object.values(cells), actions);
      refreshView();
    }

    function startEdit() {
      mode = 'edit';
      const plate = field({ label: 'Plate', name: 'plate', value: vehicle.plate || '' });
      const make = field({ label: 'Make', name: 'make', value: vehicle.make });
      const model = field({ label: 'Model', name: 'model', value: vehicle.model });
      const year = field({ label: 'Year', name: 'year', kind: 'number', value: String(vehicle.year) });
      const status = statusField(vehicle.status);
      const fleet = field({ label: 'Fleet', name: 'fleetId', kind: 'select', value: vehicle.fleetId,
        options: fleets.map((f) => [f.id, f.name]) });
      const cancel = () => { showCells(); editButton.focus(); };
      const formEl = versionedEditForm({
        label: `Edit ${vehicle.vin}`, className: 'edit-vehicle', what: 'This vehicle',
        fields: [plate, make, model, year, status, fleet], version: vehicle.version, focus: status.input,
        layout: [h('p', { class: 'edit-title', text: `Edit ${vehicle.vin}` }),
          h('div', { class: 'field-row' }, status.wrapper, fleet.wrapper, plate.wrapper),
          h('div', { class: 'field-row' }, make.wrapper, model.wrapper, year.wrapper)],
        load: async () => {
          const { body } = await api.getVehicle(vehicle.id);
          state.upsertVehicle(body);
          return body;
        },
        fill: (body) => {
          plate.input.value = body.plate || '';
          make.input.value = body.make;
          model.input.value = body.model;
          year.input.value = String(body.year);
          status.input.value = body.status;
          fleet.input.value = body.fleetId;
        },
        save: (values, version) => api.updateVehicle(vehicle.id, vehicleBody({ ...values, vin: vehicle.vin }), version),
        done: ({ body }) => {
          state.upsertVehicle(body);
          if (el.isConnected) {
            cancel();
          }
        },
        cancel,
      });
      el.replaceChildren(h('td', { colspan: 6, class: 'edit-cell' }, formEl));
      status.input.focus();
    }

    function confirmDelete() {
      mode = 'confirm';
      const yes = h('button', { type: 'button', class: 'button danger small', text: 'Delete vehicle' });
      const no = h('button', { type: 'button', class: 'button ghost small', text: 'Keep it' });
      const message = h('span', { class: 'field-error', role: 'alert' });
      const cell = h('td', { colspan: 6, class: 'edit-cell' },
        h('div', { class: 'confirm', role: 'group', 'aria-label': `Confirm deleting ${vehicle.vin}` },
          h('p', { text: `Delete ${vehicle.vin}${vehicle.plate ? ` (${vehicle.plate})` : ''}?` }),
          h('div', { class: 'form-actions' }, yes, no), message));
      no.addEventListener('click', () => { showCells(); deleteButton.focus(); });
      cell.addEventListener('keydown', (e) => { if (e.key === 'Escape') no.click(); });
      yes.addEventListener('click', async () => {
        try {
          await busy(cell, () => api.deleteVehicle(vehicle.id));
          state.removeVehicle(vehicle.id);
        } catch (error) {
          setText(message, error.status === 404 ? 'This vehicle was already deleted.' : error.message);
        }
      });
      el.replaceChildren(cell);
      no.focus();
    }

    refreshView();
    return { el, update(v) { vehicle = v; refreshView(); } };
  }
}

function vehicleBody({ vin, plate, make, model, year, status, fleetId }) {
  const body = {
    vin: vin.trim(),
    plate: plate.trim() === '' ? null : plate.trim(),
    make: make.trim(),
    model: model.trim(),
    year: year.trim() === '' ? null : Number(year),
    status,
  };
  if (fleetId) {
    body.fleetId = fleetId;
  }
  return body;
}
