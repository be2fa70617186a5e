// The build wraps esbuild's __toESM in every bundle (scripts/bundle-to-esm.mjs)
// so that the modules importing one CommonJS library share one copy of its
// exports instead of making one each when the bundle loads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { repoRoot } from '../server/lspClient';
const { toEsmOnce } = require('../../scripts/bundle-to-esm.mjs') as { toEsmOnce: (text: string, file: string) => string };

/** esbuild's helpers as it writes them in an unminified bundle, and two modules importing the same library. */
const BUNDLE = `var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
copies = 0;
var __copyCount = __copyProps; __copyProps = (to, from) => (copies++, __copyCount(to, from));
var lib = { parse: () => "parsed", count: 1 };
var a = __toESM(lib);
var b = __toESM(lib);
lib.later = 2;
var c = __toESM(lib);
var d = __toESM(lib);
var nodeMode = __toESM(lib, 1);
var none = __toESM(undefined);
`;

test('the modules of a bundle importing one CommonJS library share one copy of its exports, made again when they grew', () => {
  const sandbox: Record<string, unknown> = {};
  runInNewContext(toEsmOnce(BUNDLE, 'bundle.js'), sandbox);
  const { a, b, c, d, nodeMode, none } = sandbox as Record<string, Record<string, unknown>>;
  assert.equal(a, b, 'the second importer gets the first copy');
  assert.equal((a.parse as () => string)(), 'parsed');
  assert.equal(a.default, (sandbox as { lib: unknown }).lib, 'a CommonJS module is its own default export');
  assert.notEqual(c, a, 'exports that grew since are copied again');
  assert.equal(c.later, 2);
  assert.equal(d, c);
  assert.notEqual(nodeMode, a, 'a Node-mode importer gets its own copy (its default export differs for __esModule libraries)');
  assert.deepEqual(Object.keys(none!), ['default']);
  assert.equal(sandbox.copies, 4, 'copies made: the first, after the exports grew, the Node-mode one, undefined');
});

test('a bundle without the helper is left as it is; one that calls it but defines it otherwise stops the build', () => {
  assert.equal(toEsmOnce('var x = 1;\n', 'plain.js'), 'var x = 1;\n');
  assert.throws(() => toEsmOnce('var toESM2 = (m) => m;\nvar y = __toESM(require_x());\n', 'odd.js'), /^Error: odd\.js: esbuild's __toESM helper is not where this build expects it$/);
});

test('a fully minified bundle (the .vsix) gets the wrapper under the helper\'s minified name', () => {
  const minified =
    'var a=Object.create,b=Object.defineProperty,g=Object.getOwnPropertyNames,h=Object.getPrototypeOf,o=Object.prototype.hasOwnProperty;' +
    'var C=(t,e)=>{for(let k of g(e))o.call(t,k)||b(t,k,{get:()=>e[k],enumerable:!0});return t};' +
    'var Ee=(t,e,n)=>(n=t!=null?a(h(t)):{},C(e||!t||!t.__esModule?b(n,"default",{value:t,enumerable:!0}):n,t));' +
    'var lib={parse:()=>"parsed"},x=Ee(lib),y=Ee(lib);';
  const out = toEsmOnce(minified, 'min.js');
  assert.match(out, /var Ee\$copies=new WeakMap\(\),Ee=\(mod,isNodeMode\)=>\{/);
  assert.match(out, /;var Ee\$copy=\(t,e,n\)=>/);
  const sandbox: Record<string, unknown> = {};
  runInNewContext(out, sandbox);
  assert.equal(sandbox.x, sandbox.y);
  assert.equal((sandbox.x as { parse: () => string }).parse(), 'parsed');
});

test('every bundle that calls __toESM defines the wrapper once, before esbuild\'s helper', () => {
  for (const name of ['server-main.js', 'cli-render.js', 'cli-check.js', 'client-main.js']) {
    const text = readFileSync(join(repoRoot, 'dist', name), 'utf8');
    assert.equal(text.split('var __toESM$copies=').length, 2, name);
    assert.ok(/var __toESM\$copies=[^\n]*?return ns\};\s*var __toESM\$copy ?=/.test(text), `${name}: the wrapper, then esbuild's helper renamed`);
  }
});
