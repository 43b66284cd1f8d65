// The JSON API client and small helpers.

/** The API's event filter parameters (docs/api.md), bbox aside: the map
 * sends its own. */
export const FILTERS = ['since', 'until', 'country', 'admin1', 'event_type', 'sub_event_type', 'actor',
  'min_fatalities', 'civilian_targeting', 'modality', 'include_background', 'q', 'doc_id'];

/** ApiError is an API error answer: {"error": {code, message, param}}. */
export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || `request failed (${status})`);
    this.status = status;
    this.code = e.code || '';
    this.param = e.param || '';
  }
}

/** api fetches /api/v1/<path>?<params> as JSON; it throws ApiError. */
export async function api(path, params, signal) {
  const qs = params.toString();
  const r = await fetch(`/api/v1/${path}${qs ? '?' + qs : ''}`, { signal, headers: { Accept: 'application/json' } });
  let body = null;
  try { body = await r.json(); } catch (_) { /* not JSON */ }
  if (!r.ok) throw new ApiError(r.status, body);
  return body;
}

/** el builds an element: el('a', {href: '/x', class: 'y'}, 'text', child). */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

/** debounce delays fn until calls pause for ms. */
export function debounce(fn, ms) {
  let t;
  return (...args) => { clearTimeout(t); t = setTimeout(() => fn(...args), ms); };
}

/** The CSS class of an ACLED event type (as http/ui.go's typeClass). */
export const TYPE_CLASS = {
  'Battles': 't-battles',
  'Explosions/Remote violence': 't-explosions',
  'Violence against civilians': 't-vac',
  'Protests': 't-protests',
  'Riots': 't-riots',
  'Strategic developments': 't-strategic',
};
export const typeClass = (t) => TYPE_CLASS[t] || 't-other';

/** typeColour reads an event type's colour from the stylesheet. */
export function typeColour(t) {
  const name = '--c-' + typeClass(t).slice(2);
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#777';
}

export const fmt = (n) => Number(n).toLocaleString('en');
