// app.js — the paperdex web page: search as you type, facets, author pages
// with a coauthor graph, paper pages with exports.  No framework, no
// build step.  Every piece of data reaches the page through textContent or
// setAttribute on an element built here (never innerHTML), and links are
// only ever built from our own routes or fixed https:// prefixes, so a
// hostile record cannot run script.  The state lives in the query string
// (?q=…&year=…, ?view=author&name=…, ?view=paper&id=…): every page can be
// shared, and the back button works.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const PAGE = 10;
const $ = (id) => document.getElementById(id);

// el('a', {href: x, class: 'y'}, child, 'text', …): an element; strings
// become text nodes.
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return e;
}

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return e;
}

// Data in <bdi>, so a right-to-left override inside a title cannot flip
// the text around it.
const bdi = (s) => el('bdi', {}, s == null ? '' : String(s));

function href(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== '' && v != null) u.set(k, v);
  const s = u.toString();
  return s ? '/?' + s : '/';
}

// A link inside the page: a real href (open in a new tab works) that is
// followed without reloading.
function nav(params, ...kids) {
  const h = href(params);
  return el('a', {href: h, 'data-nav': ''}, ...kids);
}

function go(params, replace) {
  const h = href(params);
  if (h === location.pathname + location.search) return render();
  if (replace) history.replaceState(null, '', h);
  else history.pushState(null, '', h);
  render();
}

document.addEventListener('click', (ev) => {
  const a = ev.target.closest && ev.target.closest('a[data-nav]');
  if (!a || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  ev.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  render();
  window.scrollTo(0, 0);
});
window.addEventListener('popstate', () => render());

// ---- fetching ---------------------------------------------------------------

let inflight = null;
async function api(path) {
  const r = await fetch(path, {signal: inflight ? inflight.signal : undefined,
                               headers: {Accept: 'application/json'}});
  const text = await r.text();
  let body = null;
  try { body = JSON.parse(text); } catch (e) { body = {error: text}; }
  if (!r.ok) {
    const err = new Error(body && body.error ? body.error : 'HTTP ' + r.status);
    err.status = r.status;
    err.column = body && body.column;
    throw err;
  }
  return body;
}

function status(text, isError) {
  const s = $('status');
  s.textContent = text;
  s.className = isError ? 'status error' : 'status';
}

function showError(e) {
  if (e.name === 'AbortError') return;
  let msg = e.message;
  if (e.status === 400 && e.column) msg = 'Query error at column ' + e.column + ': ' +
    msg.replace(/^column \d+: /, '');
  if (e.status === 503) msg = 'The database is not available yet: ' + msg;
  status(msg, true);
  $('view').replaceChildren();
}

const fmt = (n) => Number(n).toLocaleString('en');

// "**word**" marks a matched word in snippets (as in the CLI's JSON).
function highlighted(s) {
  const out = el('p', {class: 'snippet'});
  String(s || '').split('**').forEach((part, i) => {
    if (part) out.append(i % 2 ? el('mark', {}, part) : document.createTextNode(part));
  });
  return out;
}

function authorsLine(authors, truncated) {
  const span = el('span', {class: 'authors'});
  (authors || []).forEach((a, i) => {
    if (i) span.append(', ');
    span.append(nav({view: 'author', name: a}, bdi(a)));
  });
  if (truncated) span.append(' et al.');
  return span;
}

function hitItem(h) {
  const meta = el('div', {class: 'meta'}, authorsLine(h.authors, h.authors_truncated));
  const bits = [h.year, h.venue, h.category].filter((x) => x !== null && x !== undefined && x !== '');
  for (const b of bits) meta.append(' · ', bdi(b));
  return el('li', {class: 'hit'},
    el('h3', {}, nav({view: 'paper', id: h.id}, bdi(h.title))),
    meta,
    h.snippet && h.snippet !== h.title ? highlighted(h.snippet) : null);
}

// ---- search -------------------------------------------------------------------

function searchState(p) {
  return {q: p.get('q') || '', sort: p.get('sort') || '', page: Math.max(1, +p.get('page') || 1),
          year: p.get('year') || '', category: p.get('category') || '',
          author: p.get('author') || ''};
}

function histogram(years, st) {
  const ys = years.map((y) => ({year: +y.value, count: y.count}))
    .filter((y) => y.year > 0).sort((a, b) => a.year - b.year);
  if (ys.length === 0) return null;
  const lo = ys[0].year, hi = ys[ys.length - 1].year, n = hi - lo + 1;
  const max = Math.max(...ys.map((y) => y.count));
  const W = 230, H = 90, bw = W / n;
  const g = svg('svg', {class: 'hist', viewBox: `0 0 ${W} ${H}`, role: 'group',
                        'aria-label': 'Papers per year, ' + lo + ' to ' + hi});
  for (const y of ys) {
    const h = Math.max(2, (H - 16) * y.count / max);
    const r = svg('rect', {x: (y.year - lo) * bw + 1, y: H - 14 - h, width: Math.max(1, bw - 2),
                           height: h, tabindex: 0, role: 'button',
                           'aria-label': y.year + ': ' + y.count + ' papers'},
                  svg('title', {}, y.year + ': ' + fmt(y.count)));
    const pick = () => go({...st, page: '', year: st.year === String(y.year) ? '' : String(y.year)});
    r.addEventListener('click', pick);
    r.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); pick(); } });
    g.append(r);
  }
  g.append(svg('text', {x: 0, y: H - 2}, lo), svg('text', {x: W, y: H - 2, 'text-anchor': 'end'}, hi));
  return g;
}

