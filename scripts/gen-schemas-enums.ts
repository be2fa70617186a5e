// Enum values for the Kubernetes schemas. The 1.34 OpenAPI spec carries no
// `enum` (upstream stopped emitting them), but the Go API types still mark
// closed string sets with `// +enum`. This reads k8s.io/api's Go source:
// enum types and their constants, then struct fields typed with them, and
// returns "definition name → json field → values" for the OpenAPI converter.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** e.g. 'io.k8s.api.core.v1.Container' → { imagePullPolicy: { values: [...], list: false } } */
export type EnumTable = Map<string, Map<string, { values: string[]; list: boolean }>>;

interface GoFile {
  pkg: string; // import path, e.g. k8s.io/api/core/v1
  text: string;
  imports: Map<string, string>; // alias → import path
}

export function extractEnums(apiModuleDir: string): EnumTable {
  const files = goFiles(apiModuleDir);
  // Enum types per package: "k8s.io/api/core/v1.PullPolicy" → values.
  const enumTypes = new Map<string, Set<string>>();
  for (const f of files) {
    const lines = f.text.split('\n');
    lines.forEach((line, i) => {
      const m = /^type (\w+) string\s*$/.exec(line);
      if (!m) return;
      for (let j = i - 1; j >= 0 && lines[j].startsWith('//'); j--) {
        if (/^\/\/\s*\+enum\s*$/.test(lines[j])) enumTypes.set(`${f.pkg}.${m[1]}`, new Set());
      }
    });
  }
  for (const f of files) {
    // `Name Type = "value"` inside const blocks or single-line `const` declarations.
    for (const m of f.text.matchAll(/^\s*(?:const\s+)?\w+\s+(\w+)\s*=\s*"([^"]*)"/gm)) {
      enumTypes.get(`${f.pkg}.${m[1]}`)?.add(m[2]);
    }
  }
  const table: EnumTable = new Map();
  for (const f of files) {
    for (const s of f.text.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields = new Map<string, { values: string[]; list: boolean }>();
      for (const m of s[2].matchAll(/^\s*\w+\s+([*\[\]\w.]+)\s+`json:"([^,"]+)/gm)) {
        const goType = m[1];
        const list = goType.startsWith('[]');
        const bare = goType.replace(/^[*\[\]]+/, '');
        const dot = bare.indexOf('.');
        const key = dot < 0 ? `${f.pkg}.${bare}` : `${f.imports.get(bare.slice(0, dot)) ?? '?'}.${bare.slice(dot + 1)}`;
        const values = enumTypes.get(key);
        if (values && values.size > 0) fields.set(m[2], { values: [...values].sort(), list });
      }
      if (fields.size > 0) table.set(definitionName(f.pkg, s[1]), fields);
    }
  }
  return table;
}

/** k8s.io/api/apps/v1 + Deployment → io.k8s.api.apps.v1.Deployment (the OpenAPI definition name). */
function definitionName(pkg: string, type: string): string {
  return `io.k8s.api.${pkg.replace(/^k8s\.io\/api\//, '').replace(/\//g, '.')}.${type}`;
}

function goFiles(root: string): GoFile[] {
  const out: GoFile[] = [];
  (function walk(dir: string) {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.go') && !name.endsWith('_test.go') && !name.startsWith('zz_generated') && !name.includes('generated.pb')) {
        const text = readFileSync(p, 'utf8');
        out.push({ pkg: `k8s.io/api/${relative(root, dir)}`, text, imports: imports(text) });
      }
    }
  })(root);
  return out;
}

function imports(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const block = /^import \(([\s\S]*?)^\)/m.exec(text)?.[1] ?? '';
  const singles = [...text.matchAll(/^import\s+((?:\w+\s+)?"[^"]+")/gm)].map((m) => m[1]);
  for (const line of [...block.split('\n'), ...singles]) {
    const m = /^\s*(?:(\w+)\s+)?"([^"]+)"/.exec(line);
    if (m) map.set(m[1] ?? m[2].split('/').pop()!, m[2]);
  }
  return map;
}
