// Builds the UI's assets into ../http/static, which the Go server embeds.
// Run with `npm run build` (after `npm ci`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

const out = new URL('../http/static/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
for (const f of readdirSync(out)) rmSync(out + f);

await build({
  entryPoints: { app: 'src/main.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  outdir: out,
  // Leaflet's few images (the layer control's icon) go inline.
  loader: { '.png': 'dataurl', '.svg': 'dataurl' },
  legalComments: 'none', // collected in licenses.txt below
  logLevel: 'info',
});

// The offline basemap: Natural Earth 1:50m countries as TopoJSON.
copyFileSync('node_modules/world-atlas/countries-50m.json', out + 'countries-50m.json');

// Every bundled package's licence, in one file the footer links to.
const bundled = [
  ['leaflet', 'LICENSE'],
  ['leaflet.markercluster', 'MIT-LICENCE.txt'],
  ['uplot', 'LICENSE'],
  ['topojson-client', 'LICENSE'],
  ['world-atlas', 'LICENSE'],
];
let text = `Evident's web UI bundles these packages (built by web/build.mjs).

The basemap is Natural Earth's 1:50m countries (public domain,
https://www.naturalearthdata.com), converted to TopoJSON by world-atlas.

The map's place names come from the server's embedded gazetteer:
GeoNames (https://www.geonames.org), licensed under CC BY 4.0
(https://creativecommons.org/licenses/by/4.0/). See docs/gazetteer.md.
`;
for (const [name, file] of bundled) {
  const pkg = JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8'));
  text += `\n${'='.repeat(72)}\n${name} ${pkg.version} (${pkg.license})\n${'='.repeat(72)}\n\n`;
  text += readFileSync(`node_modules/${name}/${file}`, 'utf8').trim() + '\n';
}
writeFileSync(out + 'licenses.txt', text);
