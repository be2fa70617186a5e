// The server's settings (the `thebot` section), read through the one settings
// definition (server/src/settings/definition.ts) and grouped for the services.
// The handler layer fetches them per resource and caches them; services
// receive them as plain data.
import { DEFAULT_SETTING_VALUES, readSettingValues, sectionGetter } from '../settings/read';
import type { SettingValues } from '../settings/definition';

export interface ServerSettings {
  validation: {
    /** Publish schema/rule diagnostics (syntax errors are always published). */
    enable: boolean;
    /** Quiet period after an edit before validating, in milliseconds. */
    debounceMs: number;
  };
  /** helmCharts in the editor (machine-scoped settings): inflated by a command, reused while typing. */
  helm: { enabled: boolean; command: string };
}

function group(v: SettingValues): ServerSettings {
  return {
    validation: { enable: v['validation.enable'], debounceMs: v['validation.debounceMs'] },
    helm: { enabled: v.enableHelm, command: v.helmCommand },
  };
}

export const DEFAULT_SETTINGS: ServerSettings = group(DEFAULT_SETTING_VALUES);

/** Normalises the `thebot` section the client sent (missing or invalid values fall back to the definition's defaults). */
export function normalizeSettings(raw: unknown): ServerSettings {
  return group(readSettingValues(sectionGetter(raw)));
}
