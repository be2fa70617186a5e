// kyaml keeps each node's style, and a scalar written over an existing one
// takes its style (merge2's SetStyle in strategic-merge patches, FieldSetter
// in the replicas transformer): a number or bool written where a quoted or
// block-scalar string was is printed quoted, a string in kustomize's output
// (`targetPort: "http"` patched with 8443 renders `targetPort: "8443"`).
import { isStyled, type Obj } from './values';
import { resolvePlainV3 } from './yaml/decode';
import { writtenPlainV3 } from './yaml/emit';

/**
 * Whether the string at container[key] is a quoted or block node in kustomize
 * now: as the decoder read it (values.ts markStyled), or, after a JSON 6902
 * patch (`jsonStyled`), as goyaml.v3's encoder wrote it, since kyaml rebuilt
 * the object from a map then (RNode.UnmarshalJSON: FromMap, encode and parse).
 */
export function styledNow(container: Obj, key: string, jsonStyled: boolean): boolean {
  const v = container[key];
  if (typeof v !== 'string') return false;
  return jsonStyled ? !writtenPlainV3(v, resolvePlainV3) : isStyled(container, key);
}
