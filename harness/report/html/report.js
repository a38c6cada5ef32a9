// The case list of index.html. Renders from the embedded report one page at a
// time and builds a case's details only when it is opened, so a report of
// 10,000 cases stays responsive. Only textContent is used for report data.
(function () {
  'use strict';
  var report = JSON.parse(document.getElementById('report-data').textContent);
  var cases = report.cases;
  var PAGE = 100;
  var RANK = { error: 0, fail: 1, warn: 2, 'n/a': 3, pass: 4 };
  var state = { verdict: 'all', area: 'all', expectation: 'all', q: '', order: 'problems', page: 0 };
  var open = Object.create(null);
  var root = document.getElementById('cases');

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'class') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  // A clause's source: references separated by "; "; an https page becomes a
  // link a reader can open (docs/cloud-api-rules.md#how-clauses-cite-their-sources).
  function sourceOf(source) {
    var d = el('div', { class: 'hint' });
    String(source).split('; ').forEach(function (ref, i) {
      if (i > 0) d.appendChild(document.createTextNode('; '));
      var m = /^(https:\/\/\S+?)( — "[^"]+")?$/.exec(ref);
      if (!m) { d.appendChild(document.createTextNode(ref)); return; }
      d.appendChild(el('a', { href: m[1], rel: 'noopener noreferrer', target: '_blank', text: m[1] }));
      if (m[2]) d.appendChild(document.createTextNode(m[2]));
    });
    return d;
  }
  function area(id) { return id.slice(0, id.indexOf('-')); }
  function vcls(v) { return 'v-' + v.replace('/', ''); }
  function badge(v) { return el('span', { class: 'badge ' + vcls(v), text: v }); }

  // --- toolbar
  var areas = []; cases.forEach(function (c) { var a = area(c.id); if (areas.indexOf(a) < 0) areas.push(a); });
  function select(name, options, label) {
    var s = el('select', { 'aria-label': label, 'data-testid': 'filter-' + name });
    options.forEach(function (o) { s.appendChild(el('option', { value: o[0], text: o[1] })); });
    s.addEventListener('change', function () { state[name] = s.value; state.page = 0; render(); });
    return s;
  }
  var verdictSel = select('verdict', [['all', 'every verdict'], ['problems', 'not passing'], ['fail', 'fail'], ['error', 'error'], ['warn', 'warn'], ['n/a', 'n/a'], ['pass', 'pass']], 'verdict');
  var areaSel = select('area', [['all', 'every area']].concat(areas.map(function (a) { return [a, a]; })), 'area');
  var expSel = report.expectations ? select('expectation', [['all', 'any expectation'], ['unexpected', 'unexpected only'], ['unexpected-fail', 'unexpected failures'], ['unexpected-pass', 'unexpected passes'], ['expected-fail', 'expected failures']], 'expectation') : null;
  var orderSel = select('order', [['problems', 'problems first'], ['run', 'run order']], 'order');
  var search = el('input', { type: 'search', placeholder: 'search id, title, clause, message', 'aria-label': 'search', 'data-testid': 'search' });
  var timer = null;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(function () { state.q = search.value.toLowerCase(); state.page = 0; render(); }, 150); });
  var count = el('span', { 'data-testid': 'shown' });
  root.appendChild(el('div', { class: 'toolbar' }, [verdictSel, areaSel, expSel, orderSel, search, count]));
  var list = el('div', { 'data-testid': 'case-list' });
  root.appendChild(list);
  var pager = el('div', { class: 'pager' });
  root.appendChild(pager);

  function matches(c) {
    if (state.verdict === 'problems' ? c.verdict === 'pass' || c.verdict === 'n/a' : state.verdict !== 'all' && c.verdict !== state.verdict) return false;
    if (state.area !== 'all' && area(c.id) !== state.area) return false;
    if (state.expectation !== 'all') {
      var e = c.expectation || '';
      if (state.expectation === 'unexpected' ? e.indexOf('unexpected') !== 0 : e !== state.expectation) return false;
    }
    if (state.q) {
      var hay = (c.id + '\n' + c.title + '\n' + c.clause.text + '\n' + (c.message || '')).toLowerCase();
      if (hay.indexOf(state.q) < 0) return false;
    }
    return true;
  }

  function filtered() {
    var idx = [];
    for (var i = 0; i < cases.length; i++) if (matches(cases[i])) idx.push(i);
    if (state.order === 'problems') idx.sort(function (a, b) { return RANK[cases[a].verdict] - RANK[cases[b].verdict] || a - b; });
    return idx;
  }

  function pretty(body) {
    if (!body) return '';
    var t = body.trim();
    if (t[0] === '{' || t[0] === '[') { try { return JSON.stringify(JSON.parse(t), null, 2); } catch (e) { /* cut or not JSON: show as is */ } }
    return body;
  }
  function section(title, node) { return el('div', { class: 'sec' }, [el('h3', { text: title }), node]); }
  function pre(text, testid) { return el('pre', testid ? { 'data-testid': testid, text: text } : { text: text }); }

  function exchange(x) {
    var rows = el('table');
    Object.keys(x.requestHeaders || {}).forEach(function (k) { rows.appendChild(el('tr', null, [el('td', { text: k }), el('td', { text: x.requestHeaders[k] })])); });
    var d = el('details', null, [
      el('summary', { text: '#' + x.seq + ' [' + x.channel + '] ' + x.request + ' → ' + (x.status != null ? x.status : (x.error || '?')) }),
      el('h3', { text: 'request headers' }), rows,
      x.requestBody ? section('request body', pre(pretty(x.requestBody))) : null,
      x.responseBody ? section('response body', pre(pretty(x.responseBody))) : null,
      x.error ? section('error', pre(x.error)) : null,
    ]);
    return d;
  }

  function detail(c) {
    var d = el('div', { class: 'detail', 'data-testid': 'detail' });
    d.appendChild(section('Requirement (' + c.severity + ')', el('blockquote', null, [el('div', { text: c.clause.text }), sourceOf(c.clause.source)])));
    if (c.message) d.appendChild(section(c.verdict === 'n/a' ? 'Why not applicable' : c.verdict === 'error' ? 'Why it could not be judged' : c.verdict === 'pass' ? 'Not checked' : 'What went wrong', pre(c.message, 'message')));
    if (c.step) {
      var outcome = c.step.transport ? c.step.transport.detail : c.step.status !== undefined ? 'HTTP ' + c.step.status : 'no answer yet';
      d.appendChild(section('The step that failed', pre(c.step.method + ' ' + c.step.path + ' [' + c.step.channel + '] -> ' + outcome + (c.step.body ? '\n' + c.step.body : ''), 'step')));
    }
    if (c.expected !== undefined || c.actual !== undefined) {
      d.appendChild(el('div', { class: 'eg' }, [
        el('div', null, [el('h3', { class: 'exp-h', text: 'Expected' }), pre(c.expected || '', 'expected')]),
        el('div', null, [el('h3', { class: 'got-h', text: 'Got' }), pre(c.actual || '', 'actual')]),
      ]));
    }
    if (c.deviations && c.deviations.length) {
      var list = el('ul', { class: 'deviations', 'data-testid': 'deviations' });
      c.deviations.forEach(function (x) {
        list.appendChild(el('li', { class: 'dev-' + x.level.toLowerCase() }, [el('strong', { text: x.level + ' ' }), el('span', { text: x.message }), el('div', { class: 'hint', text: 'expected ' + x.expected + ' · got ' + x.actual })]));
      });
      if (c.deviationsOmitted) list.appendChild(el('li', { class: 'hint', text: c.deviationsOmitted + ' more not listed' }));
      d.appendChild(section('Every deviation found (' + c.deviations.length + ')', list));
    }
    if (c.counterexample !== undefined) {
      d.appendChild(section('Shrunk counterexample' + (c.shrinks != null ? ' (' + c.shrinks + ' shrinks, path ' + c.path + ')' : ''), pre(c.counterexample, 'counterexample')));
    }
    if (c.replay) {
      var code = el('code', { 'data-testid': 'replay', text: c.replay });
      var copy = el('button', { type: 'button', text: 'copy' });
      copy.addEventListener('click', function () {
        if (navigator.clipboard) navigator.clipboard.writeText(c.replay).then(function () { copy.textContent = 'copied'; }, function () { copy.textContent = 'select and copy'; });
      });
      d.appendChild(section('Replay exactly this', el('div', { class: 'replay' }, [code, copy])));
    }
    if (c.expectation) d.appendChild(section('Baseline', el('div', { text: c.expectation })));
    d.appendChild(el('p', { class: 'hint', text: 'requires ' + (c.requires.join(', ') || 'nothing') + ' · catches reference faults ' + c.faults.join(', ') + ' · seed ' + c.seed + ' · ' + Math.round(c.durationMs) + ' ms' }));
    if (c.evidence && c.evidence.length) {
      var w = el('div', { class: 'wire', 'data-testid': 'wire' });
      c.evidence.forEach(function (x) { w.appendChild(exchange(x)); });
      d.appendChild(section('Wire evidence (' + c.evidence.length + ' exchanges, bodies cut at 4 KiB, secrets shown as [Filtered])', w));
    } else if (c.verdict !== 'pass' && c.verdict !== 'n/a') {
      d.appendChild(el('p', { class: 'hint', text: 'No wire traffic was recorded for this case.' }));
    }
    return d;
  }

  function row(i) {
    var c = cases[i];
    var wrap = el('div', { class: 'case', 'data-case': c.id, 'data-verdict': c.verdict });
    var head = el('button', { type: 'button', class: 'head', 'aria-expanded': 'false' }, [
      badge(c.verdict), el('span', { class: 'badge sev', text: c.severity }),
      c.expectation && c.expectation !== 'pass' ? el('span', { class: 'badge exp', text: c.expectation }) : null,
      el('span', { class: 'id', text: c.id }), el('span', { class: 'title', text: c.title }),
      c.message && c.verdict !== 'pass' ? el('span', { class: 'msg', text: c.message.split('\n')[0].slice(0, 160) }) : null,
    ]);
    wrap.appendChild(head);
    var body = null;
    function toggle(show) {
      if (show && !body) { body = detail(c); wrap.appendChild(body); }
      if (body) body.hidden = !show;
      head.setAttribute('aria-expanded', String(show));
      if (show) open[c.id] = true; else delete open[c.id];
    }
    head.addEventListener('click', function () { toggle(head.getAttribute('aria-expanded') !== 'true'); });
    if (open[c.id]) toggle(true);
    return wrap;
  }

  function render() {
    var idx = filtered();
    var pages = Math.max(1, Math.ceil(idx.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var from = state.page * PAGE;
    var frag = document.createDocumentFragment();
    idx.slice(from, from + PAGE).forEach(function (i) { frag.appendChild(row(i)); });
    list.textContent = '';
    if (idx.length === 0) list.appendChild(el('p', { class: 'empty', text: 'No case matches these filters.' }));
    list.appendChild(frag);
    count.textContent = idx.length === 0 ? '0 of ' + cases.length + ' cases' : (from + 1) + '–' + Math.min(from + PAGE, idx.length) + ' of ' + idx.length + ' shown (' + cases.length + ' cases)';
    pager.textContent = '';
    if (pages > 1) {
      var prev = el('button', { type: 'button', text: '‹ previous', 'data-testid': 'prev' });
      var next = el('button', { type: 'button', text: 'next ›', 'data-testid': 'next' });
      prev.disabled = state.page === 0; next.disabled = state.page >= pages - 1;
      prev.addEventListener('click', function () { state.page--; render(); });
      next.addEventListener('click', function () { state.page++; render(); });
      pager.appendChild(prev); pager.appendChild(el('span', { text: 'page ' + (state.page + 1) + ' of ' + pages })); pager.appendChild(next);
    }
  }

  function setFilter(sel, name, value) { state[name] = value; sel.value = value; }
  Array.prototype.forEach.call(document.querySelectorAll('button.filter-link'), function (b) {
    b.addEventListener('click', function () {
      setFilter(verdictSel, 'verdict', b.getAttribute('data-verdict'));
      setFilter(areaSel, 'area', b.getAttribute('data-area'));
      state.page = 0; render();
      root.scrollIntoView();
    });
  });

  // #case=ID opens that case, so a terminal or a chat can link straight to it.
  function fromHash() {
    var m = /^#case=(.+)$/.exec(location.hash);
    if (!m) return;
    var id = decodeURIComponent(m[1]);
    if (!cases.some(function (c) { return c.id === id; })) return;
    setFilter(verdictSel, 'verdict', 'all'); setFilter(areaSel, 'area', 'all');
    if (expSel) setFilter(expSel, 'expectation', 'all');
    state.q = id.toLowerCase(); search.value = id; state.page = 0; open[id] = true;
    render();
    var node = list.querySelector('[data-case="' + id.replace(/"/g, '') + '"]');
    if (node) node.scrollIntoView();
  }
  window.addEventListener('hashchange', fromHash);
  render();
  fromHash();
  document.body.setAttribute('data-ready', 'true');
})();
