// The map: Leaflet over an offline Natural Earth basemap (countries from
// world-atlas drawn as a GeoJSON layer), with optional online tiles.
import L from './leaflet.js';
import { feature } from 'topojson-client';
import { api, el, debounce, TYPE_CLASS, typeColour } from './api.js';

let countries; // the basemap's GeoJSON, fetched once per page

function loadCountries() {
  if (!countries) {
    countries = fetch(document.body.dataset.countries)
      .then((r) => { if (!r.ok) throw new Error('basemap: ' + r.status); return r.json(); })
      .then((topo) => {
        const geo = feature(topo, topo.objects.countries);
        for (const f of geo.features) if (f.id !== '010') unwrapGeometry(f.geometry); // not Antarctica
        return geo;
      });
  }
  return countries;
}

// unwrapGeometry makes rings that cross the antimeridian continuous
// (longitudes past ±180), so Leaflet draws no stripes across the world.
function unwrapGeometry(g) {
  if (!g) return;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  for (const poly of polys) {
    for (const ring of poly) {
      let off = 0;
      for (let i = 1; i < ring.length; i++) {
        const d = ring[i][0] + off - ring[i - 1][0];
        if (d > 180) off -= 360;
        else if (d < -180) off += 360;
        ring[i][0] += off;
      }
    }
  }
}

/** baseMap makes a Leaflet map on el with the offline basemap, a layer
 * control offering the online tiles (off by default) and a scale. */
export function baseMap(elem, opts = {}) {
  const map = L.map(elem, { worldCopyJump: true, minZoom: 1, maxZoom: 18, zoomSnap: 1, ...opts });
  const renderer = L.canvas({ padding: 0.5 });
  const offline = L.layerGroup().addTo(map);
  loadCountries().then((geo) => {
    L.geoJSON(geo, {
      renderer,
      interactive: false,
      style: { color: '#a59f92', weight: 0.7, fillColor: '#f3f0e8', fillOpacity: 1 },
    }).addTo(offline);
    elem.dataset.basemap = 'ready';
  }).catch((err) => console.warn(err));
  const base = { 'Natural Earth (offline)': offline };
  const overlays = { 'Place names (GeoNames)': placeLabels(map) };
  const tiles = document.body.dataset.tiles;
  if (tiles) {
    overlays['Online tiles'] = L.tileLayer(tiles, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    });
  }
  L.control.layers(base, overlays, { position: 'topright' }).addTo(map);
  overlays['Place names (GeoNames)'].addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a> · Natural Earth · <a href="https://www.geonames.org">GeoNames</a>');
  return map;
}

// Zoom → the smallest town labelled: the gazetteer's places go down to
// 15,000 people, shown from zoom 10. Region (admin-1) names from zoom 5 to 8.
const LABEL_MIN_POP = [[10, 15000], [9, 30000], [8, 80000], [7, 200000], [6, 500000], [5, 2000000]];
const LABEL_MIN_ZOOM = 5;
const REGION_ZOOMS = [5, 8];

/** placeLabels is a layer of place names (the embedded gazetteer's towns
 * and regions, from /api/v1/basemap/places) drawn from zoom 5, more towns
 * as the zoom grows, most important first and never overlapping. */
