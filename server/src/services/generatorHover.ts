// Hover on a configMapGenerator/secretGenerator literal: the generated key's
// value in each environment whose object that entry builds, with the literal
// (or file, env line) that set it there, e.g. a base literal an overlay's
// `behavior: merge` overrides shows the overlay's literal line.
import { plainValue } from '../documents/locate';
import type { PathSegment } from '../kustomize/model';
import { parseLiteral } from '../kustomize/transformers/generators';
import { valueAt } from './counterparts';
import { generatorEntriesOf, generatorEntryAt } from './generatorEntries';
import type { HoverInput } from './hover';
import { sourceLink } from './sourceLink';

export function generatedValues(input: HoverInput, path: PathSegment[]): string[] {
  const [field, index, list] = path;
  if ((field !== 'configMapGenerator' && field !== 'secretGenerator') || typeof index !== 'number' || list !== 'literals') return [];
  // plainValue, not documentValue: an alias before its anchor, or more aliases than the
  // yaml library allows, threw out of the hover request (test/hostile/fuzz.test.ts,
  // seed 132011345); the file's diagnostics report the syntax error.
  const literal = valueAt(plainValue(input.parsed.documents[0]), path);
  const pair = typeof literal === 'string' ? parseLiteral(literal) : undefined;
  const entry = generatorEntryAt(input.file, input.parsed, input.position);
  if (!pair || !entry) return [];
  const out: string[] = [];
  for (const env of input.environments) {
    for (const resource of env.render.resources) {
      if (!generatorEntriesOf(resource, input.parseFile).some((e) => e.file === entry.file && e.field === entry.field && e.index === entry.index)) continue;
      const key = ['data', pair[0]];
      const value = valueAt(resource.object, key);
      if (value === undefined) continue;
      const origin = resource.originOf(key);
      const shown = field === 'secretGenerator' ? '(secret value hidden)' : String(value);
      out.push(`${env.name}: ${shown}${origin ? ` — ${sourceLink(input.root, origin.file, origin.range.start.line)}` : ''}`);
    }
  }
  return out;
}
