// An outbound envelope carries routing fields only (PROTOCOL §4), for media
// messages too; the fault transport-preview-non-text adds the caption.
import t from 'tap';
import { Kit } from './harness-kit.ts';

const CONSUMER = '447700900123';
const IMAGE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: CONSUMER, type: 'image', image: { link: 'https://example.com/a.jpg', caption: 'secret caption' } };

for (const fault of [undefined, 'transport-preview-non-text']) {
  t.test(fault ?? 'clean', async (t) => {
    const kit = await Kit.start(fault);
    t.teardown(() => kit.stop());
    await kit.resetAndProvision();
    kit.consumer(CONSUMER);
    await kit.sendText(CONSUMER, 'a text body');
    t.equal((await kit.send(CONSUMER, IMAGE)).status, 200);
    await kit.idle();
    const [text, image] = kit.transport.envelopes;
    t.same(Object.keys(text!).sort(), ['body', 'from', 'id', 'timestamp', 'to', 'type'], 'a text message: routing fields only, in either case');
    if (fault) t.equal(image!.preview, 'secret caption');
    else t.same(Object.keys(image!).sort(), ['body', 'from', 'id', 'timestamp', 'to', 'type'], 'a media message: routing fields only');
  });
}
