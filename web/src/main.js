// Evident's web UI: one bundle for every page; each page names itself in
// <body data-page>. The pages are rendered by the Go server; this adds the
// map, the timeline, live filtering and evidence highlighting.
import 'leaflet/dist/leaflet.css';
import 'leaflet.markercluster/dist/MarkerCluster.css';
import 'uplot/dist/uPlot.min.css';
import './app.css';

import { initIndex } from './index.js';
import { initEvidence } from './evidence.js';
import { miniMap } from './map.js';

function start() {
  const page = document.body.dataset.page;
  if (page === 'index') initIndex();
  if (page === 'event' || page === 'document') initEvidence();
  const mm = document.getElementById('event-map');
  if (mm) miniMap(mm);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
