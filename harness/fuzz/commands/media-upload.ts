import { expect } from '../../core/expect.ts';
import { showResponse } from '../../verify/show.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';

/** A business uploads a small file (the run's canary inside): it gets a media id. */
export class MediaUploadCommand implements DataCommand {
  static readonly command = 'mediaUpload';
  constructor(
    readonly business: number,
    readonly text: string,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const b = r.businesses[this.business]!;
    const bytes = Buffer.from(`${this.text} ${r.canary}`);
    const res = await r.world.graph.media.upload(b, { bytes, filename: 'note.txt', mime: 'text/plain' });
    const id = (res.json as { id?: unknown } | null)?.id;
    expect(res.status === 200 && typeof id === 'string', 'the media upload was refused', '200 {"id": "…"}', showResponse(res.status, res.body));
    m.media.set(id as string, { business: this.business, bytes: bytes.toString('base64'), at: m.nowMs, deleted: false });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'mediaUpload', args: { business: this.business, text: this.text } };
  }
  toString(): string {
    return `mediaUpload(b${this.business}, ${JSON.stringify(this.text.slice(0, 30))})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: MediaUploadCommand.command,
  position: 26,
  requires: ['graph.media', 'control.clock'],
  weight: 6,
  arbitrary: () => fc.tuple(business, textBody({ maxLength: 60 })).map(([b, t]) => new MediaUploadCommand(b, t)),
  fromData: (a) => new MediaUploadCommand(readBusiness(a), a.str('text')),
};
