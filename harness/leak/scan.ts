// Searches recorded exchanges for canaries in any of their forms. A finding
// names the canary, its disguise, and where it was: the exchange and the part.

import type { Exchange } from '../core/wire-log.ts';
import { formsOf } from './forms.ts';

export interface LeakFinding {
  canary: string;
  form: string;
  where: string;
}

function parts(x: Exchange): Array<[string, Buffer]> {
  const headers = Object.entries(x.requestHeaders).map(([k, v]) => `${k}: ${v}`).join('\n');
  return [
    ['URL', Buffer.from(x.url)],
    ['headers', Buffer.from(headers)],
    ['body', x.requestBody],
  ];
}

export function scanExchanges(exchanges: readonly Exchange[], canaries: readonly string[]): LeakFinding[] {
  const findings: LeakFinding[] = [];
  for (const canary of canaries) {
    const forms = formsOf(canary);
    for (const x of exchanges) {
      for (const [part, bytes] of parts(x)) {
        for (const form of forms) {
          if (bytes.includes(form.bytes)) findings.push({ canary, form: form.name, where: `${part} of ${x.method} ${x.url} (#${x.seq}, ${x.channel})` });
        }
      }
    }
  }
  return findings;
}
