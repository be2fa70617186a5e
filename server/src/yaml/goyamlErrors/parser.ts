// A port of go-yaml's parser (parserc.go of gopkg.in/yaml.v3 v3.0.1; v2.4.0's
// is the same but for comments), used only to word YAML syntax errors the way
// kustomize prints them. parserc.go is Copyright (c) 2011-2019 Canonical Ltd,
// Copyright (c) 2006-2010 Kirill Simonov, under the MIT license (go-yaml's
// LICENSE; its NOTICE puts the rest of the package under the Apache License
// 2.0).
//
// The state machine is go-yaml's, state for state; events carry only their
// type (nothing here builds nodes). Comment events and the stem-comment split
// (v3) are not ported: they never fail and, but for the split's one token of
// look-ahead after a commented sequence entry, never read further.
import { Scanner, Stop, T, type Mark, type Token } from './scanner';

export const E = {
  STREAM_START: 1,
  STREAM_END: 2,
  DOCUMENT_START: 3,
  DOCUMENT_END: 4,
  ALIAS: 5,
  SCALAR: 6,
  SEQUENCE_START: 7,
  SEQUENCE_END: 8,
  MAPPING_START: 9,
  MAPPING_END: 10,
} as const;
export type EventType = (typeof E)[keyof typeof E];

const enum S {
  STREAM_START,
  IMPLICIT_DOCUMENT_START,
  DOCUMENT_START,
  DOCUMENT_CONTENT,
  DOCUMENT_END,
  BLOCK_NODE,
  BLOCK_NODE_OR_INDENTLESS_SEQUENCE,
  FLOW_NODE,
  BLOCK_SEQUENCE_FIRST_ENTRY,
  BLOCK_SEQUENCE_ENTRY,
  INDENTLESS_SEQUENCE_ENTRY,
  BLOCK_MAPPING_FIRST_KEY,
  BLOCK_MAPPING_KEY,
  BLOCK_MAPPING_VALUE,
  FLOW_SEQUENCE_FIRST_ENTRY,
  FLOW_SEQUENCE_ENTRY,
  FLOW_SEQUENCE_ENTRY_MAPPING_KEY,
  FLOW_SEQUENCE_ENTRY_MAPPING_VALUE,
  FLOW_SEQUENCE_ENTRY_MAPPING_END,
  FLOW_MAPPING_FIRST_KEY,
  FLOW_MAPPING_KEY,
  FLOW_MAPPING_VALUE,
  FLOW_MAPPING_EMPTY_VALUE,
  END,
}

