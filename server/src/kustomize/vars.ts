// `vars` (deprecated, kustomize's types.Var and the accumulator's var set):
// a name bound to a field of one resource; $(NAME) in the config's
// varReference fields is replaced by its value once the build is done.
import type { Origin } from './model';

export interface VarDef {
  name: string;
  /** objref, defaulted as kustomize does (apiVersion split into group/version). */
  group: string;
  version: string;
  kind: string;
  objName: string;
  objNamespace: string;
  fieldPath: string;
  origin: Origin;
}
