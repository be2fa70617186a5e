// The line scan the fast YAML readers share (fastParse.ts, fastParseBlock.ts
// and kustomize/yaml/fastDecode.ts): where a line ends, where its content ends
// (before `\n` or `\r\n`) and where its indentation ends (spaces only: a text
// with a tab never reaches them).

/** Where the line after the one starting at `p` starts (after its line break), or `to`. */
export function nextLineStart(src: string, p: number, to: number): number {
  const nl = src.indexOf('\n', p);
  return nl < 0 || nl >= to ? to : nl + 1;
}

/** Where the content of the line `p`..`nlEnd` ends: at its `\n` or `\r\n`, else at `nlEnd`. */
export function contentEnd(src: string, p: number, nlEnd: number): number {
  return nlEnd > p && src[nlEnd - 1] === '\n' ? (src[nlEnd - 2] === '\r' && nlEnd - 2 >= p ? nlEnd - 2 : nlEnd - 1) : nlEnd;
}

/** The first offset from `p` on that is not a space, at most `eol`. */
export function indentEnd(src: string, p: number, eol: number): number {
  let c = p;
  while (c < eol && src.charCodeAt(c) === 32) c++;
  return c;
}
