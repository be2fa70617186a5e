// Runs `f` with process warnings muted: the yaml library warns (process.emitWarning)
// each time toJS() stringifies a collection key, which differential tests do on purpose.
export function quietly<T>(f: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    return f();
  } finally {
    process.emitWarning = emit;
  }
}
