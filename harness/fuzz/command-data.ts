// A fuzz command as data: its name and its arguments, plain JSON. The
// corpus stores a failing sequence as a list of these steps, so a recorded
// failure replays the same requests whatever the arbitraries that first drew
// them look like now (harness/fuzz/commands/registry.ts builds them back).

import type fc from 'fast-check';
import { HarnessError } from '../core/errors.ts';
import type { FuzzModel, FuzzReal } from './model.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface CommandData {
  /** The registry name of the command (`sendText`, `clockJump`, …). */
  command: string;
  args: { [key: string]: Json };
}

/** A fuzz command that can say what it is as data. */
export interface DataCommand extends fc.AsyncCommand<FuzzModel, FuzzReal> {
  toData(): CommandData;
}

/** Deep copy through JSON: what a step will be after a round trip through a corpus file. */
export function asJson(v: unknown): Json {
  return v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json);
}

/** Reads one command's arguments, naming the step and the argument on any mismatch. */
export class ArgReader {
  constructor(
    private readonly where: string,
    private readonly args: { [key: string]: Json },
  ) {}

  #bad(name: string, want: string): never {
    throw new HarnessError('HARNESS_BAD_ARGUMENT', `${this.where}: args.${name} must be ${want}, got ${JSON.stringify(this.args[name]) ?? 'nothing'}`);
  }

  int(name: string, min: number, max: number): number {
    const v = this.args[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) this.#bad(name, `an integer from ${min} to ${max}`);
    return v;
  }

  str(name: string): string {
    const v = this.args[name];
    if (typeof v !== 'string') this.#bad(name, 'a string');
    return v;
  }

  optStr(name: string): string | undefined {
    return this.args[name] === undefined || this.args[name] === null ? undefined : this.str(name);
  }

  bool(name: string): boolean {
    const v = this.args[name];
    if (typeof v !== 'boolean') this.#bad(name, 'true or false');
    return v;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    const v = this.args[name];
    if (typeof v !== 'string' || !values.includes(v as T)) this.#bad(name, `one of ${values.join(', ')}`);
    return v as T;
  }

  ints(name: string): number[] {
    const v = this.args[name];
    if (!Array.isArray(v) || !v.every((n) => typeof n === 'number' && Number.isInteger(n))) this.#bad(name, 'a list of integers');
    return v as number[];
  }

  strings(name: string): string[] {
    const v = this.args[name];
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) this.#bad(name, 'a list of strings');
    return v as string[];
  }

  object(name: string): { [key: string]: Json } {
    const v = this.args[name];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.#bad(name, 'an object');
    return v;
  }

  /** Bytes are stored base64-encoded. */
  bytes(name: string): Buffer {
    const v = this.str(name);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v)) this.#bad(name, 'base64 bytes');
    return Buffer.from(v, 'base64');
  }

  json(name: string): Json {
    if (!(name in this.args)) this.#bad(name, 'present');
    return this.args[name]!;
  }
}

/** Checks that `v` is a list of steps; `where` names the file in the message. */
export function parseSteps(v: unknown, where: string): CommandData[] {
  if (!Array.isArray(v)) throw new HarnessError('HARNESS_BAD_ARGUMENT', `${where}: steps must be a list of {command, args}`);
  return v.map((s: unknown, i) => {
    const step = s as Partial<CommandData>;
    if (typeof s !== 'object' || s === null || typeof step.command !== 'string' || typeof step.args !== 'object' || step.args === null || Array.isArray(step.args)) {
      throw new HarnessError('HARNESS_BAD_ARGUMENT', `${where}: step ${i + 1} must be {"command": NAME, "args": {…}}, got ${JSON.stringify(s)?.slice(0, 120)}`);
    }
    return { command: step.command, args: step.args };
  });
}
