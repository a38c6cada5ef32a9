import Database from 'better-sqlite3';
import { join } from 'node:path';
import { DEFAULT_REGION } from './durations.ts';

export type Db = Database.Database;

// One table per kind of record. `key` lists the columns that name a record in
// the storage dump (§6).
export const TABLES = [
  { name: 'meta', key: ['key'], ddl: 'key TEXT PRIMARY KEY, value TEXT NOT NULL' },
  {
    name: 'businesses',
    key: ['phone_number_id'],
    ddl: `phone_number_id TEXT PRIMARY KEY, waba_id TEXT NOT NULL,
      display_phone_number TEXT NOT NULL UNIQUE, access_token TEXT NOT NULL,
      app_secret TEXT NOT NULL, webhook_url TEXT NOT NULL, verify_token TEXT NOT NULL,
      registration_id INTEGER NOT NULL, identity BLOB NOT NULL`,
  },
  { name: 'prekeys', key: ['business', 'id'], ddl: 'business TEXT, id INTEGER, record BLOB NOT NULL, PRIMARY KEY (business, id)' },
  { name: 'signed_prekeys', key: ['business', 'id'], ddl: 'business TEXT, id INTEGER, record BLOB NOT NULL, PRIMARY KEY (business, id)' },
  {
    name: 'kyber_prekeys',
    key: ['business', 'id'],
    ddl: 'business TEXT, id INTEGER, record BLOB NOT NULL, last_resort INTEGER NOT NULL, PRIMARY KEY (business, id)',
  },
  {
    name: 'kyber_prekeys_used',
    key: ['business', 'kyber_id', 'signed_id'],
    ddl: 'business TEXT, kyber_id INTEGER, signed_id INTEGER, base_key BLOB, PRIMARY KEY (business, kyber_id, signed_id, base_key)',
  },
  { name: 'sessions', key: ['business', 'address'], ddl: 'business TEXT, address TEXT, record BLOB NOT NULL, PRIMARY KEY (business, address)' },
  {
    name: 'remote_identities',
    key: ['business', 'address'],
    ddl: 'business TEXT, address TEXT, identity BLOB NOT NULL, PRIMARY KEY (business, address)',
  },
  {
    // direction 'out': status pending|sent|delivered|read|failed; 'in': received.
    // Consumer numbers are stored as keyed tokens (`consumer`, `sender`) with a
    // sealed copy; content and webhook bodies are sealed (reference/at-rest.ts).
    name: 'messages',
    key: ['id'],
    ddl: `id TEXT PRIMARY KEY, business TEXT NOT NULL, consumer TEXT NOT NULL,
      direction TEXT NOT NULL CHECK (direction IN ('in', 'out')), status TEXT NOT NULL,
      content BLOB NOT NULL, timestamp_ms INTEGER NOT NULL, consumer_sealed BLOB`,
  },
  {
    // Every inbound envelope id ever accepted, so a replay is recognised;
    // state pending|forwarded|rejected lets a restart finish pending ones.
    name: 'inbound_envelopes',
    key: ['id'],
    ddl: `id TEXT PRIMARY KEY, business TEXT NOT NULL, sender TEXT NOT NULL, type INTEGER NOT NULL,
      body BLOB NOT NULL, timestamp INTEGER NOT NULL, state TEXT NOT NULL, reason TEXT, sender_sealed BLOB, received_ms INTEGER`,
  },
  {
    // The webhook body is serialised once and stored as the exact bytes that
    // are signed and sent on every attempt.
    name: 'outbox',
    key: ['seq'],
    ddl: `seq INTEGER PRIMARY KEY AUTOINCREMENT, business TEXT NOT NULL, body BLOB NOT NULL,
      attempts INTEGER NOT NULL DEFAULT 0, first_attempt_ms INTEGER, next_attempt_ms INTEGER NOT NULL,
      last_error TEXT, lane TEXT NOT NULL DEFAULT ''`,
  },
  // --- Graph API: a registered number and its Local Storage region (NULL: off).
  { name: 'registrations', key: ['business'], ddl: 'business TEXT PRIMARY KEY, region TEXT' },
  { name: 'media', key: ['id'], ddl: 'id TEXT PRIMARY KEY, business TEXT NOT NULL, mime TEXT NOT NULL, sha256 TEXT NOT NULL, bytes BLOB NOT NULL, created_ms INTEGER NOT NULL' },
  { name: 'media_urls', key: ['nonce'], ddl: 'nonce TEXT PRIMARY KEY, media TEXT NOT NULL, issued_ms INTEGER NOT NULL' },
  { name: 'blocked_users', key: ['business', 'consumer'], ddl: 'business TEXT, consumer TEXT, consumer_sealed BLOB, PRIMARY KEY (business, consumer)' },
  // --- statuses: the business's biz_opaque_callback_data per outbound message,
  // sealed like content and purged with its message.
  { name: 'opaque_callback_data', key: ['id'], ddl: 'id TEXT PRIMARY KEY, business TEXT NOT NULL, data BLOB NOT NULL' },
  // --- Local Storage: settings.storage_configuration, applied at the next register (region NULL: off).
  // --- inbound media: a consumer's file fetched from the transport's media store,
  // sealed like content; its media id works for 7 days, the bytes go at 30 (inbound-media.ts).
  {
    name: 'inbound_media',
    key: ['business', 'id'],
    ddl: 'business TEXT, id TEXT, mime TEXT NOT NULL, sha256 BLOB NOT NULL, bytes BLOB NOT NULL, received_ms INTEGER NOT NULL, PRIMARY KEY (business, id)',
  },
  { name: 'storage_settings', key: ['business'], ddl: 'business TEXT PRIMARY KEY, region TEXT' },
  // --- crashes: the envelope of an outbound message encrypted but not yet known to be sent,
  // sealed (it names the consumer), committed with the session advance that made it. After a
  // restart the same bytes are posted again, never a second encryption of the message.
  { name: 'outbound_envelopes', key: ['id'], ddl: 'id TEXT PRIMARY KEY, business TEXT NOT NULL, envelope BLOB NOT NULL' },
  // --- simulation (PROTOCOL §14): consumers who wrote through the control plane, not the transport; a send to one
  // is handed over without Signal. Named by token with a sealed copy, and purged with the consumer's last message.
  { name: 'simulated_consumers', key: ['business', 'consumer'], ddl: 'business TEXT, consumer TEXT, consumer_sealed BLOB, PRIMARY KEY (business, consumer)' },
] as const;

