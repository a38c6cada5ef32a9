// What a corpus entry needs the target to declare, derived from its steps and
// its wiring through the one table the fuzzer draws its commands by.
import t from 'tap';
import fc from 'fast-check';
import { join } from 'node:path';
import { CAPABILITIES, type Capability } from '../../harness/core/capabilities.ts';
import { commandArbitraries, closingCommand } from '../../harness/fuzz/commands/index.ts';
import { commandNames, FUZZ_COMMANDS, stepRequires } from '../../harness/fuzz/commands/registry.ts';
import { STEP_REQUIRES } from '../../harness/fuzz/commands/requires.ts';
import { replayMissing, replayRequires } from '../../harness/fuzz/engine.ts';
import { readEntry } from '../../harness/fuzz/corpus.ts';
import { DEFAULT_CORPUS } from '../../harness/fuzz/corpus-location.ts';
import { WIRING_REQUIRES, wiringsFor } from '../../harness/fuzz/wiring.ts';
import { LEVELS } from '../../harness/report/certification.ts';

// What a target declares for Messaging: `consumer` is the harness's to derive, never declared.
const MESSAGING = new Set(LEVELS.find((l) => l.name === 'Messaging')!.capabilities.filter((c) => c !== 'consumer'));
const drawnFor = (declared: Iterable<string>) => new Set(commandArbitraries(new Set(declared)).map((e) => e.command));
const step = (command: string, args: Record<string, unknown> = {}) => ({ command, args: args as never });

t.test('every registered command maps to a set of known capabilities, and the fuzzer draws it exactly when they are declared', async (t) => {
  for (const { name: command, requires } of FUZZ_COMMANDS) {
    t.ok(requires.every((c) => (CAPABILITIES as readonly string[]).includes(c)), `${command}: known capabilities`);
    const needs = new Set<string>([...STEP_REQUIRES, ...requires]);
    t.ok(drawnFor(needs).has(command), `${command} is drawn for a target declaring ${[...needs].join(', ')}`);
    for (const c of requires.filter((x) => !(STEP_REQUIRES as readonly string[]).includes(x))) {
      t.notOk(drawnFor([...needs].filter((x) => x !== c)).has(command), `${command} is not drawn without ${c}`);
    }
  }
  t.same(drawnFor(CAPABILITIES), new Set(commandNames()), 'a target declaring everything gets every command');
  t.equal(closingCommand(new Set(STEP_REQUIRES)), undefined, 'no closing retention check without control.storage, control.clock and retention');
  t.ok(closingCommand(new Set([...STEP_REQUIRES, ...FUZZ_COMMANDS.find((c) => c.name === 'retentionCheck')!.requires])), 'and one with them');
});

t.test('a step needs what every step needs, its command\'s, and what its arguments add', async (t) => {
  t.same([...stepRequires(step('sendText'), 'x')].sort(), [...STEP_REQUIRES].sort(), 'a send needs only the fuzz baseline');
  t.ok(stepRequires(step('receipt'), 'x').includes('webhooks'));
  const move = (choose: string, moveVia: string) => stepRequires(step('regionMove', { from: 'DE', to: 'IN', choose, move: moveVia }), 'x');
  t.notOk(move('register', 'register').includes('graph.settings'), 'a region chosen and moved through register');
  t.ok(move('settings', 'register').includes('graph.settings'), 'a region chosen through settings needs graph.settings');
  t.ok(move('register', 'settings').includes('graph.settings'), 'moved through settings too');
  const outage = (restart: boolean) => stepRequires(step('outageEpisode', { restart }), 'x');
  t.ok(outage(true).includes('control.restart'), 'an outage with a restart needs control.restart');
  t.notOk(outage(false).includes('control.restart'), 'one without does not');
  t.throws(() => stepRequires(step('frob'), 'Corpus file f: step 1'), { code: 'HARNESS_BAD_ARGUMENT', message: /step 1: unknown command "frob"/ });
  t.throws(() => stepRequires(step('toString'), 'x'), /unknown command "toString"/, 'no prototype names');
});

t.test('a step the fuzzer draws never needs more than the target declared', async (t) => {
  const declarations: Array<Set<string>> = [
    MESSAGING,
    new Set([...MESSAGING, 'control.clock', 'control.storage', 'graph.registration', 'local-storage', 'graph.media']),
    new Set(CAPABILITIES.filter((c) => c !== 'graph.settings' && c !== 'control.restart')),
  ];
  for (const declared of declarations) {
    for (const { command, arbitrary } of commandArbitraries(declared)) {
      for (const cmd of fc.sample(arbitrary, { seed: 7, numRuns: 4 })) {
        const missing = stepRequires(cmd.toData(), command).filter((c) => !declared.has(c));
        if (missing.length > 0) t.fail(`${cmd.toString()} was drawn without ${missing.join(', ')}`);
      }
    }
  }
  t.pass('checked');
});

t.test('a wiring\'s needs decide the wirings drawn and join an entry\'s needs', async (t) => {
  t.same(wiringsFor(new Set(STEP_REQUIRES)), ['plain']);
  t.same(wiringsFor(new Set([...STEP_REQUIRES, ...WIRING_REQUIRES['tls-production']])), ['plain', 'tls-production']);
  const plain = replayRequires({ steps: [step('plainWebhookInProduction')] });
  t.ok(plain.includes('tls'), 'the TLS command needs tls');
  const sendOverTls = replayRequires({ steps: [step('sendText', { business: 0, consumer: 0, body: 'x', plus: false })], wiring: 'tls-production' });
  t.ok(sendOverTls.includes('tls'), 'a plain send in a TLS run needs tls too');
  t.same(replayRequires({ steps: [] }), CAPABILITIES.filter((c) => (STEP_REQUIRES as readonly string[]).includes(c)), 'an empty run still needs the world and the invariants');
});

t.test('the shipped corpus entries need what their steps and wiring say', async (t) => {
  const read = (name: string) => readEntry(join(DEFAULT_CORPUS, name));
  const receipt = await read('61b664d276e3e652.json');
  t.same(replayRequires(receipt), CAPABILITIES.filter((c) => MESSAGING.has(c)), 'consumer writes, business answers, read receipt: exactly the Messaging set');
  t.same(replayMissing(receipt, MESSAGING), []);
  const billed = await read('9096273d66124789.json');
  const missing: Capability[] = replayMissing(billed, MESSAGING);
  t.same(missing, ['transport.integrity', 'transport.billing', 'tls', 'control.clock', 'control.storage', 'retention'], 'TLS wiring, billing, the retention check, an integrity episode');
  t.same(replayMissing(billed, new Set(CAPABILITIES)), [], 'a target declaring everything replays it');
});
