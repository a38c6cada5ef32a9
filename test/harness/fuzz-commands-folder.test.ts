// The fuzz command registry is the folder: every module in
// harness/fuzz/commands/ but the machinery declares one command (name, needs,
// arbitrary, data reader, weight), each round-trips through corpus data, and
// adding a command is adding one file.
import t from 'tap';
import fc from 'fast-check';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CAPABILITIES } from '../../harness/core/capabilities.ts';
import { ArgReader, type Json } from '../../harness/fuzz/command-data.ts';
import type { CommandDeclaration } from '../../harness/fuzz/command-declaration.ts';
import { commandArbitraries } from '../../harness/fuzz/commands/index.ts';
import { commandFromData, FUZZ_COMMANDS, loadCommands, MACHINERY } from '../../harness/fuzz/commands/registry.ts';
import { requiresOf, STEP_REQUIRES } from '../../harness/fuzz/commands/requires.ts';
import { weighted } from '../../harness/fuzz/commands/weights.ts';

const DIR = fileURLToPath(new URL('../../harness/fuzz/commands/', import.meta.url));
const commandFiles = async (dir: string) => (await readdir(dir)).filter((f) => f.endsWith('.ts') && !MACHINERY.has(f)).sort();
const asData = (v: unknown) => JSON.parse(JSON.stringify(v)) as { command: string; args: { [key: string]: Json } };

t.test('every module in the folder but the machinery declares one command, and the registry has exactly those', async (t) => {
  const files = await commandFiles(DIR);
  t.ok(files.length > 40, `${files.length} command files`);
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(DIR, file)).href)) as { declaration?: CommandDeclaration };
    t.ok(mod.declaration && FUZZ_COMMANDS.includes(mod.declaration), `${file} declares a registered command`);
  }
  t.equal(FUZZ_COMMANDS.length, files.length, 'one command per file');
  t.same(FUZZ_COMMANDS.map((c) => c.position), files.map((_, i) => i), 'in the order of their positions, without gaps');
});

t.test('every command round-trips through corpus data: arbitrary, data, command, the same data', async (t) => {
  for (const d of FUZZ_COMMANDS) {
    // Drawn for a target declaring everything, and for one declaring only what the command needs
    // (an argument that needs more, a region moved through settings, is then never drawn).
    for (const declared of [new Set<string>(CAPABILITIES), new Set<string>([...STEP_REQUIRES, ...d.requires])]) {
      const wrong: string[] = [];
      for (const cmd of fc.sample(d.arbitrary(declared), { seed: 17, numRuns: 30 })) {
        const data = asData(cmd.toData());
        if (data.command !== d.name) wrong.push(`drew a ${data.command}`);
        const back = commandFromData(data, 'test');
        if (JSON.stringify(back.toData()) !== JSON.stringify(data)) wrong.push(`${JSON.stringify(data).slice(0, 200)} came back as ${JSON.stringify(back.toData()).slice(0, 200)}`);
        if (back.toString() !== cmd.toString()) wrong.push(`${cmd.toString()} came back as ${back.toString()}`);
        const beyond = requiresOf(d, data.args).filter((c) => !declared.has(c));
        if (beyond.length > 0) wrong.push(`${cmd.toString()} needs ${beyond.join(', ')}, not declared`);
      }
      t.same(wrong, [], `${d.name}, declaring ${declared.size} capabilities`);
    }
  }
});

/** A command module outside the folder, importing what it needs by absolute URL. */
function commandModule(name: string, position: number, requires: string[] = ['control.clock']): string {
  const url = (p: string) => pathToFileURL(fileURLToPath(new URL(p, import.meta.url))).href;
  return `import type { FuzzModel, FuzzReal } from '${url('../../harness/fuzz/model.ts')}';
import type { CommandData, DataCommand } from '${url('../../harness/fuzz/command-data.ts')}';
import type { CommandDeclaration } from '${url('../../harness/fuzz/command-declaration.ts')}';
import { business, readBusiness } from '${url('../../harness/fuzz/command-args.ts')}';

export class EchoCommand implements DataCommand {
  static readonly command = '${name}';
  constructor(readonly business: number) {}
  check(): boolean {
    return true;
  }
  async run(_m: FuzzModel, _r: FuzzReal): Promise<void> {}
  toData(): CommandData {
    return { command: '${name}', args: { business: this.business } };
  }
  toString(): string {
    return \`${name}(b\${this.business})\`;
  }
}

export const declaration: CommandDeclaration = {
  name: EchoCommand.command,
  position: ${position},
  requires: ${JSON.stringify(requires)},
  weight: 3,
  arbitrary: () => business.map((b) => new EchoCommand(b)),
  fromData: (a) => new EchoCommand(readBusiness(a)),
};
`;
}

async function folder(t: { teardown(fn: () => Promise<void>): void }, files: Record<string, string>, linkCommands = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cc-fuzz-commands-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  // ES modules, like the project's own.
  await writeFile(join(dir, 'package.json'), '{"type": "module"}\n');
  if (linkCommands) for (const f of await commandFiles(DIR)) await symlink(join(DIR, f), join(dir, f));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

t.test('adding a command is adding one file: the folder, plus one module, is the alphabet, the needs, the weights and the data', async (t) => {
  const n = FUZZ_COMMANDS.length;
  const dir = await folder(t, { 'echo.ts': commandModule('echo', n) }, true);
  const loaded = await loadCommands(dir);
  t.same(loaded.map((c) => c.name), [...FUZZ_COMMANDS.map((c) => c.name), 'echo'], 'found by listing, after the others, which keep their places');
  const echo = loaded[n]!;

  const all = new Set<string>(CAPABILITIES);
  const entries = commandArbitraries(all, loaded);
  t.ok(entries.some((e) => e.command === 'echo' && e.weight === 3), 'drawn, by the weight it declares');
  t.notOk(commandArbitraries(new Set(STEP_REQUIRES), loaded).some((e) => e.command === 'echo'), 'not drawn for a target without what it requires');
  t.ok(requiresOf(echo, { business: 0 }).includes('control.clock'), 'a step of it needs what it requires');
  t.ok(requiresOf(echo, { business: 0 }).includes('control.idle'), 'and what every step needs');

  const drawn = fc.sample(weighted(entries), { seed: 3, numRuns: 400 }).filter((c) => c.toData().command === 'echo');
  t.ok(drawn.length > 0, 'the weighted alphabet draws it');
  const data = asData(drawn[0]!.toData());
  t.same(echo.fromData(new ArgReader('test', data.args)).toData(), data, 'and reads its steps back');
});

t.test('a folder the registry cannot read is refused by name', async (t) => {
  const none = await folder(t, { 'stray.ts': 'export const x = 1;\n' });
  await t.rejects(loadCommands(none), { code: 'HARNESS_INTERNAL', message: /stray\.ts must export its command's `declaration`/ });
  const twice = await folder(t, { 'one.ts': commandModule('one', 0), 'two.ts': commandModule('two', 0) });
  await t.rejects(loadCommands(twice), { message: /one\.ts and two\.ts both take position 0/ });
  const gap = await folder(t, { 'first.ts': commandModule('first', 0), 'third.ts': commandModule('third', 2) });
  await t.rejects(loadCommands(gap), { message: /no command takes position 1: positions run from 0 to 1, and a new command takes the next free one/ });
  const sameName = await folder(t, { 'a.ts': commandModule('same', 0), 'b.ts': commandModule('same', 1) });
  await t.rejects(loadCommands(sameName), { message: /a\.ts and b\.ts both declare the command "same"/ });
});