function facetList(title, key, values, st) {
  if (!values || values.length === 0) return null;
  const ul = el('ul', {});
  for (const v of values) {
    const val = String(v.value);
    const on = st[key] === val;
    ul.append(el('li', {}, el('button', {type: 'button', 'aria-pressed': on ? 'true' : 'false',
      'data-facet': key, on: {click: () => go({...st, page: '', [key]: on ? '' : val})}},
      bdi(val), el('span', {class: 'count'}, fmt(v.count)))));
  }
  return [el('h2', {}, title), ul];
}

async function renderSearch(p) {
  const st = searchState(p);
  const input = $('q');
  if (document.activeElement !== input) input.value = st.q;
  document.title = st.q ? st.q + ' — paperdex' : 'paperdex';
  const filtered = st.year || st.category || st.author;
  if (!st.q.trim() && !filtered) {
    status('');
    $('view').replaceChildren(el('section', {class: 'intro'},
      el('h1', {}, 'Search papers'),
      el('p', {}, 'Type a topic, an author:name, a "quoted phrase" or year:2019..2021. ',
        'Results appear as you type.')));
    api('/api/stats').then((s) => status(fmt(s.papers) + ' papers' +
      (s.authors === null ? '' : ' by ' + fmt(s.authors) + ' authors') + ' in the index.'))
      .catch(() => {});
    return;
  }
  const q = new URLSearchParams({q: st.q, limit: PAGE, offset: (st.page - 1) * PAGE, facets: 1});
  for (const k of ['sort', 'year', 'category', 'author']) if (st[k]) q.set(k, st[k]);
  const t0 = performance.now();
  const r = await api('/api/search?' + q);
  const ms = Math.round(performance.now() - t0);
  const total = (r.total_exact ? '' : 'About ') + fmt(r.total) + (r.total === 1 ? ' paper' : ' papers');
  status(r.total === 0 ? 'No papers match.' : total + ' (' + ms + ' ms)');

  const chips = el('div', {class: 'chips', 'aria-label': 'Active filters'});
  for (const [k, label] of [['year', 'Year'], ['category', 'Category'], ['author', 'Author']])
    if (st[k]) chips.append(el('button', {type: 'button', class: 'chip', 'data-remove': k,
      'aria-label': 'Remove filter ' + label + ' ' + st[k],
      on: {click: () => go({...st, page: '', [k]: ''})}}, label + ': ', bdi(st[k]), ' ×'));

  const sort = el('select', {id: 'sort', on: {change: (ev) => go({...st, page: '', sort: ev.target.value === 'date' ? 'date' : ''})}},
    el('option', {value: 'relevance'}, 'Best match'), el('option', {value: 'date'}, 'Newest first'));
  sort.value = st.sort === 'date' ? 'date' : 'relevance';
  const tools = el('div', {class: 'tools'}, el('label', {for: 'sort'}, 'Sort '), sort);

  const main = el('div', {class: 'results'}, tools, chips);
  if (r.suggestion)
    main.append(el('p', {class: 'suggest'}, 'Did you mean ',
      nav({...st, page: '', q: r.suggestion}, el('em', {}, r.suggestion)), '?'));
  main.append(el('ol', {class: 'hits', start: (st.page - 1) * PAGE + 1}, r.hits.map(hitItem)));
  const pages = Math.ceil(r.total / PAGE);
  if (pages > 1) {
    main.append(el('nav', {class: 'pager', 'aria-label': 'Pages'},
      st.page > 1 ? nav({...st, page: st.page - 1 > 1 ? st.page - 1 : ''}, '← Previous') : null,
      el('span', {}, 'Page ' + st.page + ' of ' + (r.total_exact ? fmt(pages) : 'about ' + fmt(pages))),
      st.page < pages ? nav({...st, page: st.page + 1}, 'Next →') : null));
  }
  const f = r.facets || {};
  const aside = el('aside', {class: 'facets', 'aria-label': 'Filters'},
    f.year && f.year.length ? [el('h2', {}, 'Years'), histogram(f.year, st)] : null,
    facetList('Year', 'year', (f.year || []).slice(0, 8), st),
    facetList('Category', 'category', f.category, st),
    facetList('Top authors', 'author', f.author, st));
  $('view').replaceChildren(el('div', {class: 'layout'}, aside, main));
}

