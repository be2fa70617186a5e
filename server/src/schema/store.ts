// Finds and loads the generated schema bundles (schemas/index.json lists them).
// Each bundle is read once, on first use, and stays in memory; the kinds
// index says which definition validates a given apiVersion/kind.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

export interface RawSchema {
  [keyword: string]: unknown;
}

export interface Bundle {
  /** Path relative to the schemas directory, e.g. 'crds/cert-manager.io.json'. */
  name: string;
  source: Record<string, unknown>;
  kinds: Record<string, Record<string, string>>;
  definitions: Record<string, RawSchema>;
}

export interface KindEntry {
  bundle: Bundle;
  definition: string;
}

export class SchemaStore {
  private readonly bundles = new Map<string, Bundle>();
  private kindIndex: Map<string, KindEntry> | undefined;

  constructor(readonly dir: string) {}

  bundle(name: string): Bundle {
    let b = this.bundles.get(name);
    if (!b) {
      const json = JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as {
        'x-thebot-source': Record<string, unknown>;
        'x-thebot-kinds': Record<string, Record<string, string>>;
        definitions: Record<string, RawSchema>;
      };
      b = { name, source: json['x-thebot-source'], kinds: json['x-thebot-kinds'], definitions: json.definitions };
      this.bundles.set(name, b);
    }
    return b;
  }

  /** apiVersion + "/" + kind → where its schema is. */
  kinds(): Map<string, KindEntry> {
    if (!this.kindIndex) {
      const index = JSON.parse(readFileSync(join(this.dir, 'index.json'), 'utf8')) as { files: string[] };
      this.kindIndex = new Map();
      for (const name of index.files) {
        const b = this.bundle(name);
        for (const [apiVersion, kinds] of Object.entries(b.kinds)) {
          for (const [kind, definition] of Object.entries(kinds)) this.kindIndex.set(`${apiVersion}/${kind}`, { bundle: b, definition });
        }
      }
    }
    return this.kindIndex;
  }

  /** Resolves a `$ref` written in bundle `from`: '#/definitions/X' or '../other.json#/definitions/X'. */
  resolveRef(from: Bundle, ref: string): { bundle: Bundle; definition: string } {
    const hash = ref.indexOf('#/definitions/');
    if (hash < 0) throw new Error(`unsupported $ref ${ref} in ${from.name}`);
    const file = ref.slice(0, hash);
    const bundle = file ? this.bundle(posix.normalize(posix.join(posix.dirname(from.name), file))) : from;
    return { bundle, definition: ref.slice(hash + '#/definitions/'.length) };
  }
}

/**
 * The schemas directory: $THEBOT_SCHEMAS, else the nearest `schemas/index.json`
 * above this module (server/src/schema/ in tests, dist/ in the bundles).
 */
export function locateSchemas(): string {
  const fromEnv = process.env.THEBOT_SCHEMAS;
  if (fromEnv) return fromEnv;
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'schemas', 'index.json'))) return join(dir, 'schemas');
    dir = dirname(dir);
  }
  throw new Error('schemas/index.json not found (set THEBOT_SCHEMAS)');
}
