// README "Implementing a target" lists the cases of each conformance level by
// hand, for people reading it; this keeps those lists equal to the scope the
// certification judges (harness/report/certification.ts).
import t from 'tap';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadCases } from '../../harness/run/registry.ts';
import { LEVELS, inLevelScope } from '../../harness/report/certification.ts';

const README = fileURLToPath(new URL('../../README.md', import.meta.url));

/** The case ids of the paragraph that starts with "Its N cases" in a README subsection, and N. */
function listed(section: string): { count: number; ids: string[] } {
  const m = /^Its (\d+) cases[^]*?(?=\n\n)/m.exec(section);
  if (!m) throw new Error('no "Its N cases" paragraph');
  return { count: Number(m[1]), ids: [...m[0].matchAll(/`([A-Z0-9]+-[A-Za-z0-9-]+)`/g)].map((x) => x[1]!) };
}

t.test('the README lists exactly the cases in the scope of Graph API, Mock, Graph and Messaging', async (t) => {
  const text = await readFile(README, 'utf8');
  const all = await loadCases();
  const scope = (name: string) => all.filter((c) => inLevelScope(LEVELS.find((l) => l.name === name)!, c)).map((c) => c.id).sort();
  const sub = (from: string, to: string) => text.slice(text.indexOf(from), text.indexOf(to, text.indexOf(from)));

  const graphApi = listed(sub('### 0. `Graph API`', '### 1.'));
  t.same([...graphApi.ids].sort(), scope('Graph API'));
  t.equal(graphApi.count, scope('Graph API').length);

  const graph = listed(sub('### 1. `Graph`', '### 2.'));
  t.same([...graph.ids].sort(), scope('Graph'));
  t.equal(graph.count, scope('Graph').length);

  const messaging = listed(sub('### 2. `Messaging`', '### 3.'));
  t.same([...new Set([...graph.ids, ...messaging.ids])].sort(), scope('Messaging'), 'Messaging: Graph\'s and the ones listed');
  t.equal(messaging.count, scope('Messaging').length);
  const mock = listed(sub('### Beside the ladder: `Mock`', '### 3.'));
  t.same([...mock.ids].sort(), scope('Mock'));
  t.equal(mock.count, scope('Mock').length);
  t.match(text, `all ${all.length} cases are in scope`, 'the Full level counts every case');
});
