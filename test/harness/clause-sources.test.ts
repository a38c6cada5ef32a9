import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCases } from '../../harness/run/registry.ts';
import { githubSlug, markdownAnchors, parseClauseSource, parseSourceRef } from '../../harness/core/clause-source.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const cases = await loadCases();

const anchorsOf = new Map<string, Set<string> | undefined>();
function anchors(path: string): Set<string> | undefined {
  if (!anchorsOf.has(path)) {
    let text: string | undefined;
    try {
      text = readFileSync(join(ROOT, path), 'utf8');
    } catch {
      text = undefined;
    }
    anchorsOf.set(path, text === undefined ? undefined : markdownAnchors(text));
  }
  return anchorsOf.get(path);
}

t.test('every case cites only what a reader can open', async (t) => {
  t.ok(cases.length >= 65, `${cases.length} cases loaded`);
  for (const c of cases) {
    const { refs, problems } = parseClauseSource(c.clause.source);
    t.same(problems, [], `${c.id}: every reference of its source has an accepted form`);
    t.ok(refs.length > 0, `${c.id}: cites something`);
    for (const r of refs) {
      if (r.kind !== 'doc') continue;
      const offered = anchors(r.path);
      t.ok(offered !== undefined, `${c.id}: ${r.path} exists`);
      t.ok(offered?.has(r.anchor), `${c.id}: ${r.path} has a section #${r.anchor}`);
    }
  }
});

t.test('the accepted forms of a reference', async (t) => {
  t.same(parseSourceRef('https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Codes"'), {
    kind: 'url',
    url: 'https://developers.facebook.com/docs/graph-api/guides/error-handling',
    heading: 'Error Codes',
  });
  t.same(parseSourceRef('https://example.com/page'), { kind: 'url', url: 'https://example.com/page' });
  t.same(parseSourceRef("Meta's WhatsApp Business OpenAPI description, operation sendMessage"), { kind: 'openapi', operations: ['sendMessage'] });
  t.same(parseSourceRef("Meta's WhatsApp Business OpenAPI description, operations blockUserS, unblockUserS"), { kind: 'openapi', operations: ['blockUserS', 'unblockUserS'] });
  t.same(parseSourceRef('docs/cloud-api-rules.md#error-envelope'), { kind: 'doc', path: 'docs/cloud-api-rules.md', anchor: 'error-envelope' });
  t.same(parseSourceRef('harness/PROTOCOL.md#41-integrity-decisions-and-signals-capability-transportintegrity'), {
    kind: 'doc',
    path: 'harness/PROTOCOL.md',
    anchor: '41-integrity-decisions-and-signals-capability-transportintegrity',
  });
  for (const bad of [
    'http://developers.facebook.com/docs',
    'https://example.com/a page',
    'https://example.com/page — Error Codes',
    "Meta's WhatsApp Business OpenAPI description, operation send message",
    "Meta's WhatsApp Business OpenAPI description, operation a, b",
    "Meta's WhatsApp Business OpenAPI description, operations sendMessage",
    'PROTOCOL.md §4',
    'harness/PROTOCOL.md §4',
    'docs/cloud-api-rules.md',
    'README.md#fuzzing',
    'reference/seams.ts#x',
    'Graph API errors',
  ]) {
    t.type(parseSourceRef(bad), 'string', `refused: ${bad}`);
  }
  t.same(parseClauseSource('docs/a.md#x; https://example.com').refs.length, 2);
  t.same(parseClauseSource('').problems, ['the source is empty']);
  t.equal(parseClauseSource('docs/a.md#x;https://example.com').problems.length, 1, 'references are separated by "; "');
});

t.test('heading anchors are derived as GitHub does', async (t) => {
  t.equal(githubSlug('4.1 Integrity decisions and signals (capability `transport.integrity`)'), '41-integrity-decisions-and-signals-capability-transportintegrity');
  t.equal(githubSlug('24-hour customer service window'), '24-hour-customer-service-window');
  t.equal(githubSlug("The suite's own rules"), 'the-suites-own-rules');
  t.equal(githubSlug('Window refusal, blocked consumer, undeliverable message'), 'window-refusal-blocked-consumer-undeliverable-message');
  const md = ['# Title', '## Same', '```', '## Not a heading', '```', '## Same', '<a id="explicit"></a>', '### [Linked](https://x.example) text'].join('\n');
  t.same([...markdownAnchors(md)].sort(), ['explicit', 'linked-text', 'same', 'same-1', 'title']);
});

t.test('links between the project\'s documents land on sections that exist', async (t) => {
  const found: string[] = [];
  for (const doc of ['README.md', 'harness/PROTOCOL.md', ...files('docs').filter((f) => f.endsWith('.md'))]) {
    const text = readFileSync(join(ROOT, doc), 'utf8');
    for (const m of text.matchAll(/\]\(([^)\s]*?)#([^)\s]+)\)/g)) {
      const [link, path, anchor] = [m[0], m[1]!, m[2]!];
      if (/^[a-z]+:/.test(path)) continue;
      const target = path === '' ? doc : normalize(join(dirname(doc), path));
      if (!target.endsWith('.md')) continue;
      if (!anchors(target)?.has(anchor)) found.push(`${doc}: ${link} names no section of ${target}`);
    }
  }
  t.same(found, []);
});

// Built from parts so that this file does not contain what it looks for.
const FORBIDDEN = [['CLOUD-API-', 'FACTS'], ['seed ', 'promise'], ['LIBSIGNAL-', 'NOTES']].map((p) => p.join(''));
const TRACKER = /\bissues? #?\d/i;
const SCANNED = ['suites', 'harness', 'reference', 'generators', 'docs', 'test', 'README.md', 'CONTRIBUTING.md'];
const TEXT = /\.(ts|js|mjs|cjs|md|json|css|html|ya?ml|txt)$/;

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((d) =>
    d.name === 'node_modules' || d.name.startsWith('.') ? [] : d.isDirectory() ? files(join(path, d.name)) : TEXT.test(d.name) ? [join(path, d.name)] : [],
  );
}

t.test('no project file points readers at team notes or tracker numbers', async (t) => {
  const scanned = SCANNED.flatMap((p) => {
    try {
      return files(p);
    } catch {
      return [];
    }
  });
  t.ok(scanned.length > 100, `${scanned.length} files scanned`);
  const found: string[] = [];
  for (const f of scanned) {
    const lines = readFileSync(join(ROOT, f), 'utf8').split('\n');
    lines.forEach((l, i) => {
      for (const word of FORBIDDEN) if (l.includes(word)) found.push(`${f}:${i + 1} mentions ${word}`);
      if (TRACKER.test(l)) found.push(`${f}:${i + 1} cites a tracker issue: ${l.trim()}`);
    });
  }
  t.same(found, [], 'say the reason, or link docs/ and public pages');
});