/**
 * How hard a commit is pushed to disk. `full` (the default): an acknowledged
 * message or queued webhook survives a power cut too. `normal` (WAL): it
 * survives a crash of the process, which is all the harness can observe
 * (control.restart, SIGKILL), at a fraction of the cost: the bench's choice.
 */
export type SyncMode = 'full' | 'normal';

const INDEXES = [
  'messages_window ON messages (business, consumer, direction, timestamp_ms)',
  'outbox_due ON outbox (business, next_attempt_ms)',
];

export function openDatabase(dataDir: string, sync: SyncMode = 'full'): Db {
  const db = new Database(join(dataDir, 'reference.sqlite3'));
  db.pragma('journal_mode = WAL');
  db.pragma(sync === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  // Checkpoint every ~40 MB of WAL, not every 4 MB: at the default, checkpoints
  // ran inside commits and were half of the commit cost in the bench's profile.
  db.pragma('wal_autocheckpoint = 10000');
  for (const t of TABLES) db.exec(`CREATE TABLE IF NOT EXISTS ${t.name} (${t.ddl})`);
  // Lookups made on every send and every webhook: without these each one
  // scans a table that grows with every message (the bench showed it).
  for (const ddl of INDEXES) db.exec(`CREATE INDEX IF NOT EXISTS ${ddl}`);
  return db;
}

export function wipe(db: Db): void {
  db.transaction(() => {
    for (const t of TABLES) db.exec(`DELETE FROM ${t.name}`);
  })();
}

export interface DumpRecord {
  store: string;
  key: string;
  bytes: Buffer;
  /** The Local Storage region the record is held in; US when none applies. */
  region: string;
}

/**
 * Every row as the bytes it holds: `column=value` lines with BLOBs verbatim,
 * so a scanner sees exactly what sits in the file, not a re-encoding of it.
 */
export function dumpRows(db: Db, regionOf: (row: Record<string, unknown>) => string = () => DEFAULT_REGION): DumpRecord[] {
  const out: DumpRecord[] = [];
  for (const t of TABLES) {
    for (const row of db.prepare(`SELECT * FROM ${t.name}`).all() as Record<string, unknown>[]) {
      const parts: Buffer[] = [];
      for (const [col, v] of Object.entries(row)) {
        parts.push(Buffer.from(`${col}=`), Buffer.isBuffer(v) ? v : Buffer.from(v === null ? '' : String(v)), Buffer.from('\n'));
      }
      out.push({ store: t.name, key: t.key.map((k) => String(row[k])).join('/'), bytes: Buffer.concat(parts), region: regionOf(row) });
    }
  }
  return out;
}
