// The one shape every check produces (YAML syntax, schemas, rules, cluster
// rejections). The language server turns findings into LSP diagnostics, the CLI
// prints them; both read the same list. Positions are 0-based (LSP style); the
// CLI prints them 1-based.

export type Severity = 'error' | 'warning' | 'info';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  /** Absolute file path. */
  file: string;
  range: Range;
}

export interface RelatedInformation extends Location {
  message: string;
}

export interface Finding extends Location {
  severity: Severity;
  /** Stable id: a rule id, `yaml-syntax`, `schema`, … */
  code: string;
  /** Which part of the tool produced it ("thebot"). */
  source: string;
  message: string;
  /** Environments the finding applies to; empty when the file was checked on its own. */
  environments?: string[];
  related?: RelatedInformation[];
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    a.file.localeCompare(b.file) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    a.code.localeCompare(b.code) ||
    a.message.localeCompare(b.message)
  );
}
