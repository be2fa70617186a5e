// Settings per resource, fetched with workspace/configuration and cached until
// the client says they changed (never held in globals).
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_SETTINGS, normalizeSettings, type ServerSettings } from '../services/settings';

export class SettingsCache {
  private readonly byResource = new Map<string, Promise<ServerSettings>>();
  /** Whether the client answers workspace/configuration (set from its capabilities). */
  supported = false;

  constructor(private readonly connection: Connection) {}

  get(resource: string): Promise<ServerSettings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SETTINGS);
    let hit = this.byResource.get(resource);
    if (!hit) {
      hit = this.connection.workspace
        .getConfiguration({ scopeUri: resource, section: 'thebot' })
        .then(normalizeSettings, () => DEFAULT_SETTINGS);
      this.byResource.set(resource, hit);
    }
    return hit;
  }

  clear(): void {
    this.byResource.clear();
  }

  delete(resource: string): void {
    this.byResource.delete(resource);
  }
}

export function registerSettings(connection: Connection, settings: SettingsCache, onChange: () => void): void {
  connection.onDidChangeConfiguration(() => {
    settings.clear();
    onChange();
  });
}
