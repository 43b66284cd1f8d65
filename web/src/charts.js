// The breakdown under the timeline: fatalities over time (uPlot, the same
// buckets as the timeline) and horizontal bars of event types and actors.
import uPlot from 'uplot';
import { el, fmt } from './api.js';
import { INCRS } from './timeline.js';

const DAY = 86400;
const parse = (s) => new Date(s + 'T00:00:00Z');
function next(by, d) {
  const t = new Date(d);
  if (by === 'month') t.setUTCMonth(t.getUTCMonth() + 1);
  else t.setUTCDate(t.getUTCDate() + (by === 'week' ? 7 : 1));
  return t;
}

/** FatalityChart draws fatalities per bucket of a stats answer. */
export class FatalityChart {
  constructor(elem) {
    this.elem = elem;
    this.plot = null;
    new ResizeObserver(() => this.plot && this.plot.setSize(this.size())).observe(elem);
  }

  size() {
    return { width: Math.max(160, this.elem.clientWidth), height: this.elem.clientHeight || 100 };
  }

  draw(stats) {
    const by = ['day', 'week', 'month'].includes(stats.by) ? stats.by : 'day';
    const xs = [];
    const ys = [];
    const fat = new Map(stats.buckets.map((b) => [b.key, b.fatalities]));
    if (stats.buckets.length) {
      let d = parse(stats.buckets[0].key);
      const last = parse(stats.buckets[stats.buckets.length - 1].key);
      for (let n = 0; d <= last && n < 5000; n++, d = next(by, d)) {
        xs.push((d.getTime() + next(by, d).getTime()) / 2000);
        ys.push(fat.get(d.toISOString().slice(0, 10)) || 0);
      }
    }
    const total = ys.reduce((a, b) => a + b, 0);
    this.elem.classList.toggle('empty', total === 0);
    this.elem.classList.toggle('nodata', xs.length === 0);
    this.elem.dataset.total = total;
    this.elem.setAttribute('aria-label', `Fatalities over time: ${fmt(total)} in all`);
    if (this.plot) this.plot.destroy();
    const pad = (by === 'month' ? 31 : by === 'week' ? 7 : 1) * DAY;
    this.plot = new uPlot({
      ...this.size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      legend: { show: false },
      cursor: { show: false },
      select: { show: false },
      scales: {
        x: { time: true, range: () => (xs.length ? [xs[0] - pad, xs[xs.length - 1] + pad] : [0, DAY]) },
        y: { range: (u, min, max) => [0, Math.max(1, (max || 0) * 1.1)] },
      },
      axes: [
        { stroke: '#4a545e', grid: { show: false }, ticks: { stroke: '#c8ccd0' }, space: 70, size: 42, incrs: INCRS },
        { stroke: '#4a545e', size: 40, grid: { stroke: '#eceef0' }, ticks: { show: false } },
      ],
      series: [{}, {
        label: 'Fatalities', stroke: '#a8322d', fill: 'rgba(168, 50, 45, 0.75)', width: 0,
        paths: uPlot.paths.bars({ size: [0.9, 60], gap: 1 }), points: { show: false },
      }],
    }, [xs, ys], this.elem);
  }
}

/** bars fills an <ol> with labelled horizontal bars: rows of
 * {label, value, cls, title, onClick}. */
export function bars(list, rows, empty) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  if (!rows.length) {
    list.replaceChildren(el('li', { class: 'muted none' }, empty));
    return;
  }
  list.replaceChildren(...rows.map((r) => {
    const bar = el('span', { class: 'bar' });
    bar.style.width = `${Math.max(2, (100 * r.value) / max).toFixed(1)}%`; // CSSOM: the CSP forbids style attributes
    const label = el('span', { class: 'label' }, r.label);
    const body = [label, el('span', { class: 'track', 'aria-hidden': 'true' }, bar), el('span', { class: 'value' }, fmt(r.value))];
    const row = r.onClick
      ? el('button', { type: 'button', class: 'bar-row', title: r.title || null }, ...body)
      : el('span', { class: 'bar-row', title: r.title || null }, ...body);
    if (r.onClick) row.addEventListener('click', r.onClick);
    return el('li', { class: r.cls || null }, row);
  }));
}
