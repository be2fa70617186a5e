// Reads kustomize's built-in field-spec tables (builtinFieldSpecs.ts) without
// a YAML parser: they are lists of flat `key: plain-scalar` maps (nameReference
// entries nest one list, `fieldSpecs`). Every process that renders needs them
// first, and the general YAML parser, still cold at that point, cost more than
// the rest of a platform render. A test checks this reader against the YAML
// parse of every section; a line of any other shape throws.

type Entry = Record<string, unknown>;

// A plain scalar of the characters the tables use: anything else (quotes,
// flow collections, `#`) would need a real YAML reading.
const V = String.raw`([A-Za-z0-9./\\_\[\]=-]+)`;
const SECTION = /^([A-Za-z]+):$/;
const ENTRY = new RegExp(String.raw`^- ([A-Za-z]+): ${V}$`);
const LIST = /^ {2}([A-Za-z]+):$/;
const FIELD = new RegExp(String.raw`^ {2}([A-Za-z]+): ${V}$`);
const NESTED_ENTRY = new RegExp(String.raw`^ {2}- ([A-Za-z]+): ${V}$`);
const NESTED_FIELD = new RegExp(String.raw`^ {4}([A-Za-z]+): ${V}$`);

function scalar(text: string): string | boolean {
  return text === 'true' ? true : text === 'false' ? false : text;
}

/** Section name → its entries, sections of the same name concatenated (the source repeats some). */
export function readBuiltinTables(text: string): Record<string, Entry[]> {
  const sections: Record<string, Entry[]> = {};
  let section: Entry[] | undefined;
  let entry: Entry | undefined;
  let nested: Entry[] | undefined;
  let nestedEntry: Entry | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let m: RegExpExecArray | null;
    if ((m = SECTION.exec(line))) {
      section = sections[m[1]!] ??= [];
      entry = nested = nestedEntry = undefined;
    } else if (section && (m = ENTRY.exec(line))) {
      section.push((entry = { [m[1]!]: scalar(m[2]!) }));
      nested = nestedEntry = undefined;
    } else if (entry && (m = LIST.exec(line))) {
      entry[m[1]!] = nested = [];
      nestedEntry = undefined;
    } else if (entry && !nested && (m = FIELD.exec(line))) {
      entry[m[1]!] = scalar(m[2]!);
    } else if (nested && (m = NESTED_ENTRY.exec(line))) {
      nested.push((nestedEntry = { [m[1]!]: scalar(m[2]!) }));
    } else if (nestedEntry && (m = NESTED_FIELD.exec(line))) {
      nestedEntry[m[1]!] = scalar(m[2]!);
    } else {
      throw new Error(`built-in field specs: unexpected line ${JSON.stringify(line)}`);
    }
  }
  return sections;
}
