// What telemetry may say (PROTOCOL §2.1, docs/cloud-api-rules.md#non-identifiable-statistics):
// aggregate statistics per business and period. Two checks on the JSON the
// target posts to the telemetry sink, whatever its shape:
// - no per-message timestamp: no value equals the time (seconds or ms) of a
//   message of the window other than its first (where a period may start);
// - nothing that tells consumers apart: two windows with the same traffic
//   but the consumers' roles swapped give the same statistics, once times
//   shifted by exactly the distance between the windows are set aside.

import { gunzipSync, inflateSync } from 'node:zlib';
import type { Exchange } from '../core/wire-log.ts';

/** The JSON bodies among these sink posts (plain, gzip or deflate); undefined for one that is none. */
export function telemetryJson(posts: readonly Exchange[]): unknown[] {
  const out: unknown[] = [];
  for (const p of posts) {
    for (const decode of [(b: Buffer) => b, gunzipSync, inflateSync]) {
      try {
        out.push(JSON.parse(decode(p.requestBody).toString('utf8')));
        break;
      } catch {
        // Not this encoding.
      }
    }
  }
  return out;
}

const asNumber = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined);

/** Paths of the values in `json` that equal one of `times` (Unix seconds; also matched in ms). */
export function timestampsAmong(json: unknown, times: readonly number[], path = '$'): string[] {
  const n = asNumber(json);
  if (n !== undefined) return times.some((t) => n === t || n === t * 1000) ? [`${path} = ${String(json)}`] : [];
  if (Array.isArray(json)) return json.flatMap((v, i) => timestampsAmong(v, times, `${path}[${i}]`));
  if (json !== null && typeof json === 'object') return Object.entries(json).flatMap(([k, v]) => timestampsAmong(v, times, `${path}.${k}`));
  return [];
}

/** Where `a` and `b` differ, but for numbers `b` has exactly `shiftS` seconds (or ms) later: the window moved, nothing else. */
export function differences(a: unknown, b: unknown, shiftS: number, path = '$'): string[] {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x === y || y - x === shiftS || y - x === shiftS * 1000 ? [] : [`${path}: ${String(a)} / ${String(b)}`];
  if (Array.isArray(a) && Array.isArray(b)) {
    const n = Math.max(a.length, b.length);
    return Array.from({ length: n }, (_, i) => differences(a[i], b[i], shiftS, `${path}[${i}]`)).flat();
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], shiftS, `${path}.${k}`));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [`${path}: ${JSON.stringify(a)} / ${JSON.stringify(b)}`];
}
