// The yaml library's nodes for the fast parser, made without the library's
// constructors. Each of those defines the node's type on the node itself
// (`Object.defineProperty(this, NODE_TYPE, …)`, a slow path in V8 for every
// scalar, pair and collection); here the type sits on a prototype between the
// node and the library's class, where the library's guards (`isScalar`, …)
// find it as they read `node[NODE_TYPE]`. The nodes are otherwise the
// library's: the same own properties, `instanceof` and `constructor` the
// library's class, its methods (clone keeps the prototype).
import { Pair, Scalar, YAMLMap, YAMLSeq, type Schema } from 'yaml';

const NODE_TYPE = Symbol.for('yaml.node.type');

/** A prototype under `cls.prototype` that carries the node type the library's constructor would define on each node. */
function protoOf(cls: { prototype: object }, type: symbol): object {
  return Object.create(cls.prototype, {
    [NODE_TYPE]: { value: type },
    constructor: { value: cls, writable: true, configurable: true },
  }) as object;
}

interface FastScalarCtor {
  new (value: unknown): Scalar;
}
interface FastPairCtor {
  new (key: unknown, value: unknown): Pair;
}
interface FastCollectionCtor<T> {
  new (schema: Schema): T;
}

const FastScalar = function (this: { value: unknown }, value: unknown) {
  this.value = value;
} as unknown as FastScalarCtor;
FastScalar.prototype = protoOf(Scalar, Symbol.for('yaml.scalar')) as Scalar;

const FastPair = function (this: { key: unknown; value: unknown }, key: unknown, value: unknown) {
  this.key = key;
  this.value = value;
} as unknown as FastPairCtor;
FastPair.prototype = protoOf(Pair, Symbol.for('yaml.pair')) as Pair;

/** A collection class's constructor as the library's (`schema` non-enumerable and writable, then `items`), without the type on each node. */
function collectionCtor<T>(cls: { prototype: object }, type: symbol): FastCollectionCtor<T> {
  const ctor = function (this: { items: unknown[] }, schema: Schema) {
    Object.defineProperty(this, 'schema', { value: schema, configurable: true, enumerable: false, writable: true });
    this.items = [];
  } as unknown as FastCollectionCtor<T>;
  ctor.prototype = protoOf(cls, type) as T;
  return ctor;
}
const FastMap = collectionCtor<YAMLMap>(YAMLMap, Symbol.for('yaml.map'));
const FastSeq = collectionCtor<YAMLSeq>(YAMLSeq, Symbol.for('yaml.seq'));

export const newScalar = (value: unknown): Scalar => new FastScalar(value);
export const newPair = <K, V>(key: K, value: V): Pair<K, V> => new FastPair(key, value) as Pair<K, V>;
export const newMap = (schema: Schema): YAMLMap => new FastMap(schema);
export const newSeq = (schema: Schema): YAMLSeq => new FastSeq(schema);
