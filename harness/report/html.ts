// reports/<run>/index.html: one self-contained page. The head of the page
// (verdict, target, capabilities, area × verdict summary, certification,
// expectations) is static HTML; the case list renders from the report
// embedded as JSON, one page of cases at a time, each case's details built
// when it is expanded, so 10,000 cases do not freeze the browser. A CSP
// allowing only this page's own script and style proves it makes no request.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CAPABILITIES } from '../core/capabilities.ts';
import type { Verdict } from '../core/case.ts';
import type { Report } from './report.ts';

const asset = (name: string): string => readFileSync(new URL(`./html/${name}`, import.meta.url), 'utf8');
const CLIENT_JS = asset('report.js');
const CLIENT_CSS = asset('report.css');

const VERDICTS: Verdict[] = ['fail', 'error', 'warn', 'n/a', 'pass'];

export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that cannot end its <script> element or open a comment inside it. */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

function overall(r: Report): { cls: string; text: string } {
  const c = r.counts;
  if (r.aborted) return { cls: 'error', text: `the run was aborted at ${r.aborted.case}` };
  if (r.expectations) {
    const e = r.expectations;
    const unexpected = e.unexpectedFailures.length + e.unexpectedPasses.length;
    if (unexpected > 0) return { cls: 'fail', text: `${e.unexpectedFailures.length} unexpected failure(s), ${e.unexpectedPasses.length} unexpected pass(es)` };
    return { cls: 'pass', text: `as expected by the baseline (${e.expectedFailures.length} known failure(s))` };
  }
  if (c.error > 0) return { cls: 'error', text: `${c.error} case(s) could not be judged` };
  if (c.fail > 0) return { cls: 'fail', text: `${c.fail} MUST requirement(s) failed` };
  if (c.warn > 0) return { cls: 'warn', text: `every applicable MUST passed; ${c.warn} SHOULD not met` };
  return { cls: 'pass', text: 'every applicable MUST passed' };
}

/** First thing under the header: a run that stopped early says where and why, and that the rest did not run. */
function abortedBlock(r: Report): string {
  const a = r.aborted;
  if (!a) return '';
  const at = r.cases.findIndex((c) => c.id === a.case);
  const notRun = at < 0 ? 0 : r.cases.slice(at + 1).filter((c) => c.verdict === 'error').length;
  return `<section class="panel aborted" data-testid="aborted"><h2>The run was aborted</h2>
<p>It stopped at <a href="#case=${encodeURIComponent(a.case)}"><code>${htmlEscape(a.case)}</code></a>: ${htmlEscape(a.reason)}</p>
<p>${at < 0 ? 0 : at} case(s) before it keep their verdicts; ${notRun} case(s) after it were not run and count as <span class="badge v-error">error</span>.</p></section>`;
}

function summaryTable(r: Report): string {
  const head = VERDICTS.map((v) => `<th scope="col"><span class="badge v-${cls(v)}">${v}</span></th>`).join('');
  const cell = (area: string, v: Verdict, n: number) =>
    n === 0
      ? `<td class="zero" data-testid="count-${area}-${v}">0</td>`
      : `<td data-testid="count-${area}-${v}"><button type="button" class="filter-link" data-area="${area}" data-verdict="${v}">${n}</button></td>`;
  const rows = r.areas
    .map((a) => `<tr><th scope="row">${htmlEscape(a.area)}</th>${VERDICTS.map((v) => cell(a.area, v, a[v])).join('')}<td>${VERDICTS.reduce((s, v) => s + a[v], 0)}</td></tr>`)
    .join('');
  const total = `<tr class="total"><th scope="row">all</th>${VERDICTS.map((v) => cell('all', v, r.counts[v])).join('')}<td data-testid="count-all-total">${r.cases.length}</td></tr>`;
  return `<table class="summary" data-testid="summary"><thead><tr><th scope="col">area</th>${head}<th scope="col">cases</th></tr></thead><tbody>${rows}${total}</tbody></table>`;
}

const cls = (v: string) => v.replace('/', '');

function capabilityList(r: Report): string {
  const declared = new Set(r.capabilities);
  const known = new Set<string>(CAPABILITIES);
  const items = [...CAPABILITIES, ...r.capabilities.filter((c) => !known.has(c))].map(
    (c) => `<li class="${declared.has(c) ? 'cap-yes' : 'cap-no'}" title="${declared.has(c) ? 'declared' : 'not declared: cases needing it are n/a'}">${declared.has(c) ? '✓' : '–'} ${htmlEscape(c)}</li>`,
  );
  return `<ul class="caps" data-testid="capabilities">${items.join('')}</ul>`;
}

