// Loads `thebot.yaml`: YAML syntax and JSON-schema problems become findings at
// the exact key/value, then defaults fill everything the file leaves out.
import { deepNestingAt, nestingMessage } from '../yaml/nesting';
import { fastParseDocument } from '../yaml/fastParse';
import { mayHaveAliases, unknownAnchorMessage, unknownAnchors } from '../yaml/unknownAnchors';
import { decodeText, readRegularFile } from '../kustomize/fs';
import { invalidUtf8 } from '../kustomize/yaml/encoding';
import { dirname, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { validate as validator } from './configValidator.generated';
import type { Finding } from '../findings';
import { rangeOfPath, offsetsToRange } from './positions';
import {
  DEFAULT_KUBERNETES_VERSION,
  defaultFacts,
  type Environment,
  type Facts,
  type ProjectConfig,
  type RuleSeverity,
} from './types';
import { discoverOverlays, readOverlayNamespace, isKustomizationDir } from './discover';

// Compiled ahead of time (config/validatorSource.ts): compiling the schema at
// run time cost more than a whole render of the platform.
/** The schema errors of the config data, or undefined when it is valid. */
function validateConfig(data: unknown): readonly ErrorObject[] | undefined {
  const validate = validator as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  return validate(data) ? undefined : (validate.errors ?? []);
}

/** Environments whose name marks them as development get DEBUG allowed by default. */
export function isDevName(name: string): boolean {
  return /^(dev|development|local)$/.test(name);
}

/** Environments named like production are protected by default. */
export function isProductionName(name: string): boolean {
  return /^prod(uction)?$/.test(name);
}

export function defaultEnvironment(name: string, overlay: string, facts: Facts): Environment {
  return {
    name,
    overlay,
    context: name,
    namespace: readOverlayNamespace(overlay) ?? 'default',
    protected: isProductionName(name),
    facts: { ...facts, debugAllowed: isDevName(name) },
  };
}

function problem(file: string, range: Finding['range'], message: string, severity: Finding['severity'] = 'error'): Finding {
  return { file, range, severity, code: 'config', source: 'thebot', message };
}

function describeAjvError(e: ErrorObject): { path: (string | number)[]; key: boolean; message: string } {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const where = path.length ? path.join('.') : 'thebot.yaml';
  switch (e.keyword) {
    case 'additionalProperties': {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      return { path: [...path, prop], key: true, message: `${where === 'thebot.yaml' ? '' : where + ': '}unknown property '${prop}'` };
    }
    case 'required':
      return { path, key: path.length > 0, message: `${where}: missing required property '${(e.params as { missingProperty: string }).missingProperty}'` };
    case 'enum':
      return { path, key: false, message: `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` };
    case 'propertyNames':
      return { path, key: false, message: `${where}: invalid name` };
    case 'pattern':
      if (e.propertyName !== undefined) return { path: [...path, e.propertyName], key: true, message: `${where}: invalid name '${e.propertyName}'` };
      return { path, key: false, message: `${where}: must match ${(e.params as { pattern: string }).pattern}` };
    default:
      return { path, key: false, message: `${where}: ${e.message ?? 'invalid'}` };
  }
}

/** The text a config was parsed from, its document and line counter. */
export interface ConfigSource {
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

// Kept beside each config parsed (not on it: configs are compared and copied
// as plain data), so that findings about the config's text read the parse the
// project already made instead of parsing the text again (analysis/config-findings.ts).
const sources = new WeakMap<ProjectConfig, ConfigSource>();

/** What `config` was parsed from; undefined for a config not read from text (defaults, a file refused unread). */
export function configSource(config: ProjectConfig): ConfigSource | undefined {
  return sources.get(config);
}

/** `config` with only `environments`: a copy that keeps what the config was parsed from. */
export function withEnvironments(config: ProjectConfig, environments: Environment[]): ProjectConfig {
  const copy = { ...config, environments };
  const source = sources.get(config);
  if (source) sources.set(copy, source);
  return copy;
}

/** Parses and validates config text; never throws. */
export function parseProjectConfig(file: string, text: string): ProjectConfig {
  const root = dirname(file);
  const lc = new LineCounter();
  // Deep nesting is refused before the (recursive) parser sees it.
  const deep = deepNestingAt(text);
  const options = { lineCounter: lc, prettyErrors: false, uniqueKeys: true };
  const doc = deep < 0 ? (fastConfigDocument(text, options) ?? parseDocument(text, options)) : parseDocument('', options);
  if (deep >= 0) {
    const before = text.slice(0, deep).split('\n');
    const line = before.length - 1;
    const character = before[line]!.length;
    // In the parser's words, as the file's own syntax check says it: one finding when both run (combineFindings).
    return refused(file, { start: { line, character }, end: { line, character: character + 1 } }, nestingMessage());
  }
  const problems: Finding[] = [];
  for (const e of doc.errors) {
    problems.push(problem(file, offsetsToRange(lc, e.pos[0], e.pos[1]), e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')));
  }
  let data: Record<string, unknown> = {};
  if (!problems.length) {
    let js: unknown;
    const unknown = mayHaveAliases(text) ? unknownAnchors(doc)[0] : undefined;
    if (unknown) problems.push(problem(file, offsetsToRange(lc, unknown[1][0], unknown[1][1]), unknownAnchorMessage(unknown[0])));
    else {
      try {
        js = doc.toJS({ maxAliasCount: 1000 });
      } catch {
        // The library refuses alias bombs (ReferenceError); say so in our words, at the document.
        problems.push(problem(file, rangeOfPath(doc, lc, []), 'thebot.yaml: document contains excessive aliasing'));
      }
    }
    // An empty file would silently turn project mode off (and CI green on nothing rendered).
    if (!problems.length && (js === null || js === undefined)) problems.push(problem(file, rangeOfPath(doc, lc, []), 'thebot.yaml is empty: define environments, or delete it to use overlays/*'));
    if (problems.length) data = {};
    else if (typeof js !== 'object' || Array.isArray(js)) {
      problems.push(problem(file, rangeOfPath(doc, lc, []), 'thebot.yaml must be a mapping'));
    } else data = js as Record<string, unknown>;
  }
  const schemaErrors = problems.length ? undefined : validateConfig(data);
  if (schemaErrors) {
    const seen = new Set<string>();
    for (const e of schemaErrors) {
      if (e.keyword === 'propertyNames') continue; // reported by its inner `pattern` error with the key
      const d = describeAjvError(e);
      const range = rangeOfPath(doc, lc, d.path, d.key);
      const k = `${range.start.line}:${range.start.character}:${d.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      problems.push(problem(file, range, d.message));
    }
    // Keep going with whatever is usable: the bad parts are dropped below.
    data = problems.length ? sanitize(data) : data;
  }
  const config = buildConfig(root, file, data, problems, (path, key) => rangeOfPath(doc, lc, path, key));
  config.problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  sources.set(config, { text, doc, lineCounter: lc });
  return config;
}

/**
 * parseDocument(text, options) by the fast parser (yaml/fastParse.ts), which
 * builds the library's very document when the text is one document of the
 * subset it reads, and gives up on anything else (a text of several
 * documents, any text the library reports a problem in): undefined, and the
 * library parses it, errors, positions and messages its own. Its line counter
 * gets what the library's parser gives it: the start of the text and the
 * offset after every line feed (the fast parser refuses lone carriage returns).
 */
export function fastConfigDocument(text: string, options: { lineCounter: LineCounter; prettyErrors: boolean; uniqueKeys: boolean }): Document.Parsed | undefined {
  const doc = fastParseDocument(text, 0, text.length, options);
  if (!doc) return undefined;
  const lc = options.lineCounter;
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lc.addNewLine(i + 1);
  return doc;
}

/** A config file that is not read at all: no environments, this one problem. */
function refused(file: string, range: Finding['range'], message: string): ProjectConfig {
  return { ...parseProjectConfig(file, 'environments: {}\n'), problems: [problem(file, range, message)] };
}

/** After schema errors, drop every top-level section that is not a plain object so defaults apply. */
function sanitize(data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (k === 'kubernetesVersion' || k === 'loadRestrictor' ? typeof v === 'string' : k === 'ignorePaths' ? Array.isArray(v) : isObject(v)) out[k] = v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

function mergeFacts(base: Facts, raw: unknown): Facts {
  if (!isObject(raw)) return base;
  const out: Facts = { ...base, hpa: { ...base.hpa } };
  const arr = (k: 'registries' | 'hosts' | 'requiredLabels' | 'placeholderPatterns' | 'singletons'): void => {
    const v = stringArray(raw[k]);
    if (v) out[k] = v;
  };
  arr('registries');
  arr('hosts');
  arr('requiredLabels');
  arr('placeholderPatterns');
  arr('singletons');
  if (typeof raw.debugAllowed === 'boolean') out.debugAllowed = raw.debugAllowed;
  if (typeof raw.minReplicas === 'number') out.minReplicas = raw.minReplicas;
  if (isObject(raw.hpa)) {
    if (typeof raw.hpa.minReplicas === 'number') out.hpa.minReplicas = raw.hpa.minReplicas;
    if (typeof raw.hpa.maxReplicas === 'number') out.hpa.maxReplicas = raw.hpa.maxReplicas;
  }
  if (Array.isArray(raw.externalObjects)) {
    out.externalObjects = raw.externalObjects.filter(
      (o): o is Facts['externalObjects'][number] => isObject(o) && typeof o.kind === 'string' && typeof o.name === 'string',
    );
  }
  return out;
}

function severityMap(raw: unknown): Record<string, RuleSeverity> {
  const out: Record<string, RuleSeverity> = {};
  if (!isObject(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    if (v === 'error' || v === 'warning' || v === 'info' || v === 'off') out[k] = v;
  }
  return out;
}

type RangeOf = (path: (string | number)[], key?: boolean) => Finding['range'];

function buildConfig(root: string, file: string | undefined, data: Record<string, unknown>, problems: Finding[], rangeOf: RangeOf): ProjectConfig {
  const facts = mergeFacts(defaultFacts(), data.facts);
  const rules = isObject(data.rules) ? data.rules : {};
  const envRules: Record<string, Record<string, RuleSeverity>> = {};
  if (isObject(rules.environments)) for (const [k, v] of Object.entries(rules.environments)) envRules[k] = severityMap(v);

  const environments: Environment[] = [];
  if (isObject(data.environments)) {
    for (const [name, raw] of Object.entries(data.environments)) {
      if (!isObject(raw) || typeof raw.overlay !== 'string') continue;
      const overlay = resolve(root, raw.overlay);
      if (file && !isKustomizationDir(overlay)) {
        // Reported once here; the environment is left out rather than failing to render.
        problems.push(problem(file, rangeOf(['environments', name, 'overlay']), `environments.${name}.overlay: no kustomization.yaml in ${raw.overlay}`));
        continue;
      }
      const env = defaultEnvironment(name, overlay, facts);
      // An explicit global debugAllowed beats the name-based default.
      if (isObject(data.facts) && typeof data.facts.debugAllowed === 'boolean') env.facts.debugAllowed = data.facts.debugAllowed;
      if (typeof raw.context === 'string') env.context = raw.context;
      if (typeof raw.namespace === 'string') env.namespace = raw.namespace;
      if (typeof raw.protected === 'boolean') env.protected = raw.protected;
      env.facts = mergeFacts(env.facts, raw.facts);
      environments.push(env);
    }
  }
  if (file && data.environments === undefined) {
    // A config without `environments` still gets them from overlays/* beside it.
    const found = discoverOverlays(root);
    if (found) for (const o of found.overlays) environments.push(defaultEnvironment(o.name, o.dir, facts));
  }
  if (file) {
    for (const envName of Object.keys(envRules)) {
      if (!environments.some((e) => e.name === envName) && isObject(data.environments)) {
        problems.push(problem(file, rangeOf(['rules', 'environments', envName], true), `rules.environments: unknown environment '${envName}'`));
      }
    }
  }
  return {
    root,
    ...(file ? { file } : {}),
    kubernetesVersion: typeof data.kubernetesVersion === 'string' ? data.kubernetesVersion : DEFAULT_KUBERNETES_VERSION,
    loadRestrictor: data.loadRestrictor === 'LoadRestrictionsNone' ? 'LoadRestrictionsNone' : 'LoadRestrictionsRootOnly',
    environments,
    rules: {
      include: stringArray(rules.include) ?? ['*'],
      exclude: stringArray(rules.exclude) ?? [],
      severity: severityMap(rules.severity),
      environments: envRules,
    },
    ignorePaths: stringArray(data.ignorePaths) ?? [],
    facts,
    problems,
  };
}

/** A config with defaults only, for a project without thebot.yaml. */
export function defaultProjectConfig(root: string, environments: Environment[]): ProjectConfig {
  const config = buildConfig(root, undefined, {}, [], () => ({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }));
  config.environments = environments;
  return config;
}

export function readProjectConfig(file: string): ProjectConfig {
  let text = '';
  let bytes: Uint8Array | undefined;
  try {
    bytes = readRegularFile(file);
    text = bytes ? decodeText(bytes) : '';
  } catch (e) {
    return refused(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, (e as Error).message);
  }
  // Not UTF-8: said as the engine says it of a resource (goyaml's words), at the offending byte,
  // rather than whatever the replacement characters make of the parse.
  const bad = invalidUtf8(text, () => bytes);
  if (bad) return refused(file, bad.range, `thebot.yaml: ${bad.message}`);
  return parseProjectConfig(file, text);
}
