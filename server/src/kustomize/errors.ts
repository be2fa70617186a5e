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
