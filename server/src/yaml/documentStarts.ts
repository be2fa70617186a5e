// Where a multi-document YAML file can be cut so that each piece parses on its
// own exactly as it does inside the whole file: before every `---` marker at
// column 0 (there a marker always starts a new document, even inside a block
// scalar). Shared by the server's parse cache and the engine's decoder, which
// both re-parse only the pieces an edit changed.

/**
 * Start offsets of the file's chunks: 0 and every line that starts with a
 * `---` marker. A leading run of comments stays with the first document, as
 * the parser attaches it there. Undefined when the file uses directives
 * (`%YAML`), which tie documents together: parse it whole.
 */
export function documentStarts(text: string): number[] | undefined {
  if (/^%/m.test(text)) return undefined;
  const starts = [0];
  const marker = /^---(?=[ \t\r\n]|$)/gm;
  for (let m = marker.exec(text); m; m = marker.exec(text)) {
    if (m.index === 0) continue;
    if (starts.length === 1 && /^(\s*(#.*)?\n)*\s*(#.*)?$/.test(text.slice(0, m.index))) continue;
    starts.push(m.index);
  }
  return starts;
}
