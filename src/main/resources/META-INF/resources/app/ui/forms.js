// Form building blocks: labelled fields whose server-side validation messages (problem+json `errors`) appear
// next to them, tied with aria-describedby / aria-invalid, and one form-level message area.
import { h, setText, uid, STATUSES, statusLabel } from './dom.js';
import { ApiError, NetworkError } from '../core/api.js';

/** A labelled input or select. kind: 'text' | 'number' | 'select'. */
export function field({ label, name, kind = 'text', value = '', options = null, hint = null, attrs = {} }) {
  const id = uid(`f-${name}`);
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const input = kind === 'select'
    ? h('select', { id, name, ...attrs }, options.map(([v, text]) => h('option', { value: v, text })))
    : h('input', { id, name, type: kind, autocomplete: 'off', ...attrs });
  input.value = value ?? '';
  const error = h('p', { class: 'field-error', id: errorId, hidden: true, dataset: { errorFor: name } });
  const describe = () => [hintId, error.hidden ? null : errorId].filter(Boolean).join(' ');
  if (hintId) {
    input.setAttribute('aria-describedby', hintId);
  }
  const wrapper = h('div', { class: `field field-${name}` },
    h('label', { for: id, text: label }),
    input,
    hint ? h('p', { class: 'field-hint', id: hintId, text: hint }) : null,
    error);
  return {
    name,
    wrapper,
    input,
    setError(message) {
      setText(error, message || '');
      error.hidden = !message;
      if (message) {
        input.setAttribute('aria-invalid', 'true');
      } else {
        input.removeAttribute('aria-invalid');
      }
      const described = describe();
      if (described) {
        input.setAttribute('aria-describedby', described);
      } else {
        input.removeAttribute('aria-describedby');
      }
    },
  };
}

export function statusField(value = 'ACTIVE') {
  return field({ label: 'Status', name: 'status', kind: 'select', value, options: STATUSES.map((st) => [st, statusLabel(st)]) });
}

/**
 * Groups fields with a message area and maps an ApiError onto them: field errors next to their field
 * (the first invalid one gets focus), stale versions as "changed elsewhere — reload?" with a Reload button.
 */
export function formState(fields, { onReload, what = 'This item' } = {}) {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const message = h('div', { class: 'form-message', role: 'alert', hidden: true });
  const clear = () => {
    fields.forEach((f) => f.setError(null));
    message.hidden = true;
    message.replaceChildren();
    message.className = 'form-message';
  };
  const show = (kind, text, ...actions) => {
    message.replaceChildren(h('span', { text }), ...actions);
    message.className = `form-message ${kind}`;
    message.hidden = false;
  };
  return {
    message,
    clear,
    show,
    values() {
      return Object.fromEntries(fields.map((f) => [f.name, f.input.value]));
    },
    /** Shows what went wrong; returns true when it was handled (all errors are). */
    showError(error) {
      clear();
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        const unplaced = [];
        let first = null;
        for (const { field: name, message: text } of error.fieldErrors) {
          const target = byName.get(String(name).split('.').pop());
          if (target) {
            target.setError(text);
            first = first || target;
          } else {
            unplaced.push(`${name}: ${text}`);
          }
        }
        if (unplaced.length > 0 || !first) {
          show('error', [error.message, ...unplaced].join(' — '));
        }
        first?.input.focus();
      } else if (error instanceof ApiError && error.isStale) {
        const reload = h('button', { type: 'button', class: 'button small', text: 'Reload', onclick: () => onReload?.() });
        show('conflict', `${what} was changed in another tab or by someone else — reload?`, reload);
        reload.focus();
      } else if (error instanceof ApiError && error.status === 404) {
        show('error', `${what} no longer exists: it was deleted in another tab or by someone else.`);
      } else if (error instanceof NetworkError) {
        show('error', error.message);
      } else {
        show('error', error.message || String(error));
      }
      return true;
    },
  };
}

/** Disables a form's controls while a request runs. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll('button, input, select, textarea')];
  const wasDisabled = controls.map((c) => c.disabled);
  controls.forEach((c) => { c.disabled = true; });
  form.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    controls.forEach((c, i) => { c.disabled = wasDisabled[i]; });
    form.removeAttribute('aria-busy');
  }
}

/**
 * An edit form for one object at the version it was opened with. Save sends that version (If-Match), so a change
 * made elsewhere in the meantime answers 412 and the form offers to reload the newest values (load + fill).
 */
export function versionedEditForm({ label, className, what, fields, layout, version, load, fill, save, done, cancel, focus }) {
  let current = version;
  const form = formState(fields, {
    what,
    onReload: async () => {
      try {
        const fresh = await load();
        fill(fresh);
        current = fresh.version;
        form.show('info', 'Reloaded the latest version: check it and save again.');
        focus.focus();
      } catch (error) {
        form.showError(error);
      }
    },
  });
  const el = h('form', { class: `inline-form ${className}`, novalidate: true, 'aria-label': label },
    layout,
    h('div', { class: 'form-actions' },
      h('button', { type: 'submit', class: 'button primary small', text: 'Save' }),
      h('button', { type: 'button', class: 'button ghost small', text: 'Cancel', onclick: cancel })),
    form.message);
  el.addEventListener('keydown', (e) => { if (e.key === 'Escape') cancel(); });
  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    form.clear();
    try {
      done(await busy(el, () => save(form.values(), current)));
    } catch (error) {
      form.showError(error);
    }
  });
  return el;
}
