// The yaml library's node type guards as plain functions. The bundles are
// CommonJS and so is the library: esbuild turns `import { isMap } from
// 'yaml'` into a read through a getter it defines on the module's namespace
// object (__toESM), on every call. The guards run for every node the engine
// decodes and every source node a rule looks at: read once here, they are
// direct calls (that the compiler can inline).
import * as yaml from 'yaml';

export const isAlias = yaml.isAlias;
export const isMap = yaml.isMap;
export const isNode = yaml.isNode;
export const isPair = yaml.isPair;
export const isScalar = yaml.isScalar;
export const isSeq = yaml.isSeq;
