// Typed reading of the `thebot.*` settings from the one definition: a value of
// the wrong type, out of range, or missing falls back to the definition's
// default, on the client and on the server alike.
import { SETTINGS, type SettingDefinition, type SettingId, type SettingValues } from './definition';

function valid(def: SettingDefinition, v: unknown): boolean {
  switch (def.type) {
    case 'boolean':
      return typeof v === 'boolean';
    case 'string':
      return typeof v === 'string' && !(def.nonEmpty && v === '');
    case 'number':
      return (
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (def.minimum === undefined || v >= def.minimum) &&
        (def.maximum === undefined || v <= def.maximum)
      );
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
  }
}

/** Reads every setting through `get` (the raw value of one id, undefined when unset). */
export function readSettingValues(get: (id: SettingId) => unknown): SettingValues {
  const out: Record<string, unknown> = {};
  for (const [id, def] of Object.entries(SETTINGS) as [SettingId, SettingDefinition][]) {
    const v = get(id);
    out[id] = valid(def, v) ? v : structuredClone(def.default);
  }
  return out as SettingValues;
}

/**
 * A getter over the `thebot` section as `workspace/configuration` returns it:
 * dotted ids are nested objects (`validation.enable` is `{ validation: { enable } }`).
 */
export function sectionGetter(section: unknown): (id: SettingId) => unknown {
  return (id) => {
    let v: unknown = section;
    for (const part of id.split('.')) {
      if (typeof v !== 'object' || v === null) return undefined;
      v = (v as Record<string, unknown>)[part];
    }
    return v;
  };
}

export const DEFAULT_SETTING_VALUES: SettingValues = readSettingValues(() => undefined);
