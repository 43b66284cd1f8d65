// Event and document pages: link fields and events to their spans in the
// text. Clicking (or focusing) a field's quote or an event's "evidence"
// link lights up every <mark> of that span and scrolls it into view;
// clicking a mark lights up the fields or events it supports. A document
// page opened from an incident's claim (?hl=start-end#span-h0) lights up
// the claim's text (keys h0, h1, …).
export function initEvidence() {
  const text = document.getElementById('doctext');
  if (!text) return;
  const wide = matchMedia('(min-width: 900px)');

  function activate(key, scroll) {
    for (const e of document.querySelectorAll('.active')) e.classList.remove('active');
    if (!/^[efh]\d+$/.test(key)) return;
    for (const m of text.querySelectorAll(`mark[data-spans~="${key}"]`)) m.classList.add('active');
    for (const r of document.querySelectorAll(`[data-span="${key}"]`)) r.classList.add('active');
    const anchor = document.getElementById('span-' + key);
    if (scroll && anchor) {
      const target = text.querySelector(`mark[data-spans~="${key}"]`) || anchor;
      target.scrollIntoView({ block: 'center', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    }
  }

  document.addEventListener('click', (ev) => {
    const link = ev.target.closest('a[data-span]');
    if (link) {
      ev.preventDefault();
      activate(link.dataset.span, true);
      history.replaceState(null, '', '#span-' + link.dataset.span);
      return;
    }
    const mark = ev.target.closest('mark[data-spans]');
    if (mark) {
      const keys = mark.dataset.spans.split(' ');
      const key = keys.find((k) => k.startsWith('f')) || keys[0];
      activate(key, false);
      document.querySelector(`tr[data-span="${key}"], li[data-span="${key}"]`)?.scrollIntoView({ block: 'nearest' });
    }
  });
  // Tabbing through the fields follows them in the text, when the text
  // sits beside them.
  document.addEventListener('focusin', (ev) => {
    const link = ev.target.closest('a[data-span]');
    if (link) activate(link.dataset.span, wide.matches);
  });

  const m = /^#span-([efh]\d+)$/.exec(location.hash);
  if (m) activate(m[1], true);
}
