import { defineCase } from '../../harness/run/define-case.ts';
import { LeakScanner, type LeakFinding } from '../../harness/leak/scan.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { onMixedTraffic } from '../../harness/verify/mixed-traffic-scan.ts';

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
    text: 'Meta\'s visibility table: consumer phone number, held by Cloud API, available to WhatsApp: yes, as delivery needs it (the envelope `to` and the key directory address).',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#visibility; harness/PROTOCOL.md#4-the-transport-served-by-the-harness-the-target-calls-it',
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
