import { defineCase } from '../../harness/core/case.ts';
import { LeakScanner, type LeakFinding } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from './_scan.ts';

/** Delivery needs the recipient's address: the envelope's `to` and the key directory path (PROTOCOL §4). */
function neededForDelivery(f: LeakFinding): boolean {
  const x = f.exchange;
  if (!x || f.form !== 'raw') return false;
  const path = x.url.split('?')[0] ?? '';
  if (x.method === 'POST' && path === '/transport/v0/envelopes') return f.containers.length === 1 && f.containers[0] === 'field "to"';
  return (x.method === 'GET' || x.method === 'PUT') && path.startsWith('/transport/v0/keys/') && f.where.startsWith('URL path');
}

export default defineCase({
  id: 'VIS-phone-transport-delivery-only',
  title: 'Consumer phone numbers reach the transport only where delivery needs them (envelope `to`, key lookup)',
  clause: {
    text: 'Visibility matrix: Consumer phone number — held by Cloud API — WhatsApp may see: yes. (Only as delivery needs it: the protocol\'s envelope `to` and key directory address.)',
    source: 'seed promise S9, visibility matrix (CLOUD-API-FACTS §1); harness/PROTOCOL.md §4',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['integrity-signal-reporter-phone'],
  async run(ctx) {
    await onMixedTraffic(ctx, (_run, _p, s, log) => {
      const findings = new LeakScanner(s.phones).scan(log.on('transport')).filter((f) => !neededForDelivery(f));
      expectNoLeaks(findings, 'a consumer phone number reached the transport where delivery does not need it', 'consumer numbers only as the envelope "to" and in the key directory path');
    });
  },
});