// ---- author -------------------------------------------------------------------

function coauthorGraph(name, list) {
  const top = list.slice(0, 24);
  const W = 640, H = 440, cx = W / 2, cy = H / 2;
  const g = svg('svg', {class: 'graph', viewBox: `0 0 ${W} ${H}`, role: 'group',
                        'aria-label': 'Coauthor graph of ' + name});
  const max = Math.max(1, ...top.map((c) => c.papers));
  const nodes = top.map((c, i) => {
    const ring = top.length > 12 && i % 2 ? 0.62 : 0.9;
    const a = (2 * Math.PI * (i + 0.5)) / top.length - Math.PI / 2;
    return {c, x: cx + Math.cos(a) * (W / 2 - 70) * ring, y: cy + Math.sin(a) * (H / 2 - 40) * ring,
            r: 6 + 14 * Math.sqrt(c.papers / max)};
  });
  for (const n of nodes)
    g.append(svg('line', {x1: cx, y1: cy, x2: n.x, y2: n.y,
                          'stroke-width': 1 + 5 * n.c.papers / max}));
  g.append(svg('g', {class: 'me'}, svg('circle', {cx, cy, r: 22}),
    svg('text', {x: cx, y: cy + 38, 'text-anchor': 'middle', 'font-weight': 700}, name)));
  for (const n of nodes) {
    const a = svg('a', {href: href({view: 'author', name: n.c.name}), 'data-nav': '',
                        'aria-label': n.c.name + ', ' + n.c.papers + ' shared papers'},
      svg('title', {}, n.c.name + ': ' + n.c.papers + ' shared'),
      svg('circle', {cx: n.x, cy: n.y, r: n.r}),
      svg('text', {x: n.x, y: n.y + n.r + 12, 'text-anchor': 'middle'}, n.c.name));
    g.append(a);
  }
  return g;
}

