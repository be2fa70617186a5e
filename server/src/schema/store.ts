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
  /** A definition's raw schema (parsed on first use in a generated bundle), or undefined. */
  definition(name: string): RawSchema | undefined;
  /** A definition's descriptions, kept apart from it (docs.ts), or undefined: none, or they are in the schema. */
  docs(name: string): RawSchema | undefined;
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
      b = parseBundle(name, readFileSync(join(this.dir, name), 'utf8'), () => this.docsText(name));
      this.bundles.set(name, b);
    }
    return b;
  }

  /** The text of bundle `name`'s descriptions file (`X.docs.json` beside `X.json`), or undefined when there is none. */
  private docsText(name: string): string | undefined {
    try {
      return readFileSync(join(this.dir, name.replace(/\.json$/, '.docs.json')), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
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

interface BundleJson {
  'x-thebot-source': Record<string, unknown>;
  'x-thebot-kinds': Record<string, Record<string, string>>;
  definitions: Record<string, RawSchema>;
}

const DEFINITIONS_LINE = '"definitions":{';

/**
 * A bundle as scripts/gen-schemas.ts writes it: the header fields, a line
 * `"definitions":{`, then one definition per line (`"name":{...},`) and `}}`.
 * Only the header is parsed here, and each definition when first asked for: a
 * check of the platform compiles a small part of the Kubernetes bundle's 730
 * definitions, and parsing all of its 1.2 MB was the larger part of schema
 * validation in a `thebot check`. Any other layout (a hand-written bundle in
 * $THEBOT_SCHEMAS) is parsed whole.
 */
export function parseBundle(name: string, text: string, docsText: () => string | undefined = () => undefined): Bundle {
  let docs: Bundle | null | undefined;
  const docsOf = (d: string) => {
    if (docs === undefined) {
      const t = docsText();
      docs = t === undefined ? null : parseBundle(name.replace(/\.json$/, '.docs.json'), t);
    }
    return docs?.definition(d);
  };
  const at = text.indexOf('\n' + DEFINITIONS_LINE + '\n');
  const lines = new Map<string, [number, number]>();
  let ok = at >= 0;
  if (ok) {
    let start = at + DEFINITIONS_LINE.length + 2;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) {
        ok = false;
        break;
      }
      if (text.startsWith('}}', start)) {
        ok = text.slice(start, end).trim() === '}}' && text.slice(end).trim() === '';
        break;
      }
      const key = text.indexOf('":{', start);
      if (text[start] !== '"' || key < 0 || key > end) {
        ok = false;
        break;
      }
      const last = text[end - 1] === ',' ? end - 1 : end;
      lines.set(JSON.parse(text.slice(start, key + 1)) as string, [key + 2, last]);
      start = end + 1;
    }
  }
  if (!ok) {
    const json = JSON.parse(text) as BundleJson;
    const definitions = json.definitions ?? {};
    return {
      name,
      source: json['x-thebot-source'],
      kinds: json['x-thebot-kinds'],
      definition: (d) => (Object.hasOwn(definitions, d) ? definitions[d] : undefined),
      docs: docsOf,
    };
  }
  const header = JSON.parse(text.slice(0, at + 1) + '"definitions":{}}') as BundleJson;
  const parsed = new Map<string, RawSchema>();
  return {
    name,
    source: header['x-thebot-source'],
    kinds: header['x-thebot-kinds'],
    definition(d) {
      let raw = parsed.get(d);
      if (raw) return raw;
      const range = lines.get(d);
      if (!range) return undefined;
      raw = JSON.parse(text.slice(range[0], range[1])) as RawSchema;
      parsed.set(d, raw);
      return raw;
    },
    docs: docsOf,
  };
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
