// Hover: the schema's type and description of the field under the cursor, and
// each environment's effective value of it with the place that set it
// ("production: 3 — overlays/production/kustomization.yaml:12", the place a
// link); on a generator literal, the key's value in each environment.
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { Position } from '../findings';
import type { PathSegment } from '../kustomize/model';
import type { ParsedYaml } from '../documents/parse';
import { nodeAt, nodeRange, offsetAt } from '../documents/locate';
import { counterparts, identityOf, renderedPath, valueAt, type RenderedEnvironment } from './counterparts';
import { isKustomizationFile } from './kustomization';
import { generatedValues } from './generatorHover';
import { sourceLink } from './sourceLink';
import { CONFIG_TYPE, isProjectConfigFile, withConfigSchema } from './configSchema';

export interface SchemaDescription {
  description: string;
  type: string;
  enum?: unknown[];
  default?: unknown;
}

export interface HoverInput {
  file: string;
  parsed: ParsedYaml;
  position: Position;
  /** Project root; origins are shown relative to it. */
  root: string;
  environments: RenderedEnvironment[];
  describe(apiVersion: string, kind: string, path: PathSegment[]): SchemaDescription | undefined;
  parseFile(file: string): ParsedYaml | undefined;
}

export const KUSTOMIZATION_TYPE = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' };

export function hover(input: HoverInput): Hover | null {
  input = withConfigSchema(input);
  const { parsed } = input;
  const at = nodeAt(parsed, offsetAt(parsed, input.position));
  if (!at || !at.node || at.path.length === 0) return null;
  const schemaPath = at.path.map((s) => (typeof s === 'number' ? 0 : s));
  let id = identityOf(at.document);
  if (isKustomizationFile(input.file) && !id.kind) id = KUSTOMIZATION_TYPE;
  if (isProjectConfigFile(input.file)) id = CONFIG_TYPE;
  const sections: string[] = [];
  const field = [...at.path].reverse().find((s) => typeof s === 'string') ?? '';
  const d = id.apiVersion && id.kind ? input.describe(id.apiVersion, id.kind, schemaPath) : undefined;
  if (d) {
    let head = `**${field}** \`${d.type}\``;
    if (d.enum?.length) head += ` — one of ${d.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
    if (d.default !== undefined) head += ` (default \`${JSON.stringify(d.default)}\`)`;
    sections.push(head);
    if (d.description) sections.push(brief(d.description));
  }
  const values = isKustomizationFile(input.file) ? generatedValues(input, at.path) : environmentValues(input, at.docIndex, at.path);
  if (values.length) sections.push(values.map((v) => `- ${v}`).join('\n'));
  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n') }, range: nodeRange(parsed, at.node) };
}

/** "production: 3 — overlays/production/kustomization.yaml:12" for each environment that renders the field. */
export function environmentValues(input: HoverInput, docIndex: number, path: PathSegment[]): string[] {
  const out: string[] = [];
  const document = input.parsed.documents[docIndex];
  for (const { env, resource } of counterparts(input.file, input.parsed, docIndex, input.environments, input.parseFile)) {
    const rpath = renderedPath(document, path, resource.object);
    if (!rpath) continue;
    const value = valueAt(resource.object, rpath);
    if (value === undefined) continue;
    const origin = resource.originOf(rpath);
    const secret = resource.object.kind === 'Secret' && (rpath[0] === 'data' || rpath[0] === 'stringData') && rpath.length > 1;
    // An origin in this very file whose range holds the cursor: the cursor's line is the precise one
    // (origins of values a patch adds can point at the enclosing block).
    const line = origin && origin.file === input.file && containsLine(origin.range, input.position.line) ? input.position.line : origin?.range.start.line;
    const where = origin ? ` — ${sourceLink(input.root, origin.file, line ?? 0)}` : '';
    out.push(`${env}: ${secret ? '(secret value hidden)' : formatValue(value)}${where}`);
  }
  return out;
}

function containsLine(r: { start: Position; end: Position }, line: number): boolean {
  return r.start.line <= line && line <= r.end.line;
}

/** Long type descriptions (Quantity's is 3,000 characters) are cut to their first paragraph. */
function brief(description: string): string {
  if (description.length <= 600) return description;
  const first = description.split('\n\n')[0];
  return first.length <= 600 ? `${first} …` : `${first.slice(0, 597)}…`;
}

function formatValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const one = text.replace(/\s*\n\s*/g, ' ');
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}
