// Generic `--name=value` / `--name value` / `--flag` parsing against a table
// of known flags. Every problem is a HARNESS_BAD_ARGUMENT naming the flag.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { HarnessError } from '../core/errors.ts';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../core/durations.ts';

export interface FlagSpec {
  name: string;
  value?: string; // placeholder; absent for boolean flags
  help: string;
  /** May be given more than once; its values are kept in order, joined by REPEAT_SEPARATOR. */
  repeatable?: boolean;
}

/** Joins the values of a repeatable flag in the parsed map (a character no flag value holds). */
export const REPEAT_SEPARATOR = '\0';

/** Every value of a repeatable flag, in the order given. */
export function repeated(raw: Map<string, string | true>, name: string): string[] {
  const v = raw.get(name);
  return typeof v === 'string' ? v.split(REPEAT_SEPARATOR) : [];
}

export const badArgument = (message: string) => new HarnessError('HARNESS_BAD_ARGUMENT', message);

export function parseFlagWords(argv: readonly string[], specs: readonly FlagSpec[]): Map<string, string | true> {
  const raw = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!m) throw badArgument(`unexpected argument "${arg}" (flags look like --name=value; see --help)`);
    const spec = specs.find((f) => f.name === m[1]);
    if (!spec) throw badArgument(`unknown flag --${m[1]} (see --help)`);
    if (spec.value === undefined) {
      if (m[2] !== undefined) throw badArgument(`--${spec.name} takes no value`);
      raw.set(spec.name, true);
      continue;
    }
    let value = m[2];
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw badArgument(`--${spec.name} needs a value (${spec.value})`);
      value = next;
      i++;
    }
    if (value === '') throw badArgument(`--${spec.name} needs a value (${spec.value})`);
    if (value.includes(REPEAT_SEPARATOR)) throw badArgument(`--${spec.name} holds a NUL character`);
    const before = raw.get(spec.name);
    raw.set(spec.name, spec.repeatable && typeof before === 'string' ? `${before}${REPEAT_SEPARATOR}${value}` : value);
  }
  return raw;
}

export function wholeNumber(name: string, v: string, min: number, max: number): number {
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw badArgument(`--${name} must be a whole number from ${min} to ${max}, got "${v}"`);
  return Number(v);
}

/** `90s`, `5m`, `2h`, `1500ms` or plain seconds. */
export function duration(name: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v);
  if (!m) throw badArgument(`--${name} must be a duration like 60s, 5m or 2h, got "${v}"`);
  const n = Number(m[1]);
  const ms = n * { ms: 1, s: SECOND_MS, m: MINUTE_MS, h: HOUR_MS }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
  if (ms < 1000 || ms > 7 * DAY_MS) throw badArgument(`--${name} must be between 1s and 7 days, got "${v}"`);
  return ms;
}

/** `i/n` with 1 ≤ i ≤ n. */
export function shard(name: string, v: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(v);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < 1 || Number(m[1]) > Number(m[2]) || Number(m[2]) > 1000) {
    throw badArgument(`--${name} must be i/n with 1 ≤ i ≤ n ≤ 1000, got "${v}"`);
  }
  return { index: Number(m[1]), count: Number(m[2]) };
}

export function httpUrl(name: string, v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw badArgument(`--${name} is not a URL: "${v}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badArgument(`--${name} must be an http:// or https:// URL, got "${v}"`);
  return v.replace(/\/+$/, '');
}

export function usageLines(specs: readonly FlagSpec[]): string[] {
  return specs.map((f) => `  ${`--${f.name}${f.value ? `=${f.value}` : ''}`.padEnd(26)} ${f.help}`);
}

/** `HOST:PORT` (IPv6 in brackets) for --listen. */
export function listenAddress(name: string, v: string): { host: string; port: number } {
  const m = /^(.+):(\d+)$/.exec(v);
  if (!m) throw badArgument(`--${name} must be HOST:PORT, got "${v}"`);
  return { host: m[1]!.replace(/^\[(.*)\]$/, '$1'), port: wholeNumber(name, m[2]!, 0, 65535) };
}

/** A fast-check replay path: counterexample indices separated by ':' (e.g. 3:0:1). */
export function fastCheckPath(name: string, v: string): string {
  if (!/^\d+(?::\d+)*$/.test(v)) throw badArgument(`--${name} must be a fast-check path like 3:0:1 (digits separated by ':'), got "${v}"`);
  return v;
}

/** A directory to read or create: refused at once when it names a file or cannot be read. */
export function directoryFlag(name: string, v: string): string {
  try {
    if (!statSync(v).isDirectory()) throw badArgument(`--${name} must be a directory; ${v} is a file`);
    readdirSync(v);
  } catch (e) {
    if (e instanceof HarnessError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw badArgument(`--${name} must be a directory; a part of ${v} is a file`);
    if (code !== 'ENOENT') throw badArgument(`--${name}=${v} cannot be read: ${code ?? (e as Error).message}`);
  }
  return v;
}

/**
 * A secret from `--NAME-file=FILE` (its content, one trailing newline
 * dropped), else `--NAME`, else the environment. The file and the
 * environment keep the secret out of npm's banner and debug log, which echo
 * every flag value.
 */
export function secretFlag(raw: Map<string, string | true>, name: string, envValue: string | undefined): string | undefined {
  const flag = raw.get(name) as string | undefined;
  const file = raw.get(`${name}-file`) as string | undefined;
  if (flag !== undefined && file !== undefined) throw badArgument(`give --${name} or --${name}-file, not both`);
  if (file === undefined) return flag ?? envValue;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw badArgument(`cannot read --${name}-file=${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '' || /[\r\n]/.test(secret)) throw badArgument(`--${name}-file=${file} must hold the ${name} on one line`);
  return secret;
}
