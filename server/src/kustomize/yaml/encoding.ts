// What goyaml's reader refuses before it parses anything (reader.go): bytes
// that are not UTF-8, and raw control characters. kustomize then fails with
// "yaml: invalid leading UTF-8 octet", "yaml: control characters are not
// allowed" …; we say the same, at the offending character.
import type { Range } from '../../findings';
import { ReaderError } from '../errors';

// goyaml accepts TAB, LF, CR, printable ASCII, NEL, U+00A0–U+D7FF, U+E000–U+FFFD and the astral planes.
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]/;

function rangeAt(text: string, index: number): Range {
  let line = 0;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { start: { line, character: index - start }, end: { line, character: index - start + 1 } };
}

/** goyaml's message for the first invalid UTF-8 sequence of `bytes` and its byte offset, or undefined. */
export function utf8Problem(bytes: Uint8Array): { message: string; offset: number } | undefined {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const width = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    if (width === 0) return { message: 'invalid leading UTF-8 octet', offset: i };
    if (i + width > bytes.length) return { message: 'incomplete UTF-8 octet sequence', offset: i };
    let value = width === 1 ? b : width === 2 ? b & 0x1f : width === 3 ? b & 0x0f : b & 0x07;
    for (let k = 1; k < width; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return { message: 'invalid trailing UTF-8 octet', offset: i };
      value = (value << 6) | (c & 0x3f);
    }
    if (!(width === 1 || (width === 2 && value >= 0x80) || (width === 3 && value >= 0x800) || (width === 4 && value >= 0x10000))) {
      return { message: 'invalid length of a UTF-8 sequence', offset: i };
    }
    if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return { message: 'invalid Unicode character', offset: i };
    i += width;
  }
  return undefined;
}

/**
 * goyaml's message for the first invalid UTF-8 sequence of a file whose text
 * is `text`, at the character the sequence decoded to; undefined when the
 * file is valid UTF-8. `bytes` gives the file's bytes, read only when the
 * text has replacement characters (the decoder's sign of invalid UTF-8);
 * undefined for editor buffers. A text opening with a byte order mark was
 * decoded from UTF-16 and is not checked.
 */
export function invalidUtf8(text: string, bytes?: () => Uint8Array | undefined): { message: string; range: Range } | undefined {
  if (!text.includes('\uFFFD') || text.charCodeAt(0) === 0xfeff) return undefined;
  const b = bytes?.();
  const p = b && utf8Problem(b);
  if (!p) return undefined;
  const index = Buffer.from(b.subarray(0, p.offset)).toString('utf8').length;
  return { message: p.message, range: rangeAt(text, index) };
}

/**
 * Throws what goyaml's reader says about this file, if anything. `bytes`
 * gives the file's bytes when its text has replacement characters (the
 * decoder's sign of invalid UTF-8); undefined for editor buffers.
 */
export function checkReadable(text: string, file: string, bytes?: () => Uint8Array | undefined): void {
  const bad = invalidUtf8(text, bytes);
  if (bad) throw new ReaderError(`yaml: ${bad.message}`, file, bad.range);
  const m = CONTROL.exec(text);
  if (m) throw new ReaderError('yaml: control characters are not allowed', file, rangeAt(text, m.index));
}
