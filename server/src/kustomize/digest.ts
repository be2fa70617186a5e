// SHA-256 of a text, as lowercase hex, without node:crypto, which loads fifteen
// of Node's own modules (keys, ciphers, X.509…) for the one hash a generated
// ConfigMap or Secret needs (its name suffix, transformers/hash.ts).
// @noble/hashes is audited and dependency-free. Measured (callgrind, 3
// or 4 alternating runs each, 2026-12-05): a render of the platform's production overlay
// 445-457M -> 435-444M instructions; of one with a hashed generator 200-214M ->
// 192-194M; node:crypto required on first use instead: 437-441M and 223-225M
// (the module then compiles from source: thebot.js changes a V8 flag first).
// The bytes come from Buffer: the library's utf8ToBytes uses TextEncoder, a
// built-in loaded on first use.
import { sha256 } from '@noble/hashes/sha2.js';

export function sha256Hex(text: string): string {
  return Buffer.from(sha256(Buffer.from(text, 'utf8'))).toString('hex');
}