function placeLabels(map) {
  const pane = map.createPane('placeLabels');
  pane.style.zIndex = 450; // above the basemap and the grid, below markers
  pane.style.pointerEvents = 'none';
  const layer = L.layerGroup();
  let ctrl = null;
  const cache = new Map();
  async function draw() {
    if (!map.hasLayer(layer)) return;
    const z = map.getZoom();
    if (z < LABEL_MIN_ZOOM) { layer.clearLayers(); delete map.getContainer().dataset.labels; return; }
    const minPop = LABEL_MIN_POP.find(([zz]) => z >= zz)[1];
    const b = map.getBounds().pad(0.1);
    const w = Math.max(-180, b.getWest());
    const e = Math.min(180, b.getEast());
    const bbox = [w, Math.max(-90, b.getSouth()), e, Math.min(90, b.getNorth())].map((v) => v.toFixed(2)).join(',');
    const size = map.getSize();
    const limit = Math.min(400, Math.max(30, Math.round((size.x * size.y) / 4000)));
    const key = `${bbox}|${minPop}|${limit}`;
    ctrl?.abort();
    ctrl = new AbortController();
    let body = cache.get(key);
    if (!body) {
      body = await api('basemap/places', new URLSearchParams({ bbox, min_population: minPop, limit }), ctrl.signal).catch(() => null);
      if (!body) return;
      if (cache.size > 50) cache.clear();
      cache.set(key, body);
    }
    const places = body.places;
    if (map.getZoom() !== z) return;
    // Greedy placement: the most important first, none over another.
    const taken = [];
    const ms = [];
    for (const p of places) {
      const pt = map.latLngToContainerPoint([p.lat, p.lon]);
      const big = p.rank === 0 || p.population >= 1e6;
      const wd = p.name.length * (big ? 7.5 : 6.6) + 12;
      const ht = big ? 18 : 15;
      const box = [pt.x - 4, pt.y - ht / 2, pt.x + wd, pt.y + ht / 2];
      if (taken.some((t) => box[0] < t[2] && box[2] > t[0] && box[1] < t[3] && box[3] > t[1])) continue;
      taken.push(box);
      const cls = `place-label${p.rank === 0 ? ' capital' : ''}${big ? ' big' : ''}`;
      ms.push(L.marker([p.lat, p.lon], {
        pane: 'placeLabels', interactive: false, keyboard: false,
        icon: L.divIcon({ className: cls, html: '', iconSize: [6, 6] }),
      }).bindTooltip(p.name, { permanent: true, direction: 'right', offset: [2, 0], className: cls, pane: 'placeLabels', interactive: false }));
    }
    // Region names where they still fit: faint, spaced capitals.
    if (z >= REGION_ZOOMS[0] && z <= REGION_ZOOMS[1]) {
      for (const r of body.regions) {
        const pt = map.latLngToContainerPoint([r.lat, r.lon]);
        const wd = r.name.length * 8 + 8;
        const box = [pt.x - wd / 2, pt.y - 8, pt.x + wd / 2, pt.y + 8];
        if (taken.some((t) => box[0] < t[2] && box[2] > t[0] && box[1] < t[3] && box[3] > t[1])) continue;
        taken.push(box);
        ms.push(L.marker([r.lat, r.lon], {
          pane: 'placeLabels', interactive: false, keyboard: false,
          icon: L.divIcon({ className: 'region-label', html: '', iconSize: [0, 0] }),
        }).bindTooltip(r.name, { permanent: true, direction: 'center', className: 'region-label', pane: 'placeLabels', interactive: false }));
      }
    }
    layer.clearLayers();
    for (const m of ms) layer.addLayer(m);
    map.getContainer().dataset.labels = ms.length;
  }
  const later = debounce(draw, 150);
  map.on('moveend zoomend', later);
  layer.on('add', later);
  layer.on('remove', () => { delete map.getContainer().dataset.labels; });
  return layer;
}

/** legend adds the event types' colours to the map, folded on phones. */
export function legend(map) {
  const c = L.control({ position: 'bottomright' });
  c.onAdd = () => {
    const box = el('details', { class: 'legend', 'aria-label': 'Legend: event types' }, el('summary', null, 'Legend'));
    box.open = !matchMedia('(max-width: 599px)').matches;
    for (const [t, cls] of Object.entries(TYPE_CLASS)) {
      box.append(el('div', { class: cls }, el('span', { class: 'sw', 'aria-hidden': 'true' }), t));
    }
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  c.addTo(map);
}

/** uncertaintyCircle is the faint disc of an event's uncertainty radius. */
export function uncertaintyCircle(lat, lon, metres, type) {
  const colour = typeColour(type);
  return L.circle([lat, lon], {
    radius: metres, color: colour, weight: 1, opacity: 0.6, fillColor: colour, fillOpacity: 0.08,
    interactive: false, className: 'uncertainty',
  });
}

/** miniMap shows an event's place on its page. */
export function miniMap(elem) {
  const lat = parseFloat(elem.dataset.lat);
  const lon = parseFloat(elem.dataset.lon);
  const zoom = { 1: 6, 2: 6, 3: 5 }[elem.dataset.precision] || 5;
  const map = baseMap(elem, { scrollWheelZoom: false, worldCopyJump: false });
  map.setView([lat, lon], zoom);
  const radius = parseFloat(elem.dataset.uncertainty);
  if (radius > 0) {
    const c = uncertaintyCircle(lat, lon, radius, elem.dataset.type).addTo(map);
    map.fitBounds(c.getBounds().pad(0.5), { maxZoom: 12, animate: false });
  }
  L.circleMarker([lat, lon], {
    radius: 8, color: '#fff', weight: 2, fillColor: typeColour(elem.dataset.type), fillOpacity: 1,
  }).addTo(map).bindTooltip(elem.dataset.place, { permanent: true, direction: 'right', offset: [8, 0] });
}
