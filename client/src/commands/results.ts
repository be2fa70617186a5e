// Per-object results of dry-run/apply in the output channel, each failure with
// the API server's message and the source line of the object (the output
// channel turns `file:line:col` into a link).
import * as vscode from 'vscode';
import type { RenderInfo } from '../../../server/src/protocol';
import type { ObjectRef, ObjectResult } from '../clusterPort';
import { countsLine, type ReportItem } from '../cluster/deployReport';

export function sourceOf(render: RenderInfo, ref: ObjectRef): string | undefined {
  const o = render.objects.find((x) => x.kind === ref.kind && x.name === ref.name && (x.namespace ?? '') === (ref.namespace ?? ''))
    ?? render.objects.find((x) => x.kind === ref.kind && x.name === ref.name);
  if (!o) return undefined;
  return `${o.origin.file}:${o.origin.range.start.line + 1}:${o.origin.range.start.character + 1}`;
}

function refText(r: ObjectRef): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
}

export function writeResults(output: vscode.OutputChannel, heading: string, render: RenderInfo, results: ObjectResult[]): void {
  output.appendLine(heading);
  for (const r of results) {
    if (r.action === 'failed') {
      output.appendLine(`  failed     ${refText(r)}: ${r.message ?? 'unknown error'}`);
      const src = sourceOf(render, r);
      if (src) output.appendLine(`             at ${src}`);
    } else if (r.action === 'skipped') {
      output.appendLine(`  skipped    ${refText(r)} (not attempted)`);
    } else {
      output.appendLine(`  ${r.action.padEnd(10)} ${refText(r)}`);
    }
  }
}

export function countActions(results: ObjectResult[]): string {
  return countsLine(reportItems(results));
}

/** The results as deployReport.ts reads them (shared with the CLI's wording). */
export function reportItems(results: ObjectResult[]): ReportItem[] {
  return results.map((r) => ({ action: r.action, what: refText(r), ...(r.message ? { message: r.message } : {}), ...(r.noAnswer ? { noAnswer: true } : {}) }));
}

/**
 * A server message short enough for a notification: its first line, cut
 * before an embedded object diff (`@@ …`), at most 240 characters. The output
 * channel keeps the whole message.
 */
export function shortMessage(message: string): string {
  const first = message.split('\n')[0]!.split(' @@ ')[0]!.trim();
  return first.length > 240 ? `${first.slice(0, 239)}…` : first;
}

async function openSource(src: string): Promise<void> {
  const m = /^(.*):(\d+):(\d+)$/.exec(src)!;
  const pos = new vscode.Position(Number(m[2]) - 1, Number(m[3]) - 1);
  await vscode.window.showTextDocument(vscode.Uri.file(m[1]!), { selection: new vscode.Range(pos, pos) });
}

/** "file:line:col" of a located rejection. */
export function locationOf(r: { file: string; range: { start: { line: number; character: number } } } | undefined): string | undefined {
  return r && `${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}`;
}

/**
 * Shows `what` and the first failure (if any) with a button that opens its
 * source: `at` (the line that set the rejected field), else the object's document.
 */
export async function showFailure(render: RenderInfo, what: string, failures: ObjectResult[], at?: string): Promise<void> {
  const first = failures[0];
  if (!first) return void vscode.window.showErrorMessage(what);
  const src = at ?? sourceOf(render, first);
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more, see output)` : '';
  const choice = await vscode.window.showErrorMessage(`${what} ${refText(first)}: ${shortMessage(first.message ?? '')}${more}`, ...(src ? ['Open Source'] : []));
  if (choice === 'Open Source' && src) await openSource(src);
}

/**
 * A deploy that did not fully succeed: a modal with the environment's state
 * now (applied, failed, unknown, not attempted). Its default button only
 * shows the output; nothing here deploys or continues.
 */
export async function showPartialDeploy(render: RenderInfo, headline: string, state: string[], failures: ObjectResult[], at?: string): Promise<void> {
  const first = failures[0];
  const src = at ?? (first && sourceOf(render, first));
  const detail = [...state, ...(first ? ['', `First failure: ${refText(first)}: ${shortMessage(first.message ?? '')}`] : [])].join('\n');
  const choice = await vscode.window.showErrorMessage(headline, { modal: true, detail }, 'Show Output', ...(src ? ['Open Source'] : []));
  if (choice === 'Open Source' && src) await openSource(src);
}