async function renderAuthor(p) {
  const name = p.get('name') || '';
  $('q').value = '';
  document.title = name + ' — paperdex';
  const [papers, co] = await Promise.all([
    api('/api/author?' + new URLSearchParams({name, limit: 100, sort: 'date'})),
    api('/api/coauthors?' + new URLSearchParams({name}))]);
  const display = co.author || name;
  status(fmt(papers.total) + (papers.total === 1 ? ' paper' : ' papers') +
         (papers.total > papers.hits.length ? ' (the newest ' + papers.hits.length + ' shown)' : ''));
  const variants = [...new Set(papers.hits.map((h) => h.matched_author).filter(Boolean))];
  const byYear = new Map();
  for (const h of papers.hits) {
    const y = h.year || 'Undated';
    if (!byYear.has(y)) byYear.set(y, []);
    byYear.get(y).push(h);
  }
  const years = el('section', {class: 'years', 'aria-label': 'Papers by year'});
  for (const [y, hs] of byYear)
    years.append(el('h3', {}, String(y), el('span', {class: 'count'}, hs.length)),
                 el('ul', {class: 'hits'}, hs.map(hitItem)));
  const section = el('section', {class: 'author'},
    el('h1', {}, bdi(display)),
    variants.length > 1 ? el('p', {class: 'meta variants'}, 'Also written as: ',
      variants.filter((v) => v !== display).map((v, i) => [i ? ', ' : '', bdi(v)])) : null,
    el('p', {}, nav({q: 'author:"' + display.replace(/"/g, '') + '"'}, 'Search within these papers')));
  if (co.coauthors && co.coauthors.length) {
    section.append(el('h2', {}, 'Coauthors'), coauthorGraph(display, co.coauthors),
      el('details', {}, el('summary', {}, 'Coauthors as a list'),
        el('ul', {}, co.coauthors.map((c) => el('li', {},
          nav({view: 'author', name: c.name}, bdi(c.name)),
          el('span', {class: 'count'}, c.papers + ' shared'))))));
  }
  section.append(el('h2', {}, 'Papers'), years);
  $('view').replaceChildren(section);
}

// ---- paper ---------------------------------------------------------------------

// Only fixed https:// prefixes; the id is percent-encoded by encodeURI.
function externalLinks(ids) {
  const out = [];
  if (ids.arxiv && /^[A-Za-z0-9.\-\/]+$/.test(ids.arxiv))
    out.push(el('a', {href: 'https://arxiv.org/abs/' + ids.arxiv, rel: 'noopener noreferrer'}, 'arXiv:' + ids.arxiv));
  if (ids.doi)
    out.push(el('a', {href: 'https://doi.org/' + encodeURI(ids.doi).replace(/#/g, '%23').replace(/\?/g, '%3F'),
                      rel: 'noopener noreferrer'}, 'doi:', bdi(ids.doi)));
  return out;
}

async function renderPaper(p) {
  const id = p.get('id') || '';
  $('q').value = '';
  const enc = encodeURIComponent(id);
  const [paper, sim] = await Promise.all([
    api('/api/paper/' + enc),
    api('/api/similar/' + enc + '?limit=5').catch(() => ({hits: []}))]);
  document.title = paper.title + ' — paperdex';
  status('');
  const dl = el('dl', {class: 'fields'});
  const add = (k, v) => { if (v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && !v.length)) dl.append(el('dt', {}, k), el('dd', {}, v instanceof Node || Array.isArray(v) ? v : bdi(v))); };
  add('Authors', authorsLine(paper.authors, paper.authors_truncated));
  add('Date', paper.date || paper.year);
  add('Venue', paper.venue);
  add('Category', paper.category ? nav({category: paper.category}, bdi(paper.category)) : null);
  add('Journal', paper.journal_ref);
  add('Volume', paper.volume);
  add('Number', paper.number);
  add('Pages', paper.pages);
  add('Affiliations', (paper.affiliations || []).join('; '));
  add('Links', externalLinks(paper.ids || {}).flatMap((a, i) => (i ? [' · ', a] : [a])));
  add('Id', paper.id);
  add('Sources', (paper.sources || []).join('\n'));

  const pre = el('pre', {class: 'export', id: 'export', 'aria-live': 'polite', hidden: true});
  const dlLink = el('a', {class: 'btn', id: 'export-download', hidden: true}, 'Download');
  const exportBtn = (label, format, ext) => el('button', {type: 'button', 'data-format': format,
    on: {click: async () => {
      const url = '/api/export/' + enc + '?format=' + format;
      try {
        const r = await fetch(url);
        const text = await r.text();
        if (!r.ok) throw new Error(text);
        pre.textContent = text;
        pre.hidden = false;
        dlLink.setAttribute('href', url);
        dlLink.setAttribute('download', (paper.id || 'paper').replace(/[^A-Za-z0-9._-]+/g, '_') + '.' + ext);
        dlLink.hidden = false;
      } catch (e) { status('Export failed: ' + e.message, true); }
    }}}, label);
  const section = el('article', {class: 'paper'},
    el('h1', {}, bdi(paper.title)), dl,
    paper.abstract ? [el('h2', {}, 'Abstract'), el('p', {class: 'abstract'}, bdi(paper.abstract))] : null,
    el('h2', {}, 'Cite'),
    el('div', {class: 'exports'}, exportBtn('BibTeX', 'bibtex', 'bib'),
       exportBtn('CSL-JSON', 'csl-json', 'json'), exportBtn('RIS', 'ris', 'ris'), dlLink),
    pre);
  if (sim.hits && sim.hits.length)
    section.append(el('h2', {}, 'Similar papers'), el('ul', {class: 'hits similar'}, sim.hits.map(hitItem)));
  $('view').replaceChildren(section);
}

// ---- the page --------------------------------------------------------------------

async function render() {
  if (inflight) inflight.abort();
  inflight = new AbortController();
  const p = new URLSearchParams(location.search);
  const view = p.get('view');
  try {
    if (view === 'author') await renderAuthor(p);
    else if (view === 'paper') await renderPaper(p);
    else await renderSearch(p);
  } catch (e) {
    showError(e);
  }
}

let timer = 0;
$('q').addEventListener('input', (ev) => {
  clearTimeout(timer);
  const q = ev.target.value;
  timer = setTimeout(() => {
    const p = new URLSearchParams(location.search);
    const onSearch = !p.get('view');
    const st = onSearch ? searchState(p) : {};
    // typing refines the current search: one history entry, not one a key
    go({...st, q, page: ''}, onSearch && !!st.q);
  }, 220);
});
$('search-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  clearTimeout(timer);
  const p = new URLSearchParams(location.search);
  const st = p.get('view') ? {} : searchState(p);
  go({...st, q: $('q').value, page: ''});
});
document.addEventListener('keydown', (ev) => {
  if (ev.key === '/' && document.activeElement !== $('q')) { ev.preventDefault(); $('q').focus(); }
});
render();
