// Sign-in: paste a token (or open /#access_token=<jwt>). The token stays in this tab's sessionStorage only.
import { h } from '../ui/dom.js';
import { field } from '../ui/forms.js';

export function mountSignIn(container, { auth, notice }) {
  const tokenId = 'token-input';
  const tokenError = h('p', { class: 'field-error', id: `${tokenId}-error`, hidden: true });
  const token = h('textarea', {
    id: tokenId, name: 'token', rows: 5, spellcheck: 'false', autocomplete: 'off', required: true,
    'aria-describedby': `${tokenId}-hint`, placeholder: 'eyJhbGciOiJSUzI1NiIs…',
  });
  const owner = field({ label: 'Owner id (staff tokens only)', name: 'ownerId', hint: 'Owner tokens carry their owner in the owner_id claim.' });
  const form = h('form', { class: 'sign-in-form', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    h('div', { class: 'field' },
      h('label', { for: tokenId, text: 'Access token (JWT)' }),
      token,
      h('p', { class: 'field-hint', id: `${tokenId}-hint`,
        text: 'Kept in this tab only (sessionStorage) and sent to FleetPulse as a bearer token.' }),
      tokenError),
    owner.wrapper,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button primary', text: 'Sign in' })));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      auth.signIn(token.value, owner.input.value.trim());
    } catch (error) {
      tokenError.textContent = error.message;
      tokenError.hidden = false;
      token.setAttribute('aria-invalid', 'true');
      token.setAttribute('aria-describedby', `${tokenId}-hint ${tokenId}-error`);
      token.focus();
    }
  });
  const view = h('section', { class: 'view sign-in', 'aria-labelledby': 'sign-in-title' },
    h('div', { class: 'panel sign-in-panel' },
      h('h1', { id: 'sign-in-title', text: 'Sign in to FleetPulse' }),
      notice ? h('p', { class: 'form-message error', role: 'alert', text: notice }) : null,
      h('p', { class: 'subtitle' }, 'Paste a token from your identity provider, or open this page as ',
        h('code', { text: '/#access_token=<jwt>' }), '. In dev mode (',
        h('code', { text: './mvnw quarkus:dev' }), ') the page signs in as the demo owner by itself.'),
      form));
  container.replaceChildren(view);
  token.focus();
  return () => {};
}
