// thebot.yaml in the editor: completion and hover from
// schemas/thebot-config.schema.json, through the same completion and hover
// services as manifests. The config schema is served to them as one more
// "kind" (CONFIG_TYPE) by the schema layer's own describe(), so keys, enum
// values, booleans and hover text come out exactly as for Kubernetes fields.
// What the schema cannot know is added here: environment names where a key
// names an environment, rule ids where a key or list item names a rule.
import { basename } from 'node:path';
import { isMap, type Document } from 'yaml';
import { CompletionItemKind, InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import type { PathSegment } from '../kustomize/model';
import { CONFIG_FILE_NAMES } from '../config/types';
import { RULES } from '../rules';
import { SchemaStore, type Bundle, type KindEntry, type RawSchema } from '../schema/store';
import { SchemaValidator, type Description } from '../schema/validator';
import configSchema from '../../../schemas/thebot-config.schema.json';

/** The identity completion and hover give a thebot.yaml document (it has no apiVersion/kind of its own). */
export const CONFIG_TYPE = { apiVersion: 'thebot.dev/v1', kind: 'ProjectConfig' } as const;

export function isProjectConfigFile(file: string): boolean {
  return CONFIG_FILE_NAMES.includes(basename(file));
}

/** A store holding only the config schema, its root as the definition of CONFIG_TYPE. */
class ConfigSchemaStore extends SchemaStore {
  private readonly index: Map<string, KindEntry>;

  constructor() {
    super('');
    const raw = configSchema as unknown as RawSchema & { definitions: Record<string, RawSchema> };
    const bundle: Bundle = {
      name: 'thebot-config.schema.json',
      source: {},
      kinds: { [CONFIG_TYPE.apiVersion]: { [CONFIG_TYPE.kind]: CONFIG_TYPE.kind } },
      definition: (name) => (name === CONFIG_TYPE.kind ? raw : Object.hasOwn(raw.definitions, name) ? raw.definitions[name] : undefined),
      // Its descriptions are in it.
      docs: () => undefined,
    };
    this.index = new Map([[`${CONFIG_TYPE.apiVersion}/${CONFIG_TYPE.kind}`, { bundle, definition: CONFIG_TYPE.kind }]]);
  }

  override kinds(): Map<string, KindEntry> {
    return this.index;
  }
}

let validator: SchemaValidator | undefined;

/** Type, description, enum and properties at `path` of thebot.yaml (list indices step into items). */
export function describeConfig(path: PathSegment[]): Description | undefined {
  validator ??= new SchemaValidator(new ConfigSchemaStore());
  return validator.describe(CONFIG_TYPE.apiVersion, CONFIG_TYPE.kind, path);
}

interface SchemaInput {
  file: string;
  describe(apiVersion: string, kind: string, path: PathSegment[]): unknown;
  environments: unknown[];
}

/**
 * For a thebot.yaml, the input with CONFIG_TYPE described by the config
 * schema and no rendered environments (the file feeds none); other files unchanged.
 */
export function withConfigSchema<I extends SchemaInput>(input: I): I {
  if (!isProjectConfigFile(input.file)) return input;
  const describe = input.describe;
  return {
    ...input,
    environments: [],
    describe: (apiVersion: string, kind: string, path: PathSegment[]) =>
      apiVersion === CONFIG_TYPE.apiVersion && kind === CONFIG_TYPE.kind ? describeConfig(path) : describe(apiVersion, kind, path),
  } as I;
}

/**
 * Names the schema leaves open: environment names as keys of
 * `rules.environments`; rule ids as keys of `rules.severity` and
 * `rules.environments.<env>`, and as items of `rules.include`/`rules.exclude`.
 */
export function configNameItems(mode: 'key' | 'value' | 'item', path: PathSegment[], document: Document.Parsed | undefined): CompletionItem[] {
  if (path[0] !== 'rules') return [];
  const existing = mode === 'key' ? keysAt(document, path) : new Set<string>();
  const fresh = (names: string[]) => names.filter((n) => !existing.has(n));
  if (mode === 'key' && path.length === 2 && path[1] === 'environments') {
    return fresh([...keysAt(document, ['environments'])]).map((name) => ({
      label: name,
      kind: CompletionItemKind.Reference,
      detail: 'environment',
      insertText: `${name}:\n  $1`,
      insertTextFormat: InsertTextFormat.Snippet,
    }));
  }
  const ruleKeys = mode === 'key' && ((path.length === 2 && path[1] === 'severity') || (path.length === 3 && path[1] === 'environments'));
  const ruleItems = mode === 'item' && path.length === 3 && (path[1] === 'include' || path[1] === 'exclude');
  if (!ruleKeys && !ruleItems) return [];
  return fresh(RULES.map((r) => r.id)).map((id) => {
    const rule = RULES.find((r) => r.id === id)!;
    return { label: id, kind: CompletionItemKind.Reference, detail: `${rule.title} (default ${rule.severity})`, insertText: ruleKeys ? `${id}: ` : id };
  });
}

/** Keys of the map at `path`, as far as the (possibly incomplete) document parses. */
function keysAt(document: Document.Parsed | undefined, path: PathSegment[]): Set<string> {
  const node = document ? (path.length ? document.getIn(path, true) : document.contents) : undefined;
  if (!isMap(node)) return new Set();
  return new Set(node.items.map((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key)).filter((k) => k !== '' && k !== 'null'));
}
