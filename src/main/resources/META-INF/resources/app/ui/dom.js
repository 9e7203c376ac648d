// DOM helpers. Every piece of data reaches the page as a text node or an attribute value, never as markup:
// fleet names, VINs and server messages cannot inject HTML (there is no innerHTML anywhere in this page).

const SVG_NS = 'http://www.w3.org/2000/svg';

/** h('button', {class: 'x', onclick: fn, dataset: {id}}, 'text', child…) */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** The same for SVG elements. */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      el.setAttribute('class', value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'text') {
      el.textContent = value;
    } else if (key === 'value' || key === 'checked' || key === 'selected') {
      el[key] = value;
    } else if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  appendAll(el, children);
  return el;
}

export function appendAll(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces all children of el. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return appendAll(el, children);
}

/** Sets textContent only when it changed (keeps selection and avoids needless layout). */
export function setText(el, text) {
  const value = text === null || text === undefined ? '' : String(text);
  if (el.textContent !== value) {
    el.textContent = value;
  }
}

/**
 * Keyed list rendering: keeps one element per key and updates it in place, so open forms, focus and
 * transitions survive live updates. create(item) returns {el, update(item)}; items arrive in display order.
 */
export function keyedList(container, items, keyOf, create) {
  const rows = container.__rows || (container.__rows = new Map());
  const wanted = new Set();
  let previous = null;
  for (const item of items) {
    const key = keyOf(item);
    wanted.add(key);
    let row = rows.get(key);
    if (!row) {
      row = create(item);
      rows.set(key, row);
    } else {
      row.update(item);
    }
    const expectedNext = previous ? previous.nextSibling : container.firstChild;
    if (expectedNext !== row.el) {
      container.insertBefore(row.el, expectedNext);
    }
    previous = row.el;
  }
  for (const [key, row] of rows) {
    if (!wanted.has(key)) {
      row.dispose?.();
      row.el.remove();
      rows.delete(key);
    }
  }
}

let ids = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix) {
  ids += 1;
  return `${prefix}-${ids}`;
}

export const STATUSES = ['ACTIVE', 'IDLE', 'MAINTENANCE', 'RETIRED'];

export function statusLabel(status) {
  return { ACTIVE: 'Active', IDLE: 'Idle', MAINTENANCE: 'Maintenance', RETIRED: 'Retired' }[status] || status;
}

export function statusBadge(status) {
  return h('span', { class: `status status-${String(status).toLowerCase()}`, text: statusLabel(status) });
}

export function byName(a, b) {
  const byLower = a.name.toLowerCase().localeCompare(b.name.toLowerCase());
  return byLower !== 0 ? byLower : a.id.localeCompare(b.id);
}

export function byVin(a, b) {
  return a.vin.localeCompare(b.vin);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

/** "12 sec. ago", "3 min. ago" …; null -> "never". */
export function ago(iso, now) {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 5) {
    return 'just now';
  }
  if (abs < 60) {
    return relative.format(seconds, 'second');
  }
  if (abs < 3600) {
    return relative.format(Math.round(seconds / 60), 'minute');
  }
  if (abs < 86400) {
    return relative.format(Math.round(seconds / 3600), 'hour');
  }
  return relative.format(Math.round(seconds / 86400), 'day');
}

export function number(value, digits = 0) {
  return typeof value === 'number' && Number.isFinite(value)
    ? value.toLocaleString(undefined, { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '—';
}
