// The layering the code promises, read from the imports themselves (type
// imports count: a type import still ties one module's meaning to another's).
// harness/core is the kernel; generators and the reference stand apart from the
// harness; suites sit on top; and no module imports itself back through others.
import t from 'tap';
import ts from 'typescript';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['harness', 'suites', 'generators', 'reference', 'examples', 'test'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Repo-relative path with forward slashes. */
const rel = (path: string) => relative(ROOT, path).split(sep).join('/');

/** Relative imports that name no file: none may be skipped silently, or the graph would miss an edge. */
const unresolved: string[] = [];

/** Every relative import of every module (static, type-only, re-exports and literal dynamic imports). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const folder of FOLDERS) {
    for (const file of sources(join(ROOT, folder))) {
      const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
      const targets: string[] = [];
      for (const spec of info.importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.'))) {
        const path = resolve(dirname(file), spec);
        if (existsSync(path)) targets.push(rel(path));
        else unresolved.push(`${rel(file)} -> ${spec}`);
      }
      graph.set(rel(file), [...new Set(targets)]);
    }
  }
  return graph;
}

/** Every cycle, one per strongly connected component (Tarjan), each printed as a closed path. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];

  const connect = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      const selfLoop = (graph.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) found.push(pathThrough(graph, new Set(component), v));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) connect(v);
  return found;
}

/** One shortest closed path from start back to start inside a component, for the message. */
function pathThrough(graph: Map<string, string[]>, component: Set<string>, start: string): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let at = v; at !== start; at = previous.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/** The import edges from modules under `from` that break `allowed`, printed as "a -> b". */
function offending(graph: Map<string, string[]>, from: (file: string) => boolean, allowed: (target: string, file: string) => boolean): string[] {
  const bad: string[] = [];
  for (const [file, targets] of graph) {
    if (!from(file)) continue;
    for (const target of targets) if (!allowed(target, file)) bad.push(`${file} -> ${target}`);
  }
  return bad.sort();
}

const graph = importGraph();
const under = (folder: string) => (file: string) => file.startsWith(`${folder}/`);
/** Imports in generators/ of kernel modules, each of them type-only. */
function generatorValueImportsOfKernel(): string[] {
  const bad: string[] = [];
  for (const file of graph.keys()) {
    if (!under('generators')(file)) continue;
    const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.ES2022);
    for (const s of source.statements) {
      if (!(ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) || !s.moduleSpecifier || !ts.isStringLiteral(s.moduleSpecifier)) continue;
      const target = rel(resolve(dirname(join(ROOT, file)), s.moduleSpecifier.text));
      // The durations and limits are data the generators draw within (one home for them, imported everywhere).
      if (!target.startsWith('harness/core/') || target === 'harness/core/durations.ts') continue;
      const typeOnly = ts.isImportDeclaration(s) ? (s.importClause?.isTypeOnly ?? false) : s.isTypeOnly;
      if (!typeOnly) bad.push(`${file} -> ${target} (a value import)`);
    }
  }
  return bad.sort();
}

t.test('the graph is read from the whole repo', async (t) => {
  t.ok(graph.size > 300, `${graph.size} modules`);
  t.ok((graph.get('harness/run/world.ts') ?? []).length > 0, 'relative imports resolve');
  t.same(unresolved, [], 'every relative import names a file');
});

t.test('no import cycle anywhere', async (t) => {
  const found = cycles(graph);
  t.same(found.map((c) => c.join(' -> ')), [], found.length === 0 ? 'acyclic' : `cycles:\n${found.map((c) => c.join(' -> ')).join('\n')}`);
});

t.test('nothing in harness/ or generators/ imports suites/', async (t) => {
  const fromLower = (f: string) => under('harness')(f) || under('generators')(f);
  t.same(offending(graph, fromLower, (target) => !under('suites')(target)), []);
});

t.test('harness/core (the kernel) imports nothing outside itself', async (t) => {
  t.same(offending(graph, under('harness/core'), under('harness/core')), []);
});

t.test('generators/ import nothing but each other, the kernel\'s types and its durations', async (t) => {
  t.same(offending(graph, under('generators'), (target) => under('generators')(target) || under('harness/core')(target)), []);
  t.same(generatorValueImportsOfKernel(), []);
});

t.test('reference/ imports nothing from harness/, suites/ or generators/', async (t) => {
  const outside = (target: string) => under('harness')(target) || under('suites')(target) || under('generators')(target);
  t.same(offending(graph, under('reference'), (target) => !outside(target)), []);
});

t.test('the cycle finder finds a cycle and prints it', async (t) => {
  const toy = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
  ]);
  t.same(cycles(toy), [['a', 'b', 'c', 'a']]);
  t.same(cycles(new Map([['a', ['a']]])), [['a', 'a']]);
});
