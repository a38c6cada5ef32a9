import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReferenceFailure } from './errors.ts';

// Encryption at rest (docs/cloud-api-rules.md#encryption-in-transit-and-at-rest): content is sealed with
// AES-256-GCM under its Local Storage region's key, and consumer phone numbers
// are stored as keyed tokens (HMAC-SHA256 under the region's key) beside a
// sealed copy the reference opens when it must address the consumer. The keys
// live in files next to the database, standing in for a KMS: the storage dump
// (PROTOCOL §6) covers the database, not the key store.

const MAGIC = Buffer.from('AR0');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class AtRest {
  private readonly keys = new Map<string, Buffer>();

  constructor(private readonly dir: string) {}

  // Random IVs drawn from a pool filled 4 KiB at a time: one randomBytes call
  // per seal was a visible share of the reference's profile.
  private pool = Buffer.alloc(0);
  private poolAt = 0;

  private freshIv(): Buffer {
    if (this.poolAt + IV_BYTES > this.pool.length) {
      this.pool = randomBytes(4096);
      this.poolAt = 0;
    }
    const iv = this.pool.subarray(this.poolAt, this.poolAt + IV_BYTES);
    this.poolAt += IV_BYTES;
    return iv;
  }

  private key(region: string): Buffer {
    let k = this.keys.get(region);
    if (k) return k;
    if (!/^[A-Z]{2}$/.test(region)) throw new ReferenceFailure('REF_BAD_REGION', `no key for region ${JSON.stringify(region)}`);
    const dir = join(this.dir, 'at-rest-keys');
    const file = join(dir, `${region}.key`);
    if (existsSync(file)) k = readFileSync(file);
    else {
      mkdirSync(dir, { recursive: true });
      k = randomBytes(32);
      writeFileSync(file, k, { mode: 0o600, flag: 'wx' });
    }
    this.keys.set(region, k);
    return k;
  }

  /** `AR0 | len | region | iv | tag | ciphertext`: the region names the key, so a record opens wherever it is read. */
  seal(region: string, plain: Uint8Array): Buffer {
    const iv = this.freshIv();
    const c = createCipheriv('aes-256-gcm', this.key(region), iv);
    const ct = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([MAGIC, Buffer.from([region.length]), Buffer.from(region, 'latin1'), iv, c.getAuthTag(), ct]);
  }

  /** Opens what `seal` made; bytes without the header were stored in the clear (only faults do that) and come back as they are. */
  open(stored: Buffer): Buffer {
    if (stored.length < 4 || !stored.subarray(0, 3).equals(MAGIC)) return stored;
    const n = stored[3]!;
    const region = stored.subarray(4, 4 + n).toString('latin1');
    let at = 4 + n;
    const iv = stored.subarray(at, (at += IV_BYTES));
    const tag = stored.subarray(at, (at += TAG_BYTES));
    const d = createDecipheriv('aes-256-gcm', this.key(region), iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(stored.subarray(at)), d.final()]);
  }

  /** The region whose key sealed `stored`; undefined when it is not sealed. */
  static regionOf(stored: Buffer): string | undefined {
    if (stored.length < 4 || !stored.subarray(0, 3).equals(MAGIC)) return undefined;
    return stored.subarray(4, 4 + stored[3]!).toString('latin1');
  }

  /** A stable keyed token for a phone number (or address) in `region`: looks nothing like the number or any plain digest of it. */
  token(region: string, value: string): string {
    return `t.${createHmac('sha256', this.key(region)).update(`token|${value}`).digest('base64url').slice(0, 32)}`;
  }
}
