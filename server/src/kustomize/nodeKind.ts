// kyaml's ErrorIfInvalid: the error of a node that is not of the kind a
// filter expects, in its words, with the node as rn.String() writes it.
import { KustomizeError } from './errors';
import { isObj, type Value } from './values';
import { emitYamlV2 } from './yaml/emit';

export function nodeKindName(v: Value | undefined): 'SequenceNode' | 'MappingNode' | 'ScalarNode' {
  return Array.isArray(v) ? 'SequenceNode' : isObj(v) ? 'MappingNode' : 'ScalarNode';
}

/** `wrong node kind: expected <want> but got <kind>: node contents:\n<node>` (rn.String() is go-yaml v3's: no `...` after a scalar). */
export function wrongNodeKind(want: string, v: Value, file: string): KustomizeError {
  const text = emitYamlV2(v).replace(/\n(?:\.\.\.\n)?$/, '');
  return new KustomizeError(`wrong node kind: expected ${want} but got ${nodeKindName(v)}: node contents:\n${text}`, file);
}
