// The map: Leaflet over an offline Natural Earth basemap (countries from
// world-atlas drawn as a GeoJSON layer), with optional online tiles.
import L from './leaflet.js';
import { feature } from 'topojson-client';
import { el, TYPE_CLASS, typeColour } from './api.js';

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
  const overlays = {};
  const tiles = document.body.dataset.tiles;
  if (tiles) {
    overlays['Online tiles'] = L.tileLayer(tiles, {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    });
  }
  L.control.layers(base, overlays, { position: 'topright' }).addTo(map);
  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a> · Natural Earth');
  return map;
}

/** legend adds the event types' colours to the map. */
export function legend(map) {
  const c = L.control({ position: 'bottomright' });
  c.onAdd = () => {
    const box = el('div', { class: 'legend', 'aria-label': 'Legend: event types' });
    for (const [t, cls] of Object.entries(TYPE_CLASS)) {
      box.append(el('div', { class: cls }, el('span', { class: 'sw', 'aria-hidden': 'true' }), t));
    }
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
