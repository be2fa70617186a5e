// Where each rule is documented in docs/rules.md: rule id → heading line.
// Pure (no `vscode`) so a test can check every registered rule is found.

/** Rule ids are the ids of `##`–`####` headings (`### latest-tag`, optionally in backticks). */
export function ruleHeadings(markdown: string): Map<string, number> {
  const headings = new Map<string, number>();
  markdown.split('\n').forEach((line, i) => {
    const m = /^#{2,4}\s+`?([a-z0-9]+(?:-[a-z0-9]+)*)`?\s*$/.exec(line);
    if (m && !headings.has(m[1]!)) headings.set(m[1]!, i);
  });
  return headings;
}
