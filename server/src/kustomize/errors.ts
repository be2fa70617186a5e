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

/**
 * A collection used as a mapping key where kustomize decodes the file into Go
 * maps (a kustomization, a JSON patch, …): `yaml: invalid map key: <the key as
 * Go's %#v prints it>`, go-yaml v2's words or v3's (`v2`, `v3`: both, for a
 * caller that knows which reader kustomize uses). Names no line, as go-yaml's
 * decoder does.
 */
export class ComplexKeyError extends ReaderError {
  constructor(
    readonly v2: string,
    readonly v3: string,
    /** Whether the file was read the YAML 1.1 way (the message is v2's). */
    readonly yaml11: boolean,
    file: string,
    range?: Range,
  ) {
    super(`yaml: ${yaml11 ? v2 : v3}`, file, range);
  }
}
