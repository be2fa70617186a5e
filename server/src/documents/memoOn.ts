// Memos kept on the object they are made from (a parsed Document, a rule's
// pod template), where a WeakMap keyed by that object would do the same.
//
// A WeakMap that has lived through a garbage collection is in V8's old
// generation, and the scavenger (the young-generation collection) keeps the
// VALUE of each of its entries alive even when the key died: only a full
// collection drops it. The keys here are made per edit (the edited
// document's Document, each analysis's pod templates), and their values hold
// a large part of that edit's work (a document's JavaScript value, a
// template's containers and through them the rendered objects): each
// scavenge after publishing diagnostics copied the renders of the last
// edits since the previous one, and promoted them to the old generation
// (about 3 MiB per scavenge on the platform's edits, most of its pause).
// A property of the key dies with the key.

const MEMOS = Symbol('memos');

interface Holder {
  [MEMOS]?: Map<object, unknown>;
}

/** The memo `owner` keeps on `key` (undefined when none). */
export function memoOn<T>(key: object, owner: object): T | undefined {
  return (key as Holder)[MEMOS]?.get(owner) as T | undefined;
}

/** Keeps `value` on `key` for `owner` (each owner has its own slot). */
export function setMemoOn<T>(key: object, owner: object, value: T): T {
  let m = (key as Holder)[MEMOS];
  if (!m) {
    m = new Map();
    // Not enumerable: invisible to Object.keys, spread, JSON and node's deepStrictEqual.
    Object.defineProperty(key, MEMOS, { value: m, writable: true, configurable: true, enumerable: false });
  }
  m.set(owner, value);
  return value;
}