function certificationBlock(r: Report): string {
  const c = r.certification;
  if (!c) return '';
  const levels = c.levels
    .map(
      (l) =>
        `<li class="${l.reached ? 'cap-yes' : 'cap-no'}"><strong>${htmlEscape(l.name)}</strong> ${l.reached ? 'reached' : 'not reached'} (${l.cases} case(s) in scope)${
          l.blockers.length ? `<ul>${l.blockers.slice(0, 20).map((b) => `<li>${htmlEscape(b)}</li>`).join('')}${l.blockers.length > 20 ? `<li>and ${l.blockers.length - 20} more</li>` : ''}</ul>` : ''
        }</li>`,
    )
    .join('');
  return `<section class="panel" data-testid="certification"><h2>Certification</h2>
<p>Conformance level reached: <strong class="level" data-testid="level">${htmlEscape(c.level)}</strong></p>
<ul class="levels">${levels}</ul>
<p>Results digest (${htmlEscape(c.digest.algorithm)}): <code class="digest" data-testid="digest">${htmlEscape(c.digest.value)}</code></p>
<p class="hint">Over ${htmlEscape(c.digest.over)}. Re-run with the same seed against the same target and compare.</p></section>`;
}

/** Without a control plane: say the run was Graph-only and list what it could not judge, and why. */
function graphOnlyBlock(r: Report): string {
  if (r.target.implementation) return '';
  const na = r.cases.filter((c) => c.verdict === 'n/a');
  const items = na.map((c) => `<li><a href="#case=${encodeURIComponent(c.id)}"><code>${htmlEscape(c.id)}</code></a>: ${htmlEscape(c.message ?? 'not applicable')}</li>`).join('');
  return `<section class="panel" data-testid="graph-only"><h2>Graph-only</h2>
<p>The target has no conformance control plane, so only what the Graph API shows was judged. ${na.length} case(s) could not be judged:</p>${na.length ? `<ul>${items}</ul>` : ''}</section>`;
}

function expectationsBlock(r: Report): string {
  const e = r.expectations;
  if (!e) return '';
  const list = (title: string, ids: string[], testid: string, klass: string) =>
    `<div class="exp ${klass}"><h3>${title} <span data-testid="${testid}">${ids.length}</span></h3>${
      ids.length ? `<ul>${ids.slice(0, 200).map((id) => `<li><a href="#case=${encodeURIComponent(id)}">${htmlEscape(id)}</a></li>`).join('')}${ids.length > 200 ? `<li>and ${ids.length - 200} more</li>` : ''}</ul>` : ''
    }</div>`;
  return `<section class="panel" data-testid="expectations"><h2>Expectations <span class="hint">baseline ${htmlEscape(e.baseline)}</span></h2><div class="exps">
${list('Unexpected failures', e.unexpectedFailures, 'unexpected-failures', 'v-fail')}
${list('Unexpected passes', e.unexpectedPasses, 'unexpected-passes', 'v-warn')}
${list('Expected failures', e.expectedFailures, 'expected-failures', 'v-na')}
${e.notRun.length ? list('Listed but not applicable', e.notRun, 'not-run', 'v-na') : ''}</div></section>`;
}

export function renderHtml(r: Report): string {
  const o = overall(r);
  const impl = r.target.implementation ? `${r.target.implementation.name} ${r.target.implementation.version}` : 'no control plane (Graph only)';
  const target = `${r.target.embedded ? 'embedded reference' : r.target.url}${r.target.fault ? ` with fault ${r.target.fault}` : ''}`;
  const csp = `default-src 'none'; script-src ${cspHash(CLIENT_JS)}; style-src ${cspHash(CLIENT_CSS)}; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${htmlEscape(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${htmlEscape(`${o.cls.toUpperCase()} — ${impl} — cloudapi-conformance`)}</title>
<style>${CLIENT_CSS}</style>
</head>
<body>
<header class="top v-${o.cls}">
<h1><span class="badge v-${o.cls}" data-testid="overall">${o.cls.toUpperCase()}</span> ${htmlEscape(o.text)}</h1>
<dl class="meta" data-testid="identity">
<dt>target</dt><dd>${htmlEscape(target)}</dd>
<dt>implementation</dt><dd data-testid="implementation">${htmlEscape(impl)}</dd>
${r.target.consumer ? `<dt>consumers</dt><dd data-testid="consumer-path">${htmlEscape(r.target.consumer)}</dd>` : ''}
<dt>suite</dt><dd>${htmlEscape(`${r.suite.name} ${r.suite.version}`)}, protocol ${htmlEscape(r.protocol)}, report schema ${htmlEscape(r.schema)}</dd>
<dt>seed</dt><dd data-testid="seed">${r.seed} (${r.runs} runs per property)${r.selection ? `; cases ${htmlEscape(r.selection)}` : ''}</dd>
<dt>when</dt><dd>${htmlEscape(r.startedAt)} → ${htmlEscape(r.finishedAt)}</dd>
<dt>digest</dt><dd><code>sha256:${htmlEscape(r.digest.value)}</code></dd>
</dl>
</header>
<main>
${abortedBlock(r)}
<section class="panel"><h2>Summary by area</h2>${summaryTable(r)}<p class="hint">Click a number to list those cases.</p></section>
${certificationBlock(r)}
${graphOnlyBlock(r)}
${expectationsBlock(r)}
<section class="panel"><h2>Capabilities declared</h2>${capabilityList(r)}</section>
<section class="panel cases-panel"><h2>Cases</h2>
<noscript><p>The case list renders from the data embedded in this page and needs JavaScript; the same data is in report.json beside it.</p></noscript>
<div id="cases" data-testid="cases"></div>
</section>
</main>
<script type="application/json" id="report-data">${embedJson(r)}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}
