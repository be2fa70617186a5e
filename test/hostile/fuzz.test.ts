// A seeded random-edit fuzzer of the real language server over the protocol:
// random edits of a scratch copy of the platform manifests (deletions,
// duplications, garbage, deep nesting, swapped lines), each answered with
// diagnostics for its version within the bound, requests (hover, completion,
// symbols, folding) answered without an error, the process alive and under
// 1 GiB. After the text is restored, the diagnostics equal those of a fresh
// server. Every failure names the seed: THEBOT_FUZZ_SEED=<seed> reproduces
// it (THEBOT_FUZZ_MS sets the editing time, 25 s by default; the whole test
// stays under 60 s).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompletionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol';
import { LspClient, repoRoot, uriOf } from '../server/lspClient';
import { MEMORY_LIMIT_KIB, WALL_DEADLINE_MS, peakRssKiB, withDeadline } from './limits';

const SEED = Number(process.env.THEBOT_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BUDGET_MS = Number(process.env.THEBOT_FUZZ_MS ?? 25_000);
// Wall time per answer: catches a hang, not slowness on a loaded machine.
const ANSWER_MS = 30_000;

// Every environment renders these; each edit re-renders all three.
const FILES = ['base/kustomization.yaml', 'base/06-backend-deployment.yaml', 'base/09-ingress.yaml', 'overlays/production/kustomization.yaml'];

/** mulberry32: small, seeded, good enough to pick edits. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GARBAGE = [':', '- ', '{', '}', '[', ']', '&a ', '*a', '!!', '|', '>', '#', '"', "'", '\t', '\n', '---\n', '? ', '%', '@', '\u00e9', '\ud83d\ude00', '\\', '<<: ', 'null', '~', '0x', 'true'];

/** One random edit of `text`: its description and the new text. */
function edit(text: string, r: () => number): [string, string] {
  const pick = (n: number): number => Math.floor(r() * n);
  const lines = text.split('\n');
  const at = pick(text.length + 1);
  switch (pick(6)) {
    case 0: {
      const len = pick(Math.min(400, text.length - at) + 1);
      return [`delete ${len} at ${at}`, text.slice(0, at) + text.slice(at + len)];
    }
    case 1: {
      const from = pick(lines.length);
      const n = 1 + pick(8);
      const copy = lines.slice(from, from + n);
      return [`duplicate lines ${from}+${n}`, [...lines.slice(0, from + n), ...copy, ...lines.slice(from + n)].join('\n')];
    }
    case 2: {
      let g = '';
      for (let i = 1 + pick(12); i > 0; i--) g += GARBAGE[pick(GARBAGE.length)];
      return [`garbage ${JSON.stringify(g)} at ${at}`, text.slice(0, at) + g + text.slice(at)];
    }
    case 3: {
      const n = 1 + pick(1500);
      const deep = pick(2) ? `x: ${'['.repeat(n)}${']'.repeat(n)}` : Array.from({ length: Math.min(n, 700) }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
      const line = pick(lines.length + 1);
      return [`nesting ${n} at line ${line}`, [...lines.slice(0, line), deep, ...lines.slice(line)].join('\n')];
    }
    case 4: {
      const a = pick(lines.length);
      const b = pick(lines.length);
      const out = [...lines];
      [out[a], out[b]] = [out[b]!, out[a]!];
      return [`swap lines ${a} ${b}`, out.join('\n')];
    }
    default: {
      const line = pick(lines.length);
      const out = [...lines];
      out[line] = ' '.repeat(pick(9)) + out[line]!.trimStart();
      return [`reindent line ${line}`, out.join('\n')];
    }
  }
}

const shown = (p: PublishDiagnosticsParams): string[] =>
  p.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${d.message}`);

test(`fuzz: random edits of the platform manifests through the language server (seed ${SEED})`, async (t) => {
  const say = (m: string): string => `${m} [seed ${SEED}: THEBOT_FUZZ_SEED=${SEED} node test/run.mjs hostile/fuzz]`;
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'thebot-fuzz-')));
  cpSync(join(repoRoot, 'manifests'), dir, { recursive: true });
  const originals = new Map(FILES.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
  const r = rng(SEED);
  let client: LspClient | undefined;
  let fresh: LspClient | undefined;
  const log: string[] = [];
  try {
    client = await LspClient.start({ root: dir });
    const texts = new Map<string, string>();
    for (const f of FILES) {
      const uri = await client.open(join(dir, f), originals.get(f)!);
      texts.set(f, originals.get(f)!);
      await withDeadline(client.diagnosticsFor(uri, 1), WALL_DEADLINE_MS, say(`first diagnostics of ${f}`));
    }
    const started = Date.now();
    let edits = 0;
    while (Date.now() - started < BUDGET_MS) {
      const f = FILES[Math.floor(r() * FILES.length)]!;
      const uri = uriOf(join(dir, f));
      // Now and then the file goes back to its original text (recovery paths).
      const [what, next] = r() < 0.1 ? ['restore', originals.get(f)!] : edit(texts.get(f)!, r);
      log.push(`${f}: ${what}`);
      texts.set(f, next);
      const version = await client.change(uri, next);
      await withDeadline(client.diagnosticsFor(uri, version), ANSWER_MS, say(`diagnostics after edit ${edits} (${f}: ${what})`));
      const lines = next.split('\n');
      const line = Math.floor(r() * lines.length);
      const position = { line, character: Math.floor(r() * ((lines[line]?.length ?? 0) + 1)) };
      const requests = [
        client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }),
        client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }),
        client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }),
        client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }),
      ];
      // A rejected request (an error response, or the server gone) fails the run.
      await withDeadline(Promise.all(requests), ANSWER_MS, say(`requests after edit ${edits} (${f}: ${what})`)).catch((e: Error) => {
        throw new Error(say(`${e.message} after ${f}: ${what}`));
      });
      edits++;
    }
    const rss = peakRssKiB(client.pid!);
    t.diagnostic(`seed ${SEED}: ${edits} edits in ${Date.now() - started} ms, server peak RSS ${Math.round(rss / 1024)} MiB`);
    assert.ok(edits > 0, say('no edit was made'));
    assert.ok(rss < MEMORY_LIMIT_KIB, say(`server peak RSS ${rss} KiB (limit ${MEMORY_LIMIT_KIB} KiB)`));

    // Restored text: the same diagnostics as a fresh server's.
    const restored = new Map<string, string[]>();
    for (const f of FILES) {
      const uri = uriOf(join(dir, f));
      const version = await client.change(uri, originals.get(f)!);
      await withDeadline(client.diagnosticsFor(uri, version), ANSWER_MS, say(`diagnostics of restored ${f}`));
    }
    // Each file's last publication once every file is restored (a render may re-publish a file another edit touched).
    for (const f of FILES) {
      const uri = uriOf(join(dir, f));
      const version = await client.change(uri, originals.get(f)!);
      restored.set(f, shown(await withDeadline(client.diagnosticsFor(uri, version), ANSWER_MS, say(`diagnostics of restored ${f}`))));
    }
    // The buffers equal the files on disk: each file's first publication is final.
    fresh = await LspClient.start({ root: dir });
    for (const f of FILES) {
      const uri = await fresh.open(join(dir, f), originals.get(f)!);
      const p: PublishDiagnosticsParams = await withDeadline(fresh.diagnosticsFor(uri, 1), WALL_DEADLINE_MS, say(`fresh diagnostics of ${f}`));
      assert.deepEqual(restored.get(f), shown(p), say(`${f}: diagnostics after restoring differ from a fresh server's; edits:\n${log.slice(-20).join('\n')}`));
    }
  } catch (e) {
    t.diagnostic(say(`last edits:\n${log.slice(-10).join('\n')}`));
    throw e;
  } finally {
    await client?.stop().catch(() => undefined);
    await fresh?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
});
