// A string that keeps only itself alive. V8 makes a slice of a long string a
// view of it, which keeps the whole string alive as long as the slice: a
// chunk of a file kept after an edit (the parse cache's, the engine's
// decoder's) would keep that version's whole text. Concatenated, the string
// is copied into a new one when sliced, and the slice is a view of that copy.
export function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}
