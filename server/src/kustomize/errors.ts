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