const DEFAULT_TAG_DIRECTIVES: [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

export class Parser {
  private state: S = S.STREAM_START;
  private states: S[] = [];
  private marks: Mark[] = [];
  private tagDirectives: [string, string][] = [];

  constructor(readonly scanner: Scanner) {}

  /** yaml_parser_parse: the next event's type, or undefined after the end; throws Stop with scanner.error set. */
  next(): EventType | undefined {
    const sc = this.scanner;
    if (sc.streamEndProduced || sc.error || this.state === S.END) return undefined;
    return this.stateMachine();
  }

  private peek(): Token {
    const sc = this.scanner;
    if (!sc.tokenAvailable) sc.fetchMoreTokens();
    return sc.tokens[sc.tokensHead]!;
  }

  private skipToken(): void {
    const sc = this.scanner;
    sc.tokenAvailable = false;
    sc.tokensParsed++;
    sc.streamEndProduced = sc.tokens[sc.tokensHead]!.type === T.STREAM_END;
    sc.tokensHead++;
  }

  private fail(problem: string, problemMark: Mark, context = '', contextMark: Mark = { index: 0, line: 0, column: 0 }): never {
    this.scanner.error = { kind: 'parser', context, contextMark, problem, problemMark };
    throw new Stop();
  }

  private pop(): void {
    this.state = this.states.pop()!;
  }

  private stateMachine(): EventType {
    switch (this.state) {
      case S.STREAM_START:
        return this.streamStart();
      case S.IMPLICIT_DOCUMENT_START:
        return this.documentStart(true);
      case S.DOCUMENT_START:
        return this.documentStart(false);
      case S.DOCUMENT_CONTENT:
        return this.documentContent();
      case S.DOCUMENT_END:
        return this.documentEnd();
      case S.BLOCK_NODE:
        return this.node(true, false);
      case S.BLOCK_NODE_OR_INDENTLESS_SEQUENCE:
        return this.node(true, true);
      case S.FLOW_NODE:
        return this.node(false, false);
      case S.BLOCK_SEQUENCE_FIRST_ENTRY:
        return this.blockSequenceEntry(true);
      case S.BLOCK_SEQUENCE_ENTRY:
        return this.blockSequenceEntry(false);
      case S.INDENTLESS_SEQUENCE_ENTRY:
        return this.indentlessSequenceEntry();
      case S.BLOCK_MAPPING_FIRST_KEY:
        return this.blockMappingKey(true);
      case S.BLOCK_MAPPING_KEY:
        return this.blockMappingKey(false);
      case S.BLOCK_MAPPING_VALUE:
        return this.blockMappingValue();
      case S.FLOW_SEQUENCE_FIRST_ENTRY:
        return this.flowSequenceEntry(true);
      case S.FLOW_SEQUENCE_ENTRY:
        return this.flowSequenceEntry(false);
      case S.FLOW_SEQUENCE_ENTRY_MAPPING_KEY:
        return this.flowSequenceEntryMappingKey();
      case S.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE:
        return this.flowSequenceEntryMappingValue();
      case S.FLOW_SEQUENCE_ENTRY_MAPPING_END:
        this.peek();
        this.state = S.FLOW_SEQUENCE_ENTRY;
        return E.MAPPING_END;
      case S.FLOW_MAPPING_FIRST_KEY:
        return this.flowMappingKey(true);
      case S.FLOW_MAPPING_KEY:
        return this.flowMappingKey(false);
      case S.FLOW_MAPPING_VALUE:
        return this.flowMappingValue(false);
      case S.FLOW_MAPPING_EMPTY_VALUE:
        return this.flowMappingValue(true);
      case S.END:
        throw new Error('invalid parser state');
    }
  }

  private streamStart(): EventType {
    const token = this.peek();
    if (token.type !== T.STREAM_START) this.fail('did not find expected <stream-start>', token.start);
    this.state = S.IMPLICIT_DOCUMENT_START;
    this.skipToken();
    return E.STREAM_START;
  }

  private documentStart(implicit: boolean): EventType {
    let token = this.peek();
    if (!implicit) {
      while (token.type === T.DOCUMENT_END) {
        this.skipToken();
        token = this.peek();
      }
    }
    if (implicit && token.type !== T.VERSION_DIRECTIVE && token.type !== T.TAG_DIRECTIVE && token.type !== T.DOCUMENT_START && token.type !== T.STREAM_END) {
      this.processDirectives();
      this.states.push(S.DOCUMENT_END);
      this.state = S.BLOCK_NODE;
      return E.DOCUMENT_START;
    }
    if (token.type !== T.STREAM_END) {
      this.processDirectives();
      token = this.peek();
      if (token.type !== T.DOCUMENT_START) this.fail('did not find expected <document start>', token.start);
      this.states.push(S.DOCUMENT_END);
      this.state = S.DOCUMENT_CONTENT;
      this.skipToken();
      return E.DOCUMENT_START;
    }
    this.state = S.END;
    this.skipToken();
    return E.STREAM_END;
  }

  private documentContent(): EventType {
    const token = this.peek();
    if (
      token.type === T.VERSION_DIRECTIVE ||
      token.type === T.TAG_DIRECTIVE ||
      token.type === T.DOCUMENT_START ||
      token.type === T.DOCUMENT_END ||
      token.type === T.STREAM_END
    ) {
      this.pop();
      return E.SCALAR;
    }
    return this.node(true, false);
  }

  private documentEnd(): EventType {
    const token = this.peek();
    if (token.type === T.DOCUMENT_END) this.skipToken();
    this.tagDirectives = [];
    this.state = S.DOCUMENT_START;
    return E.DOCUMENT_END;
  }

  private node(block: boolean, indentlessSequence: boolean): EventType {
    let token = this.peek();
    if (token.type === T.ALIAS) {
      this.pop();
      this.skipToken();
      return E.ALIAS;
    }
    let start = token.start;
    let anchor = false;
    let tagToken = false;
    let tagHandle = '';
    let tagSuffix = '';
    let tagMark = token.start;
    if (token.type === T.ANCHOR) {
      anchor = (token.value ?? '').length > 0;
      start = token.start;
      this.skipToken();
      token = this.peek();
      if (token.type === T.TAG) {
        tagToken = true;
        tagHandle = token.value ?? '';
        tagSuffix = token.suffix ?? '';
        tagMark = token.start;
        this.skipToken();
        token = this.peek();
      }
    } else if (token.type === T.TAG) {
      tagToken = true;
      tagHandle = token.value ?? '';
      tagSuffix = token.suffix ?? '';
      start = token.start;
      tagMark = token.start;
      this.skipToken();
      token = this.peek();
      if (token.type === T.ANCHOR) {
        anchor = (token.value ?? '').length > 0;
        this.skipToken();
        token = this.peek();
      }
    }
    let tag = '';
    if (tagToken) {
      if (tagHandle.length === 0) tag = tagSuffix;
      else {
        const d = this.tagDirectives.find(([h]) => h === tagHandle);
        if (d) tag = d[1] + tagSuffix;
        if (tag.length === 0) this.fail('found undefined tag handle', tagMark, 'while parsing a node', start);
      }
    }
    if (indentlessSequence && token.type === T.BLOCK_ENTRY) {
      this.state = S.INDENTLESS_SEQUENCE_ENTRY;
      return E.SEQUENCE_START;
    }
    if (token.type === T.SCALAR) {
      this.pop();
      this.skipToken();
      return E.SCALAR;
    }
    if (token.type === T.FLOW_SEQUENCE_START) {
      this.state = S.FLOW_SEQUENCE_FIRST_ENTRY;
      return E.SEQUENCE_START;
    }
    if (token.type === T.FLOW_MAPPING_START) {
      this.state = S.FLOW_MAPPING_FIRST_KEY;
      return E.MAPPING_START;
    }
    if (block && token.type === T.BLOCK_SEQUENCE_START) {
      this.state = S.BLOCK_SEQUENCE_FIRST_ENTRY;
      return E.SEQUENCE_START;
    }
    if (block && token.type === T.BLOCK_MAPPING_START) {
      this.state = S.BLOCK_MAPPING_FIRST_KEY;
      return E.MAPPING_START;
    }
    if (anchor || tag.length > 0) {
      this.pop();
      return E.SCALAR;
    }
    return this.fail('did not find expected node content', token.start, block ? 'while parsing a block node' : 'while parsing a flow node', start);
  }

  private blockSequenceEntry(first: boolean): EventType {
    if (first) {
      this.marks.push(this.peek().start);
      this.skipToken();
    }
    let token = this.peek();
    if (token.type === T.BLOCK_ENTRY) {
      this.skipToken();
      token = this.peek();
      if (token.type !== T.BLOCK_ENTRY && token.type !== T.BLOCK_END) {
        this.states.push(S.BLOCK_SEQUENCE_ENTRY);
        return this.node(true, false);
      }
      this.state = S.BLOCK_SEQUENCE_ENTRY;
      return E.SCALAR;
    }
    if (token.type === T.BLOCK_END) {
      this.pop();
      this.marks.pop();
      this.skipToken();
      return E.SEQUENCE_END;
    }
    const context = this.marks.pop()!;
    return this.fail("did not find expected '-' indicator", token.start, 'while parsing a block collection', context);
  }

  private indentlessSequenceEntry(): EventType {
    let token = this.peek();
    if (token.type === T.BLOCK_ENTRY) {
      this.skipToken();
      token = this.peek();
      if (token.type !== T.BLOCK_ENTRY && token.type !== T.KEY && token.type !== T.VALUE && token.type !== T.BLOCK_END) {
        this.states.push(S.INDENTLESS_SEQUENCE_ENTRY);
        return this.node(true, false);
      }
      this.state = S.INDENTLESS_SEQUENCE_ENTRY;
      return E.SCALAR;
    }
    this.pop();
    return E.SEQUENCE_END;
  }

  private blockMappingKey(first: boolean): EventType {
    if (first) {
      this.marks.push(this.peek().start);
      this.skipToken();
    }
    let token = this.peek();
    if (token.type === T.KEY) {
      this.skipToken();
      token = this.peek();
      if (token.type !== T.KEY && token.type !== T.VALUE && token.type !== T.BLOCK_END) {
        this.states.push(S.BLOCK_MAPPING_VALUE);
        return this.node(true, true);
      }
      this.state = S.BLOCK_MAPPING_VALUE;
      return E.SCALAR;
    }
    if (token.type === T.BLOCK_END) {
      this.pop();
      this.marks.pop();
      this.skipToken();
      return E.MAPPING_END;
    }
    const context = this.marks.pop()!;
    return this.fail('did not find expected key', token.start, 'while parsing a block mapping', context);
  }

  private blockMappingValue(): EventType {
    let token = this.peek();
    if (token.type === T.VALUE) {
      this.skipToken();
      token = this.peek();
      if (token.type !== T.KEY && token.type !== T.VALUE && token.type !== T.BLOCK_END) {
        this.states.push(S.BLOCK_MAPPING_KEY);
        return this.node(true, true);
      }
    }
    this.state = S.BLOCK_MAPPING_KEY;
    return E.SCALAR;
  }

  private flowSequenceEntry(first: boolean): EventType {
    if (first) {
      this.marks.push(this.peek().start);
      this.skipToken();
    }
    let token = this.peek();
    if (token.type !== T.FLOW_SEQUENCE_END) {
      if (!first) {
        if (token.type === T.FLOW_ENTRY) {
          this.skipToken();
          token = this.peek();
        } else {
          const context = this.marks.pop()!;
          this.fail("did not find expected ',' or ']'", token.start, 'while parsing a flow sequence', context);
        }
      }
      if (token.type === T.KEY) {
        this.state = S.FLOW_SEQUENCE_ENTRY_MAPPING_KEY;
        this.skipToken();
        return E.MAPPING_START;
      }
      if (token.type !== T.FLOW_SEQUENCE_END) {
        this.states.push(S.FLOW_SEQUENCE_ENTRY);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.skipToken();
    return E.SEQUENCE_END;
  }

  private flowSequenceEntryMappingKey(): EventType {
    const token = this.peek();
    if (token.type !== T.VALUE && token.type !== T.FLOW_ENTRY && token.type !== T.FLOW_SEQUENCE_END) {
      this.states.push(S.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE);
      return this.node(false, false);
    }
    // go-yaml skips the token here, whatever it is (parserc.go does the same).
    this.skipToken();
    this.state = S.FLOW_SEQUENCE_ENTRY_MAPPING_VALUE;
    return E.SCALAR;
  }

  private flowSequenceEntryMappingValue(): EventType {
    const token = this.peek();
    if (token.type === T.VALUE) {
      this.skipToken();
      const next = this.peek();
      if (next.type !== T.FLOW_ENTRY && next.type !== T.FLOW_SEQUENCE_END) {
        this.states.push(S.FLOW_SEQUENCE_ENTRY_MAPPING_END);
        return this.node(false, false);
      }
    }
    this.state = S.FLOW_SEQUENCE_ENTRY_MAPPING_END;
    return E.SCALAR;
  }

  private flowMappingKey(first: boolean): EventType {
    if (first) {
      this.marks.push(this.peek().start);
      this.skipToken();
    }
    let token = this.peek();
    if (token.type !== T.FLOW_MAPPING_END) {
      if (!first) {
        if (token.type === T.FLOW_ENTRY) {
          this.skipToken();
          token = this.peek();
        } else {
          const context = this.marks.pop()!;
          this.fail("did not find expected ',' or '}'", token.start, 'while parsing a flow mapping', context);
        }
      }
      if (token.type === T.KEY) {
        this.skipToken();
        token = this.peek();
        if (token.type !== T.VALUE && token.type !== T.FLOW_ENTRY && token.type !== T.FLOW_MAPPING_END) {
          this.states.push(S.FLOW_MAPPING_VALUE);
          return this.node(false, false);
        }
        this.state = S.FLOW_MAPPING_VALUE;
        return E.SCALAR;
      }
      if (token.type !== T.FLOW_MAPPING_END) {
        this.states.push(S.FLOW_MAPPING_EMPTY_VALUE);
        return this.node(false, false);
      }
    }
    this.pop();
    this.marks.pop();
    this.skipToken();
    return E.MAPPING_END;
  }

  private flowMappingValue(empty: boolean): EventType {
    let token = this.peek();
    if (empty) {
      this.state = S.FLOW_MAPPING_KEY;
      return E.SCALAR;
    }
    if (token.type === T.VALUE) {
      this.skipToken();
      token = this.peek();
      if (token.type !== T.FLOW_ENTRY && token.type !== T.FLOW_MAPPING_END) {
        this.states.push(S.FLOW_MAPPING_KEY);
        return this.node(false, false);
      }
    }
    this.state = S.FLOW_MAPPING_KEY;
    return E.SCALAR;
  }

  private processDirectives(): void {
    let version = false;
    let token = this.peek();
    while (token.type === T.VERSION_DIRECTIVE || token.type === T.TAG_DIRECTIVE) {
      if (token.type === T.VERSION_DIRECTIVE) {
        if (version) this.fail('found duplicate %YAML directive', token.start);
        if (token.major !== 1 || token.minor !== 1) this.fail('found incompatible YAML document', token.start);
        version = true;
      } else {
        this.appendTagDirective(token.value ?? '', token.prefix ?? '', false, token.start);
      }
      this.skipToken();
      token = this.peek();
    }
    for (const [handle, prefix] of DEFAULT_TAG_DIRECTIVES) this.appendTagDirective(handle, prefix, true, token.start);
  }

  private appendTagDirective(handle: string, prefix: string, allowDuplicates: boolean, mark: Mark): void {
    if (this.tagDirectives.some(([h]) => h === handle)) {
      if (allowDuplicates) return;
      this.fail('found duplicate %TAG directive', mark);
    }
    this.tagDirectives.push([handle, prefix]);
  }
}
