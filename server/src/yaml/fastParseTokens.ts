// The few lexical tokens the fast parser still needs, and the yaml library's
// rules over them (compose/resolve-props, resolve-end, util-empty-scalar-
// position), narrowed to the token kinds the fast path produces. Comments and
// blank lines are placed by these rules, so they land exactly where the
// library puts them; the fast parser only builds tokens around trivia and
// node boundaries, never for plain content.

export type TokType = 'space' | 'comment' | 'newline' | 'doc-start' | 'explicit-key-ind' | 'map-value-ind' | 'seq-item-ind' | 'anchor';

export interface Tok {
  type: TokType;
  offset: number;
  source: string;
  /** Column of the token's line indentation when the token came (the parser's `indent`); used for comments. */
  indent: number;
}

export interface Props {
  spaceBefore: boolean;
  comment: string;
  /** Offset after the last token (or `offset` when there are none). */
  end: number;
}

/**
 * compose/resolve-props.ts for tokens without tags, tabs or flow commas. An
 * anchor only counts for where comments go here: the fast parser reads its
 * name itself, and only where the library reports nothing about it (one
 * anchor, a space or line end after it).
 */
export function resolveProps(tokens: readonly Tok[], indicator: TokType, offset: number, startOnNewline: boolean): Props {
  let spaceBefore = false;
  let atNewline = startOnNewline;
  let comment = '';
  let commentSep = '';
  let found = false;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        break;
      case 'comment': {
        const cb = token.source.substring(1) || ' ';
        if (!comment) comment = cb;
        else comment += commentSep + cb;
        commentSep = '';
        atNewline = false;
        break;
      }
      case 'newline':
        if (atNewline) {
          if (comment) comment += token.source;
          else if (!found || indicator !== 'seq-item-ind') spaceBefore = true;
        } else commentSep += token.source;
        atNewline = true;
        break;
      case 'anchor':
        atNewline = false;
        break;
      default:
        // Only the expected indicator reaches here (the fast parser builds no others).
        found = true;
        atNewline = indicator === 'seq-item-ind';
    }
  }
  const last = tokens[tokens.length - 1];
  return { spaceBefore, comment, end: last ? last.offset + last.source.length : offset };
}

/** compose/resolve-end.ts: a node's trailing comment and the offset after its end tokens. */
export function resolveEnd(end: readonly Tok[] | undefined, offset: number): { comment: string; offset: number } {
  let comment = '';
  if (end) {
    let sep = '';
    for (const token of end) {
      if (token.type === 'comment') {
        const cb = token.source.substring(1) || ' ';
        if (!comment) comment = cb;
        else comment += sep + cb;
        sep = '';
      } else if (token.type === 'newline' && comment) sep += token.source;
      offset += token.source.length;
    }
  }
  return { comment, offset };
}

/** compose/util-empty-scalar-position.ts with `pos` left out. */
export function emptyScalarPosition(offset: number, before: readonly Tok[]): number {
  for (let i = before.length - 1; i >= 0; --i) {
    const st = before[i];
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    for (let j = i + 1; before[j]?.type === 'space'; j++) offset += before[j].source.length;
    break;
  }
  return offset;
}

export function tok(type: TokType, offset: number, source: string, indent: number): Tok {
  return { type, offset, source, indent };
}
