import t from 'tap';
import { loadCases, selectCases } from '../../harness/run/registry.ts';
import { areaOf, AREAS, type ConformanceCase } from '../../harness/core/case.ts';
import { defineCase } from '../../harness/run/define-case.ts';
import { CAPABILITIES } from '../../harness/core/capabilities.ts';
import { FAULTS } from '../../reference/faults/index.ts';

const cases = await loadCases();

t.test('every case has an honest header', async (t) => {
  t.ok(cases.length >= 7);
  const faultNames = FAULTS.map((f) => f.name);
  for (const c of cases) {
    t.ok((AREAS as readonly string[]).includes(areaOf(c.id)), `${c.id}: known area`);
    t.ok(c.requires.every((r) => (CAPABILITIES as readonly string[]).includes(r)), `${c.id}: known capabilities`);
    t.ok(c.faults.length > 0 && c.faults.every((f) => faultNames.includes(f)), `${c.id}: names reference faults that exist`);
  }
});

t.test('ids are unique and sorted, the ones marked first in front', async (t) => {
  const ids = cases.map((c) => c.id);
  t.equal(new Set(ids).size, ids.length);
  const firsts = cases.filter((c) => c.first).length;
  t.ok(cases.slice(0, firsts).every((c) => c.first));
  const rest = ids.slice(firsts);
  t.same(rest, [...rest].sort((a, b) => a.localeCompare(b)));
});

t.test('globs select and exclude', async (t) => {
  t.same(selectCases(cases, 'HOOK-*').map((c) => c.id), cases.filter((c) => c.id.startsWith('HOOK-')).map((c) => c.id));
  t.notOk(selectCases(cases, 'HOOK-*,!HOOK-signature-valid').some((c) => c.id === 'HOOK-signature-valid'));
  t.equal(selectCases(cases, 'e2e-outbound-decrypts-exactly').length, 1, 'case-insensitive');
  t.equal(selectCases(cases, 'NOPE-*').length, 0);
  t.equal(selectCases(cases, undefined).length, cases.length);
});

t.test('defineCase rejects a bad header and names the case', async (t) => {
  const good: ConformanceCase = {
    id: 'E2E-fine',
    title: 't',
    clause: { text: 'x', source: 'y' },
    severity: 'MUST',
    requires: [],
    faults: ['f'],
    run: async () => {},
  };
  t.doesNotThrow(() => defineCase({ ...good }));
  t.throws(() => defineCase({ ...good, id: 'e2e_Bad' }), /case e2e_Bad: id must be/);
  t.throws(() => defineCase({ ...good, id: 'XYZ-thing' }), /AREA/);
  t.throws(() => defineCase({ ...good, faults: [] }), /at least one reference fault/);
  t.throws(() => defineCase({ ...good, clause: { text: '', source: '' } }), /clause/);
});
