// The index: filters, map, timeline, breakdown charts and list, kept in
// step with the page URL (history.replaceState), which uses the API's
// parameter names plus the map view (z, lat, lon), the list's sort and the
// view (view=incidents|reports). The list, the type counts, the timeline
// and the charts follow the map view (its bbox) unless "In map view" is
// unticked. In the incidents view (the default when the store has any)
// the map and the list show incidents (/api/v1/incidents); the timeline
// and the charts count reports in both views.
import L from './leaflet.js';
import 'leaflet.markercluster';
import { api, el, debounce, fmt, FILTERS, typeClass, typeColour } from './api.js';
import { baseMap, legend, uncertaintyCircle } from './map.js';
import { Timeline } from './timeline.js';
import { eventRow, incidentRow, actorNames, placeName, reportsFrom } from './list.js';
import { FatalityChart, bars } from './charts.js';

const PAGE = 50;
// The incidents view draws at most MAX_INCIDENTS markers, fetched in pages
// of INCIDENT_PAGE (the API's largest).
const MAX_INCIDENTS = 2000;
const INCIDENT_PAGE = 1000;

export function initIndex() {
  const form = document.getElementById('filters');
  const listEl = document.getElementById('events');
  const more = document.getElementById('more');
  const empty = document.getElementById('list-empty');
  const listCount = document.getElementById('list-count');
  const mapStatus = document.getElementById('map-status');
  const general = document.getElementById('form-errors');
  const panel = document.getElementById('filter-panel');
  const inView = document.getElementById('in-view');
  const sortSel = document.getElementById('list-sort');
  const exportLinks = { 'acled-csv': document.getElementById('export-csv'), geojson: document.getElementById('export-geojson') };
  const chartsCaption = document.querySelector('#charts summary .muted');
  const viewRadios = [...document.querySelectorAll('input[name="view"]')];
  const listTitle = document.getElementById('list-title');
  const mapEl = document.getElementById('map');
  /** view is "incidents" or "reports" (no switch: reports). */
  const view = () => viewRadios.find((r) => r.checked)?.value || 'reports';
  const incidents = () => view() === 'incidents';
  const controllers = {};
  inView.closest('label').hidden = false;
  if (matchMedia('(max-width: 899px)').matches) document.getElementById('charts').open = false;

  // Narrow screens start with the filters folded, unless one is wrong.
  if (matchMedia('(max-width: 899px)').matches && !form.querySelector('.err:not([hidden])')) panel.open = false;

  /** filters reads the form as API parameters: lists comma-joined, empty
   * fields left out. */
  function filters() {
    const acc = {};
    for (const [k, v] of new FormData(form)) {
      const s = String(v).trim();
      if (s && FILTERS.includes(k)) (acc[k] ||= []).push(s);
    }
    const p = new URLSearchParams();
    for (const k of FILTERS) if (acc[k]) p.set(k, acc[k].join(','));
    return p;
  }

  function without(p, ...names) {
    const q = new URLSearchParams(p);
    for (const n of names) q.delete(n);
    return q;
  }

  // Requests of one kind replace each other: a newer one aborts the older.
  // <body data-pending> counts those in flight (styles and tests use it).
  let pending = 0;
  const busy = (d) => { pending += d; document.body.dataset.pending = pending; };
  async function request(kind, path, params) {
    controllers[kind]?.abort();
    const c = new AbortController();
    controllers[kind] = c;
    busy(1);
    try {
      return await api(path, params, c.signal);
    } catch (err) {
      if (err.name === 'AbortError') return null;
      showError(err);
      return null;
    } finally {
      if (controllers[kind] === c) delete controllers[kind];
      busy(-1);
    }
  }

  function clearErrors() {
    for (const p of form.querySelectorAll('.err')) { p.hidden = true; p.textContent = ''; }
    for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
  }

  // showError puts an API error beside the filter it names, else on top.
  function showError(err) {
    const slot = err.param && document.getElementById('err-' + err.param);
    const target = slot && form.contains(slot) ? slot : general;
    if (target === general && [...general.children].some((p) => p.textContent === err.message)) return;
    if (target === general) target.append(el('p', null, err.message));
    else target.textContent = err.message;
    target.hidden = false;
    if (slot) for (const i of form.querySelectorAll(`[name="${err.param}"]`)) i.setAttribute('aria-invalid', 'true');
    panel.open = true;
  }

  // --- URL -----------------------------------------------------------
  const url0 = new URLSearchParams(location.search);
  function syncURL() {
    const p = filters();
    if (mapReady) {
      const c = map.getCenter().wrap();
      p.set('z', map.getZoom());
      p.set('lat', c.lat.toFixed(4));
      p.set('lon', c.lng.toFixed(4));
    }
    if (!incidents() && sortSel.value && sortSel.value !== sortSel.options[0].value) p.set('sort', sortSel.value);
    if (viewRadios.length) p.set('view', view());
    const qs = p.toString();
    history.replaceState(null, '', qs ? '/?' + qs : '/');
  }

  /** viewBBox is the map view as an API bbox, or '' before the map has one. */
  function viewBBox() {
    if (!mapReady) return '';
    const b = map.getBounds();
    const clamp = (v) => Math.max(-90, Math.min(90, v));
    let w = b.getWest();
    let e = b.getEast();
    if (e - w >= 360) { w = -180; e = 180; }
    return [w, clamp(b.getSouth()), e, clamp(b.getNorth())].map((v) => v.toFixed(4)).join(',');
  }

  /** scoped adds the map view to p when the list follows it. */
  function scoped(p) {
    const b = inView.checked ? viewBBox() : '';
    if (b) p.set('bbox', b);
    return p;
  }

  function updateExport() {
    for (const [format, a] of Object.entries(exportLinks)) {
      const p = scoped(filters());
      p.set('format', format);
      a.href = '/api/v1/export?' + p.toString();
    }
  }

  // --- Map -----------------------------------------------------------
  const map = baseMap(document.getElementById('map'));
  legend(map);
  const z = parseInt(url0.get('z'), 10);
  const lat = parseFloat(url0.get('lat'));
  const lon = parseFloat(url0.get('lon'));
  let mapReady = Number.isFinite(z) && Number.isFinite(lat) && Number.isFinite(lon);
  map.setView(mapReady ? [lat, lon] : [25, 20], mapReady ? z : 2);

  const icons = {};
  const dot = (t) => (icons[t] ||= L.divIcon({ className: `ev-dot ${typeClass(t)}`, iconSize: [14, 14] }));
  const cluster = L.markerClusterGroup({
    chunkedLoading: true,
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    iconCreateFunction(c) {
      const kids = c.getAllChildMarkers();
      const by = {};
      for (const m of kids) by[m.options.eventType] = (by[m.options.eventType] || 0) + 1;
      const top = Object.entries(by).sort((a, b) => b[1] - a[1])[0][0];
      const n = c.getChildCount();
      const size = n < 10 ? 30 : n < 100 ? 36 : 44;
      return L.divIcon({ html: `<span>${n}</span>`, className: `ev-cluster ${typeClass(top)}`, iconSize: [size, size] });
    },
  }).addTo(map);
  const grid = L.featureGroup().addTo(map);

  // Popups show the point's facts at once and fetch the event's actors
  // and evidence when first opened.
  const details = new Map();
  function eventDetails(id) {
    if (!details.has(id)) {
      details.set(id, api(`events/${encodeURIComponent(id)}`, new URLSearchParams()).then((b) => b.event).catch((err) => {
        details.delete(id);
        throw err;
      }));
    }
    return details.get(id);
  }
  const clip = (s, n) => {
    s = s.replace(/\s+/g, ' ').trim();
    if (s.length <= n) return s;
    const cut = s.slice(0, n);
    return cut.slice(0, Math.max(cut.lastIndexOf(' '), n - 20)) + '…';
  };
  function popup(p, marker) {
    const href = `/events/${encodeURIComponent(p.id)}`;
    const actors = el('div', { class: 'pp-actors' }, 'Loading actors…');
    const quote = el('blockquote', { class: 'pp-quote', hidden: true });
    const box = el('div', { class: 'popup' },
      el('a', { class: 'pp-title', href }, `${p.event_type}: ${p.sub_event_type}`),
      el('div', { class: 'pp-meta' }, `${p.date || 'undated'} · ${p.location || 'unknown place'}`),
      actors,
      el('div', { class: 'pp-fat' }, `${fmt(p.fatalities)} fatalities`),
      quote,
      el('a', { class: 'pp-open', href }, 'Open the event and its source ›'));
    eventDetails(p.id).then((ev) => {
      actors.textContent = actorNames(ev);
      const assoc = [ev.assoc_actor_1, ev.assoc_actor_2].filter(Boolean).join('; ');
      if (assoc) actors.append(el('span', { class: 'muted' }, ` (with ${assoc})`));
      const text = ev.evidence?.[0]?.text;
      if (text) {
        quote.textContent = `“${clip(text, 220)}”`;
        quote.hidden = false;
      }
      marker.getPopup()?.update();
    }).catch(() => { actors.textContent = 'Actors could not be loaded.'; });
    return box;
  }

  function drawMap(mv) {
    cluster.clearLayers();
    grid.clearLayers();
    const bounds = L.latLngBounds([]);
    if (mv.mode === 'grid') {
      const max = Math.max(1, ...mv.cells.map((c) => c.count));
      for (const c of mv.cells) {
        const m = L.circleMarker([c.lat, c.lon], {
          radius: 6 + 18 * Math.sqrt(c.count / max),
          color: '#fff', weight: 1, fillColor: typeColour(c.event_type), fillOpacity: 0.8,
          className: 'ev-cell',
        });
        m.bindTooltip(`${fmt(c.count)} events, ${fmt(c.fatalities)} fatalities; mostly ${c.event_type}. Click to zoom in.`);
        m.on('click', () => map.setView([c.lat, c.lon], Math.min(map.getZoom() + 2, 18)));
        grid.addLayer(m);
        bounds.extend([c.lat, c.lon]);
      }
      mapStatus.textContent = `${fmt(mv.total)} events on the map, in ${fmt(mv.cells.length)} grid cells of ${mv.cell}°; zoom in to see single events.`;
    } else {
      const ms = mv.points.map((p) => {
        bounds.extend([p.lat, p.lon]);
        const m = L.marker([p.lat, p.lon], {
          icon: dot(p.event_type),
          eventType: p.event_type,
          title: `${p.event_type}: ${p.location || 'unknown place'}, ${p.date || 'undated'}`,
          alt: p.event_type,
          keyboard: true,
        });
        // Built once: Leaflet calls a content function again on update().
        let box = null;
        m.bindPopup(() => (box ||= popup(p, m)), { maxWidth: 320, minWidth: 220 });
        // Hover shows how far from the point the event may have been.
        if (p.uncertainty_m > 0) {
          let ring = null;
          const show = () => { ring ||= uncertaintyCircle(p.lat, p.lon, p.uncertainty_m, p.event_type).addTo(map); };
          const hide = () => { if (ring) { ring.remove(); ring = null; } };
          m.on('mouseover focus', show).on('mouseout blur', hide);
        }
        return m;
      });
      cluster.addLayers(ms);
      mapStatus.textContent = mv.total === 1 ? '1 event on the map.' : `${fmt(mv.total)} events on the map.`;
    }
    mapStatus.dataset.total = mv.total;
    mapStatus.dataset.capped = '';
    return bounds;
  }

  function incidentPopup(inc) {
    const href = `/incidents/${encodeURIComponent(inc.incident_id)}`;
    return el('div', { class: 'popup' },
      el('a', { class: 'pp-title', href }, `${inc.event_type}${inc.sub_event_type ? ': ' + inc.sub_event_type : ''}`),
      el('div', { class: 'pp-meta' }, `${inc.event_date || 'undated'} · ${placeName(inc.location || {})}`),
      el('div', { class: 'pp-actors' }, actorNames(inc)),
      el('div', { class: 'pp-fat' }, `${fmt(inc.fatalities)} fatalities · ${reportsFrom(inc)}`),
      el('a', { class: 'pp-open', href }, 'Open the incident, its claims and history ›'));
  }

  /** drawIncidents puts a marker at each incident's canonical location. */
  function drawIncidents(list, capped) {
    cluster.clearLayers();
    grid.clearLayers();
    const bounds = L.latLngBounds([]);
    const ms = [];
    for (const inc of list) {
      const loc = inc.location || {};
      if (!loc.latitude && !loc.longitude) continue;
      bounds.extend([loc.latitude, loc.longitude]);
      const m = L.marker([loc.latitude, loc.longitude], {
        icon: dot(inc.event_type),
        eventType: inc.event_type,
        title: `${inc.event_type}: ${loc.location || 'unknown place'}, ${inc.event_date || 'undated'}`,
        alt: inc.event_type,
        keyboard: true,
      });
      let box = null;
      m.bindPopup(() => (box ||= incidentPopup(inc)), { maxWidth: 320, minWidth: 220 });
      if (loc.uncertainty_m > 0) {
        let ring = null;
        const show = () => { ring ||= uncertaintyCircle(loc.latitude, loc.longitude, loc.uncertainty_m, inc.event_type).addTo(map); };
        const hide = () => { if (ring) { ring.remove(); ring = null; } };
        m.on('mouseover focus', show).on('mouseout blur', hide);
      }
      ms.push(m);
    }
    cluster.addLayers(ms);
    const n = ms.length;
    const unplaced = list.length - n;
    mapStatus.textContent = (capped
      ? `The first ${fmt(list.length)} incidents are on the map; zoom in or narrow the filters to see the rest.`
      : n === 1 ? '1 incident on the map.' : `${fmt(n)} incidents on the map.`)
      + (unplaced > 0 ? ` ${fmt(unplaced)} without coordinates are only in the list.` : '');
    mapStatus.dataset.total = n;
    mapStatus.dataset.capped = capped ? '1' : '';
    return bounds;
  }

  // A newer map load makes an older one stop paging.
  let mapGen = 0;
  async function loadIncidentMap() {
    const gen = ++mapGen;
    const p = filters();
    const bbox = viewBBox();
    if (bbox) p.set('bbox', bbox);
    p.set('limit', INCIDENT_PAGE);
    const list = [];
    let capped = false;
    for (;;) {
      const page = await request('map', 'incidents', p);
      if (!page || gen !== mapGen) return null;
      list.push(...page.incidents);
      if (!page.next_cursor) break;
      if (list.length >= MAX_INCIDENTS) { capped = true; break; }
      p.set('cursor', page.next_cursor);
      p.set('limit', Math.min(INCIDENT_PAGE, MAX_INCIDENTS - list.length));
    }
    return drawIncidents(list, capped);
  }

  async function loadMap() {
    if (incidents()) {
      const bounds = await loadIncidentMap();
      if (bounds) fitFirst(bounds);
      return;
    }
    mapGen++;
    const p = filters();
    p.set('zoom', map.getZoom());
    const bbox = viewBBox();
    if (bbox) p.set('bbox', bbox);
    const mv = await request('map', 'map', p);
    if (!mv || incidents()) return;
    fitFirst(drawMap(mv));
  }
  function fitFirst(bounds) {
    if (!mapReady) {
      // First view without one in the URL: fit the matching events.
      mapReady = true;
      if (bounds.isValid()) map.fitBounds(bounds.pad(0.3), { maxZoom: 6, animate: false });
      syncURL();
      moved(); // the view is known: the list and its counts follow it
    }
  }
  const moved = debounce(() => {
    if (!mapReady) return;
    syncURL();
    loadMap();
    updateExport();
    if (inView.checked) loadScoped(true);
  }, 250);
  map.on('moveend', moved);

  // --- Timeline ------------------------------------------------------
  const tlBy = document.getElementById('tl-by');
  const tlRange = document.getElementById('tl-range');
  const tlClear = document.getElementById('tl-clear');
  const since = form.elements.since;
  const until = form.elements.until;
  const timeline = new Timeline(document.getElementById('timeline'), (a, b) => {
    since.value = a;
    until.value = b;
    apply(false);
  });

  function showRange() {
    const a = since.value;
    const b = until.value;
    tlRange.textContent = a || b ? `${a || '…'} – ${b || '…'}` : '';
    tlClear.hidden = !(a || b);
    timeline.setRange(a, b);
  }

  tlClear.addEventListener('click', () => {
    since.value = '';
    until.value = '';
    apply(false);
    since.focus();
  });

  const fatChart = new FatalityChart(document.getElementById('chart-fat'));
  async function loadTimeline() {
    const p = scoped(without(filters(), 'since', 'until'));
    p.set('by', 'auto');
    const st = await request('stats', 'stats', p);
    if (!st) return;
    tlBy.textContent = st.buckets.length ? `events per ${st.by}` : 'no dated events match';
    timeline.draw(st);
    showRange();
    fatChart.draw(st);
  }

  // Counts beside the event types, over every other filter (the dates
  // and the map view too); the type chart shows the chosen types' share.
  const typeChart = document.getElementById('chart-types');
  async function loadTypeCounts() {
    const p = scoped(without(filters(), 'event_type'));
    p.set('by', 'event_type');
    const st = await request('types', 'stats', p);
    if (!st) return;
    const counts = new Map(st.buckets.map((b) => [b.key, b.count]));
    let sum = 0;
    for (const s of form.querySelectorAll('.count[data-type]')) {
      const n = counts.get(s.dataset.type) || 0;
      sum += n;
      s.textContent = `(${fmt(n)})`;
    }
    form.querySelector('.types').dataset.total = sum;
    const chosen = new Set(filters().get('event_type')?.split(',') || []);
    const boxes = [...form.querySelectorAll('input[name="event_type"]')];
    bars(typeChart, boxes.filter((b) => (chosen.size === 0 || chosen.has(b.value)) && counts.get(b.value))
      .map((b) => ({
        label: b.value, value: counts.get(b.value), cls: typeClass(b.value),
        title: b.checked ? `Show every type again` : `Show only ${b.value}`,
        onClick() {
          const only = !b.checked;
          for (const o of boxes) o.checked = only && o === b;
          apply(false);
        },
      })), 'No events.');
  }

  // The most active actors, over every filter.
  const actorChart = document.getElementById('chart-actors');
  const charts = document.getElementById('charts');
  let actorsStale = true;
  charts.addEventListener('toggle', () => { if (charts.open && actorsStale) loadActors(); });
  async function loadActors() {
    actorsStale = true;
    if (!charts.open) return; // folded: fetched when opened
    actorsStale = false;
    const p = scoped(filters());
    p.set('limit', 8);
    const body = await request('actors', 'actors', p);
    if (!body) return;
    const actor = form.elements.actor;
    bars(actorChart, body.actors.map((a) => ({
      label: a.name, value: a.events, title: `${fmt(a.events)} events, ${fmt(a.fatalities)} fatalities. Click to filter by this actor.`,
      onClick() {
        actor.value = actor.value === a.name ? '' : a.name;
        apply(false);
      },
    })), 'No actors.');
  }

  /** loadScoped reloads what follows the map view. */
  function loadScoped(timelineToo) {
    loadList(false);
    loadTypeCounts();
    loadActors();
    if (timelineToo) loadTimeline();
  }

  // Choices for the country and actor fields, fetched when first wanted.
  function choices(input, path, params, fill) {
    input.addEventListener('focus', async () => {
      const list = document.getElementById(input.getAttribute('list'));
      if (list.dataset.loaded) return;
      list.dataset.loaded = '1';
      const body = await api(path, new URLSearchParams(params)).catch(() => null);
      if (body) list.replaceChildren(...fill(body).map(([v, label]) => el('option', { value: v }, label)));
      else delete list.dataset.loaded;
    });
  }
  choices(form.elements.country, 'stats', { by: 'country' },
    (st) => st.buckets.map((b) => [b.key, `${b.label || b.key} (${fmt(b.count)})`]));
  choices(form.elements.actor, 'actors', { limit: 300 },
    (a) => a.actors.map((x) => [x.name, `${fmt(x.events)} events`]));

  // --- List ----------------------------------------------------------
  let cursor = more.dataset.cursor || '';
  async function loadList(append) {
    const inc = incidents();
    const p = scoped(filters());
    p.set('limit', PAGE);
    if (sortSel.value && !inc) p.set('sort', sortSel.value);
    if (append && cursor) p.set('cursor', cursor);
    listEl.setAttribute('aria-busy', 'true');
    const page = await request('list', inc ? 'incidents' : 'events', p);
    listEl.removeAttribute('aria-busy');
    if (!page || inc !== incidents()) return;
    const first = listEl.children.length;
    if (!append) listEl.replaceChildren();
    for (const e of inc ? page.incidents : page.events) listEl.append(inc ? incidentRow(e) : eventRow(e));
    listEl.dataset.view = inc ? 'incidents' : 'reports';
    if (append) listEl.children[first]?.querySelector('a')?.focus();
    cursor = page.next_cursor || '';
    more.hidden = !cursor;
    empty.hidden = listEl.children.length > 0;
    const things = inc ? 'incidents' : 'events';
    empty.textContent = p.has('bbox') ? `No ${things} match these filters in the map view.` : `No ${things} match these filters.`;
    listCount.textContent = `(${fmt(listEl.children.length)}${cursor ? '+' : ''} shown${p.has('bbox') ? ' in the map view' : ''})`;
    listEl.dataset.count = listEl.children.length;
  }
  more.addEventListener('click', (ev) => {
    ev.preventDefault();
    loadList(true);
  });

  // --- Applying filters ---------------------------------------------
  let lastOthers = without(filters(), 'since', 'until').toString();
  function apply(timelineToo) {
    clearErrors();
    general.replaceChildren();
    general.hidden = true;
    syncURL();
    showRange();
    const others = without(filters(), 'since', 'until').toString();
    loadScoped(timelineToo || others !== lastOthers);
    lastOthers = others;
    loadMap();
    updateExport();
  }

  sortSel.addEventListener('change', () => { syncURL(); loadList(false); });

  // The Incidents | Reports switch: the map and the list change over.
  function showView() {
    const inc = incidents();
    listTitle.textContent = inc ? 'Incidents' : viewRadios.length ? 'Reports' : 'Events';
    more.textContent = inc ? 'More incidents' : 'More events';
    sortSel.hidden = inc;
    mapEl.setAttribute('aria-label', inc ? 'Map of matching incidents' : 'Map of matching events');
  }
  for (const r of viewRadios) {
    r.addEventListener('change', () => {
      showView();
      cursor = '';
      listEl.replaceChildren();
      more.hidden = true;
      syncURL();
      loadList(false);
      loadMap();
    });
  }
  inView.addEventListener('change', () => {
    chartsCaption.textContent = inView.checked ? 'of the events in the map view' : 'of all matching events';
    updateExport();
    loadScoped(true);
  });

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    apply(false);
  });
  // Checkboxes and selects apply at once; typed fields on change (Enter
  // or leaving the field).
  form.addEventListener('change', () => apply(false));

  // First load: the list is server-rendered; fetch the rest.
  showView();
  listEl.dataset.count = listEl.children.length;
  listCount.textContent = listEl.children.length ? `(${fmt(listEl.children.length)}${cursor ? '+' : ''} shown)` : '';
  syncURL();
  showRange();
  updateExport();
  // Without a view in the URL the map first fits the matching events, and
  // the rest follows that view (moved); with one, load it all now.
  if (mapReady) loadScoped(true);
  loadMap();
}
