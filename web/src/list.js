// Event and incident list rows, as the server renders them
// (http/templates/parts.html "eventRow" and "incidentRow").
import { el, typeClass } from './api.js';

export function placeName(e) {
  const parts = [];
  for (const p of [e.location, e.admin1, e.country]) if (p && !parts.includes(p)) parts.push(p);
  return parts.length ? parts.join(', ') : 'unknown place';
}

export function actorNames(e) {
  if (e.actor1 && e.actor2) return `${e.actor1} vs ${e.actor2}`;
  if (e.actor1) return e.actor1;
  if (e.actor2) return `unknown actor vs ${e.actor2}`;
  return 'unknown actors';
}

/** eventRow is one <li> of the event list. */
export function eventRow(e) {
  const title = el('span', { class: 'ev-title' },
    el('span', { class: 'ev-type' }, e.event_type + (e.sub_event_type ? ` · ${e.sub_event_type}` : '')));
  if (e.background) title.append(' ', el('span', { class: 'badge' }, 'background'));
  const meta = el('span', { class: 'ev-meta' },
    el('span', { class: 'ev-date' }, e.event_date || 'undated'), ' · ',
    el('span', { class: 'ev-actors' }, actorNames(e)), ' · ',
    el('span', { class: 'ev-loc' }, placeName(e)), ' · ',
    el('span', { class: 'ev-fat' }, `${e.fatalities} fatalities`), ' · ',
    el('span', { class: 'ev-mod' }, e.modality));
  const a = el('a', { class: `ev-row ${typeClass(e.event_type)}${e.background ? ' bg' : ''}`, href: `/events/${encodeURIComponent(e.event_id)}` },
    el('span', { class: 'sw', 'aria-hidden': 'true' }), title, meta);
  return el('li', null, a);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** reportsFrom is "3 reports from 2 outlets" ("3 reports" when no
 * report names its outlet), as http/ui_incidents.go's reportsFrom. */
export function reportsFrom(inc) {
  const reports = inc.reports || [];
  const outlets = new Set(reports.map((r) => r.outlet).filter(Boolean));
  return plural(reports.length, 'report') + (outlets.size ? ` from ${plural(outlets.size, 'outlet')}` : '');
}

/** incidentRow is one <li> of the incident list (the template
 * "incidentRow"). */
export function incidentRow(inc) {
  const title = el('span', { class: 'ev-title' },
    el('span', { class: 'ev-type' }, inc.event_type + (inc.sub_event_type ? ` · ${inc.sub_event_type}` : '')));
  const meta = el('span', { class: 'ev-meta' },
    el('span', { class: 'ev-date' }, inc.event_date || 'undated'), ' · ',
    el('span', { class: 'ev-actors' }, actorNames(inc)), ' · ',
    el('span', { class: 'ev-loc' }, placeName(inc.location || {})), ' · ',
    el('span', { class: 'ev-fat' }, `${inc.fatalities} fatalities`), ' · ',
    el('span', { class: 'ev-reports' }, reportsFrom(inc)));
  const a = el('a', { class: `ev-row in-row ${typeClass(inc.event_type)}`, href: `/incidents/${encodeURIComponent(inc.incident_id)}` },
    el('span', { class: 'sw', 'aria-hidden': 'true' }), title, meta);
  return el('li', null, a);
}
