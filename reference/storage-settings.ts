import { GraphError, invalid, missing } from './graph-errors.ts';
import { isObject, type JsonObject } from './http.ts';
import { changeRegistration } from './region-move.ts';
import type { Runtime } from './runtime.ts';
import type { Business } from './types.ts';
import { REGIONS } from './durations.ts';

// Local Storage (docs/cloud-api-rules.md#local-storage; PROTOCOL §12): a number's region is
// chosen by register's data_localization_region or by
// POST /{phone-number-id}/settings {"storage_configuration": {"enabled", "region"}},
// and once registered it cannot change in place: deregister and register again.
// The region in effect lives in `registrations` (the row exists while the
// number is registered); a setting made while unregistered waits in
// `storage_settings` for the next register without a region.

export const REGION_LIST = REGIONS.join(', ');

export class StorageSettings {
  constructor(private readonly rt: Runtime) {}

  /** The registration of `business`: its region (null: Local Storage off), or undefined when not registered. */
  registered(business: string): { region: string | null } | undefined {
    return this.rt.stmt('SELECT region FROM registrations WHERE business = ?').get(business) as { region: string | null } | undefined;
  }

  /** The region set through settings while unregistered (null: off), undefined when never set. */
  configured(business: string): string | null | undefined {
    const row = this.rt.stmt('SELECT region FROM storage_settings WHERE business = ?').get(business) as { region: string | null } | undefined;
    return row ? row.region : undefined;
  }

  /** Checks a requested region code; `field` names it in the error. */
  region(value: unknown, field: string): string {
    const code = typeof value === 'string' ? value.toUpperCase() : undefined;
    if (code === undefined || !this.rt.seams.validRegion(code)) throw invalid(field, `must be one of ${REGION_LIST}.`);
    return code;
  }

  /**
   * register: with a region, that region (refused on a registered number in
   * another one); without, the registered region stays, or the configured one applies.
   */
  register(business: Business, requested: string | undefined): void {
    const id = business.phone_number_id;
    const current = this.registered(id);
    if (current) {
      if (requested === undefined || requested === current.region) return;
      this.moveInPlace(id, current.region, requested);
      return;
    }
    const region = requested ?? this.configured(id) ?? null;
    changeRegistration(this.rt, id, () => {
      this.rt.stmt('INSERT OR REPLACE INTO registrations (business, region) VALUES (?, ?)').run(id, region);
    });
  }

  deregister(business: Business): void {
    changeRegistration(this.rt, business.phone_number_id, () => {
      this.rt.stmt('DELETE FROM registrations WHERE business = ?').run(business.phone_number_id);
    });
  }

  /** GET /{phone-number-id}/settings: the storage configuration in effect (registered) or waiting (unregistered). */
  get(business: Business): Record<string, unknown> {
    const current = this.registered(business.phone_number_id);
    const region = current ? current.region : (this.configured(business.phone_number_id) ?? null);
    return {
      storage_configuration: region === null ? { status: 'default' } : { status: 'in_country_storage_enabled', data_localization_region: region },
    };
  }

  /** POST /{phone-number-id}/settings with storage_configuration (the only setting this implementation has). */
  post(business: Business, body: JsonObject): Record<string, unknown> {
    const config = body.storage_configuration;
    if (config === undefined) {
      const other = Object.keys(body).find((k) => k !== 'messaging_product');
      if (other !== undefined) throw invalid(other, 'is not a setting this implementation supports: only storage_configuration.');
      throw missing('storage_configuration');
    }
    if (!isObject(config)) throw invalid('storage_configuration', 'must be an object {enabled, region}.');
    if (config.enabled === undefined) throw missing('storage_configuration.enabled');
    if (typeof config.enabled !== 'boolean') throw invalid('storage_configuration.enabled', 'must be a boolean.');
    let region: string | null = null;
    if (config.enabled) {
      if (config.region === undefined) throw missing('storage_configuration.region');
      region = this.region(config.region, 'storage_configuration.region');
    }
    if (!this.rt.seams.storageSettingsKept()) return { success: true };
    const id = business.phone_number_id;
    const current = this.registered(id);
    if (current && current.region !== region) this.moveInPlace(id, current.region, region);
    this.rt.stmt('INSERT OR REPLACE INTO storage_settings (business, region) VALUES (?, ?)').run(id, region);
    return { success: true };
  }

  /** A registered number asking for another region: refused (only a fault lets it through). */
  private moveInPlace(business: string, current: string | null, requested: string | null): void {
    if (!this.rt.seams.mayChangeRegion(current, requested)) {
      throw new GraphError(100, 'The data localization region cannot be changed while the number is registered: deregister, then register with the new region.');
    }
    changeRegistration(this.rt, business, () => {
      this.rt.stmt('UPDATE registrations SET region = ? WHERE business = ?').run(requested, business);
    });
  }
}
