// esbuild gives every module that imports a CommonJS library its own copy of
// that library's exports (__toESM: a getter defined per name): 28 copies of
// yaml's in the server's bundle, three of vscode-languageserver's 700 names,
// all made when the bundle loads. One copy per library serves them all:
// esbuild.mjs wraps the helper in each bundle to keep the first copy for each
// library (made again if the library's exports have grown since, as they may
// while circular requires load). Measured (code-server's Node 24.21, the
// server with its flags and code cache setting up its connection and exiting,
// valgrind --tool=callgrind, alternating): 206-214M instructions -> 195-203M
// (4 rounds), the .vsix's fully minified bundle 202-210M -> 194-204M (6
// rounds). Tested by test/scripts/bundle-to-esm.test.ts.

/**
 * esbuild's helper as it defines it, minified or not: `var NAME = (mod,
 * isNodeMode, target) => (target = mod != null ? …`, the parameters renamed by
 * a full minification (the .vsix), then `.__esModule` and a "default" export.
 */
const TO_ESM = /var ([\w$]+) ?= ?\(([\w$]+), ?([\w$]+), ?([\w$]+)\) ?=> ?\(\4 ?= ?\2 ?!= ?null ?\?/g;
const isHelper = (text, m) => {
  const body = text.slice(m.index, m.index + 800);
  return body.includes('.__esModule') && /"default", ?\{ ?value: ?[\w$]+, ?enumerable: ?(true|!0) ?\}/.test(body);
};

/** The wrapper for a helper called `name`, defined before it (renamed `name$copy`), which it calls at run time. */
export function toEsmOnceWrapper(name) {
  return (
    `var ${name}$copies=new WeakMap(),${name}=(mod,isNodeMode)=>{` +
    `if(mod==null||typeof mod!=="object"&&typeof mod!=="function")return ${name}$copy(mod,isNodeMode);` +
    'const n=Object.getOwnPropertyNames(mod).length,key=isNodeMode?"node":"esm";' +
    `let m=${name}$copies.get(mod);if(!m)${name}$copies.set(mod,m={});` +
    'const c=m[key];if(c&&c.n===n)return c.ns;' +
    `const ns=${name}$copy(mod,isNodeMode);m[key]={ns,n};return ns};`
  );
}

/**
 * A bundle's text with esbuild's __toESM wrapped (unchanged when it defines
 * no such helper). Throws when an unminified bundle calls `__toESM` but does
 * not define it where this expects, or when the names it adds are taken: the
 * build stops rather than ship a bundle half changed.
 */
export function toEsmOnce(text, file) {
  const m = [...text.matchAll(TO_ESM)].find((x) => isHelper(text, x));
  if (!m) {
    if (text.includes('__toESM(')) throw new Error(`${file}: esbuild's __toESM helper is not where this build expects it`);
    return text;
  }
  const name = m[1];
  if (text.includes(`${name}$copy`)) throw new Error(`${file}: ${name}$copy is already a name in this bundle`);
  const at = m.index + 'var '.length;
  return text.slice(0, m.index) + toEsmOnceWrapper(name) + (text[m.index - 1] === '\n' || m.index === 0 ? '\n' : '') + 'var ' + name + '$copy' + text.slice(at + name.length);
}
