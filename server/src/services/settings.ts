// The server's settings (the `thebot` section), typed once with defaults.
// The handler layer fetches them per resource and caches them; services
// receive them as plain data.

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

export const DEFAULT_SETTINGS: ServerSettings = { validation: { enable: true, debounceMs: 0 }, helm: { enabled: false, command: 'helm' } };

/** Normalises whatever the client sent (missing or mistyped values fall back to defaults). */
export function normalizeSettings(raw: unknown): ServerSettings {
  const v = (raw as { validation?: { enable?: unknown; debounceMs?: unknown } } | null | undefined)?.validation;
  const h = raw as { enableHelm?: unknown; helmCommand?: unknown } | null | undefined;
  return {
    helm: {
      enabled: h?.enableHelm === true,
      command: typeof h?.helmCommand === 'string' && h.helmCommand !== '' ? h.helmCommand : DEFAULT_SETTINGS.helm.command,
    },
    validation: {
      enable: typeof v?.enable === 'boolean' ? v.enable : DEFAULT_SETTINGS.validation.enable,
      debounceMs:
        typeof v?.debounceMs === 'number' && v.debounceMs >= 0 && v.debounceMs <= 5000 ? v.debounceMs : DEFAULT_SETTINGS.validation.debounceMs,
    },
  };
}
