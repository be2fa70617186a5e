// Parsed source files (YAML with positions) shared by every analysis that
// renders with the same RenderCache. `thebot check`, the benchmarks and the
// tests start a new ProjectAnalysis per check; with a parse memo of its own,
// each of them parsed every source file again although the render cache
// already held the same texts (a warm re-check of the platform parsed 41
// files, about 15% of its time). Keyed by path and checked against the
// text, so a changed file is parsed again and nothing stale is returned. The
// language server passes its own per-document cache instead (documents/parse.ts).
import type { RenderCache } from '../kustomize';
import { parseYaml, type ParsedYaml } from '../documents/parse';

export class ParseMemo {
  /** Number of YAML parses performed (for tests and benchmarks). */
  parses = 0;
  private readonly entries = new Map<string, { text: string; parsed: ParsedYaml }>();

  /** The parse of `file` whose current text is `text`. */
  get(file: string, text: string): ParsedYaml {
    const hit = this.entries.get(file);
    if (hit && hit.text === text) return hit.parsed;
    this.parses++;
    const parsed = parseYaml(text);
    this.entries.set(file, { text, parsed });
    return parsed;
  }
}

// Beside the render cache rather than in it: the engine decodes its own
// representation (kustomize/yaml/decode.ts) and does not depend on the analysis' parser.
const memos = new WeakMap<RenderCache, ParseMemo>();

/** The parse memo of analyses rendering with `cache` (one per render cache, kept as long as it is). */
export function parseMemoOf(cache: RenderCache): ParseMemo {
  let memo = memos.get(cache);
  if (!memo) memos.set(cache, (memo = new ParseMemo()));
  return memo;
}

/** Each file read through `read` (current text) and parsed through `memo`; undefined for a file that cannot be read. */
export function memoParse(read: (file: string) => string | undefined, memo: ParseMemo): (file: string) => ParsedYaml | undefined {
  return (file) => {
    let text: string | undefined;
    try {
      text = read(file);
    } catch {
      text = undefined;
    }
    return text === undefined ? undefined : memo.get(file, text);
  };
}

/**
 * `parse` asked once per file for the caller's lifetime (one environment's
 * rules and schema placement: a rule asks for the file of every resource it
 * looks at, and each ask read the file again to compare its text).
 */
export function onceEach(parse: (file: string) => ParsedYaml | undefined): (file: string) => ParsedYaml | undefined {
  const seen = new Map<string, ParsedYaml | undefined>();
  return (file) => {
    if (seen.has(file)) return seen.get(file);
    const parsed = parse(file);
    seen.set(file, parsed);
    return parsed;
  };
}
