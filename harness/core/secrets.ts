// Tokens and app secrets never reach a report, a log or an error message:
// everything the harness prints or writes passes through `redact`.

export class SecretRegistry {
  #secrets = new Set<string>();

  add(secret: string | undefined): void {
    // Very short strings would redact ordinary text; the harness's own secrets are long.
    if (secret !== undefined && secret.length >= 6) this.#secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.#secrets) out = out.split(s).join('[Filtered]');
    return out;
  }
}
