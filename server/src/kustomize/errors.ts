// Render errors carry the file and (when known) the range that caused them,
// so the language server can put them on the right line.
import type { Range } from '../findings';

export class KustomizeError extends Error {
  constructor(
    message: string,
    public readonly file: string,
    public readonly range?: Range,
  ) {
    super(message);
  }
}

/**
 * An error whose kustomize message names no line (goyaml's reader: encoding,
 * control characters; its decoder: excessive aliasing), so callers do not
 * add one; the range still points the editor at the offending place.
 */
export class ReaderError extends KustomizeError {}

/**
 * A YAML syntax error in go-yaml's whole words (`yaml: line N: …`, the line
 * as go-yaml counts it, from yaml/goyamlErrors): callers add no line of
 * their own; the range stays on the offending place our parser found.
 */
export class GoYamlSyntaxError extends ReaderError {}

/**
 * A file whose YAML kustomize cannot read (`…MalformedYAMLError: yaml: … in
 * File: …`, buildFiles.parseFile): a caller that kustomize has read it another
 * way first (a patch, tried as a strategic merge and as a JSON patch) words it
 * its own way.
 */
export class MalformedYamlError extends KustomizeError {}
