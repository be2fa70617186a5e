// A source place in hover text as a markdown link the editor opens at that line.
import { relative } from 'node:path';
import { URI } from 'vscode-uri';

/** "[overlays/production/kustomization.yaml:12](file:///…#L12)": VS Code opens a file link's `#L<line>` at that line. */
export function sourceLink(root: string, file: string, line: number): string {
  const text = `${relative(root, file)}:${line + 1}`;
  return `[${text.replace(/[[\]\\]/g, '\\$&')}](${URI.file(file).toString()}#L${line + 1})`;
}
