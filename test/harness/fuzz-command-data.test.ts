// Every command the fuzzer draws survives a trip through a corpus file: its
// data, written as JSON and built back by the registry, is the same command.
import t from 'tap';
import fc from 'fast-check';
import { commandArbitraries } from '../../harness/fuzz/commands/index.ts';
import { commandFromData, commandNames } from '../../harness/fuzz/commands/registry.ts';
import { CAPABILITIES } from '../../harness/core/capabilities.ts';

const all = new Set<string>(CAPABILITIES);

t.test('each drawn command round-trips through JSON to the same data and the same description', async (t) => {
  const entries = commandArbitraries(all);
  const names = new Set<string>();
  for (const { command, arbitrary } of entries) {
    for (const cmd of fc.sample(arbitrary, { seed: 42, numRuns: 25 })) {
      const data = cmd.toData();
      names.add(data.command);
      if (data.command !== command) t.fail(`the entry named ${command} drew a ${data.command} (its weight would be another's)`);
      const back = commandFromData(JSON.parse(JSON.stringify(data)), 'test');
      t.same(back.toData(), JSON.parse(JSON.stringify(data)), `${data.command} keeps its arguments`);
      t.equal(back.toString(), cmd.toString());
    }
  }
  t.same([...names].sort(), commandNames().sort(), 'every registered command is drawn, and every drawn one registered');
});

t.test('each command is drawn by the weight it declares', async (t) => {
  for (const { command, weight } of commandArbitraries(all)) t.ok(Number.isInteger(weight) && weight >= 1, `${command} weighs ${weight}`);
});
