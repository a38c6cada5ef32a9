// Every command the fuzzer draws survives a trip through a corpus file: its
// data, written as JSON and built back by the registry, is the same command.
import t from 'tap';
import fc from 'fast-check';
import { commandArbitraries } from '../../harness/fuzz/commands/index.ts';
import { COMMANDS, commandFromData } from '../../harness/fuzz/commands/registry.ts';
import { CAPABILITIES } from '../../harness/core/capabilities.ts';

const all = new Set<string>(CAPABILITIES);

t.test('each drawn command round-trips through JSON to the same data and the same description', async (t) => {
  const arbs = commandArbitraries(all);
  const names = new Set<string>();
  for (const arb of arbs) {
    for (const cmd of fc.sample(arb, { seed: 42, numRuns: 25 })) {
      const data = cmd.toData();
      names.add(data.command);
      const back = commandFromData(JSON.parse(JSON.stringify(data)), 'test');
      t.same(back.toData(), JSON.parse(JSON.stringify(data)), `${data.command} keeps its arguments`);
      t.equal(back.toString(), cmd.toString());
    }
  }
  t.same([...names].sort(), Object.keys(COMMANDS).sort(), 'every registered command is drawn, and every drawn one registered');
});
