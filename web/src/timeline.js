// The timeline: a uPlot histogram of matching events over time. Dragging
// across it selects dates (brushing), reported to onBrush(since, until).
import uPlot from 'uplot';

const DAY = 86400;
// Whole counts on the y axis.
const COUNTS = [1, 2, 5].flatMap((m) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6].map((p) => m * p)).sort((a, b) => a - b);
export const INCRS = [1, 2, 7, 14].map((d) => d * DAY).concat([1, 2, 3, 4, 6].map((m) => m * 30 * DAY), [1, 2, 5, 10, 25, 50].map((y) => y * 365 * DAY));

/** Bucket arithmetic in UTC, on YYYY-MM-DD keys: the start of the bucket
 * holding a date, and the start of the next one. */
function startOf(by, d) {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), by === 'month' ? 1 : d.getUTCDate()));
  if (by === 'week') t.setUTCDate(t.getUTCDate() - ((t.getUTCDay() + 6) % 7)); // Monday
  return t;
}
function next(by, d) {
  const t = new Date(d);
  if (by === 'month') t.setUTCMonth(t.getUTCMonth() + 1);
  else t.setUTCDate(t.getUTCDate() + (by === 'week' ? 7 : 1));
  return t;
}
const iso = (d) => d.toISOString().slice(0, 10);
const parse = (s) => new Date(s + 'T00:00:00Z');

export class Timeline {
  /** @param {HTMLElement} elem @param {(since: string, until: string) => void} onBrush */
  constructor(elem, onBrush) {
    this.elem = elem;
    this.onBrush = onBrush;
    this.by = 'day';
    this.range = { since: '', until: '' };
    this.plot = null;
    new ResizeObserver(() => this.resize()).observe(elem);
  }

  size() {
    return { width: Math.max(200, this.elem.clientWidth), height: this.elem.clientHeight || 140 };
  }

  resize() {
    if (this.plot) {
      this.plot.setSize(this.size());
      this.showRange();
    }
  }

  /** draw shows a stats answer (by day, week or month). */
  draw(stats) {
    this.by = ['day', 'week', 'month'].includes(stats.by) ? stats.by : 'day';
    const xs = [];
    const ys = [];
    const counts = new Map(stats.buckets.map((b) => [b.key, b.count]));
    if (stats.buckets.length) {
      // Every bucket from the first to the last, empty ones as zero, each
      // bar centred on its bucket.
      let d = parse(stats.buckets[0].key);
      const last = parse(stats.buckets[stats.buckets.length - 1].key);
      for (let n = 0; d <= last && n < 5000; n++, d = next(this.by, d)) {
        xs.push((d.getTime() + next(this.by, d).getTime()) / 2000);
        ys.push(counts.get(iso(d)) || 0);
      }
    }
    this.elem.classList.toggle('empty', xs.length === 0);
    if (this.plot) this.plot.destroy();
    const self = this;
    const pad = (this.by === 'month' ? 31 : this.by === 'week' ? 7 : 1) * DAY;
    this.plot = new uPlot({
      ...this.size(),
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
      legend: { show: false },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { show: false }, y: false },
      select: { show: true },
      scales: {
        // Fixed from the data: a lone bucket gets a day either side.
        x: { time: true, range: () => (xs.length ? [xs[0] - pad, xs[xs.length - 1] + pad] : [0, DAY]) },
        y: { range: (u, min, max) => [0, Math.max(1, (max || 0) * 1.1)] },
      },
      axes: [
        // Whole days at least: buckets are days, weeks or months.
        { stroke: '#4a545e', grid: { show: false }, ticks: { stroke: '#c8ccd0' }, space: 60, incrs: INCRS },
        { stroke: '#4a545e', size: 44, grid: { stroke: '#eceef0' }, ticks: { show: false }, incrs: COUNTS },
      ],
      series: [
        {},
        {
          label: 'Events',
          stroke: '#31597a',
          fill: 'rgba(49, 89, 122, 0.75)',
          width: 0,
          paths: uPlot.paths.bars({ size: [0.9, 60], gap: 1 }),
          points: { show: false },
        },
      ],
      hooks: {
        setSelect: [(u) => self.selected(u)],
      },
    }, [xs, ys], this.elem);
    this.showRange();
  }

  selected(u) {
    const { left, width } = u.select;
    if (width < 3) { // a click, not a drag: keep the current range
      this.showRange();
      return;
    }
    const a = startOf(this.by, new Date(u.posToVal(left, 'x') * 1000));
    const b = next(this.by, startOf(this.by, new Date(u.posToVal(left + width, 'x') * 1000)));
    b.setUTCDate(b.getUTCDate() - 1); // inclusive
    this.range = { since: iso(a), until: iso(b) };
    this.showRange();
    this.onBrush(this.range.since, this.range.until);
  }

  /** setRange shows since/until (YYYY-MM-DD or '') as the selection. */
  setRange(since, until) {
    this.range = { since, until };
    this.showRange();
  }

  showRange() {
    const u = this.plot;
    if (!u) return;
    const { since, until } = this.range;
    if (!since && !until) {
      u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      return;
    }
    const [min, max] = [u.scales.x.min, u.scales.x.max];
    const a = since ? parse(since).getTime() / 1000 : min;
    const b = until ? parse(until).getTime() / 1000 + DAY : max;
    if (b <= min || a >= max) { // the range lies outside the plot
      u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
      return;
    }
    const left = Math.max(0, u.valToPos(Math.max(a, min), 'x'));
    const right = Math.min(u.bbox.width / devicePixelRatio, u.valToPos(Math.min(b, max), 'x'));
    u.setSelect({ left, top: 0, width: Math.max(2, right - left), height: u.bbox.height / devicePixelRatio }, false);
  }
}
