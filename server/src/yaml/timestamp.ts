// A `!!timestamp` that is no time. The yaml library refuses it while it
// composes the document ("!!timestamp expects a date, starting with
// yyyy-mm-dd", on the tag); goyaml parses it as a string and refuses it when
// it decodes the node, in the words kustomize prints:
// "yaml: cannot decode !!str `not-a-date` as a !!timestamp".
import type { YAMLError } from 'yaml';

/** Whether the library's error is its refusal of a `!!timestamp` value (the decoders say it in goyaml's words). */
export function isTimestampRefusal(e: Pick<YAMLError, 'code' | 'message'>): boolean {
  return e.code === 'TAG_RESOLVE_FAILED' && e.message.startsWith('!!timestamp expects a date');
}

/** goyaml's words for a `!!timestamp` scalar whose text is `source`. */
export function timestampMessage(source: string): string {
  return `cannot decode !!str \`${source}\` as a !!timestamp`;
}
