// Publishes the cluster's rejections (rejections.ts) as diagnostics beside the
// language server's own, under the source "thebot (cluster)": set per
// environment by each dry-run or deploy, replaced by the next one.
import * as vscode from 'vscode';
import { LocateRejectionsRequest } from '../../server/src/protocol';
import type { ObjectResult } from './clusterPort';
import type { LanguageClient } from 'vscode-languageclient/node';
import { byFile, rejected, rejectionsOf, type LocatedRejection, type Rejection } from './rejections';

export class ClusterDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('thebot-cluster');
  private readonly perEnvironment = new Map<string, Rejection[]>();

  constructor(private readonly client: LanguageClient) {}

  /**
   * Replaces `environment`'s rejections with those of `results` (a complete
   * run: a run the cluster did not finish leaves the previous ones), located
   * by the language server. Returns them, first the first failure's.
   */
  async publish(root: string, environment: string, results: ObjectResult[], order: string[]): Promise<Rejection[]> {
    if (results.some((r) => r.action === 'skipped' || r.noAnswer)) return this.perEnvironment.get(environment) ?? [];
    const failed = rejected(results);
    const origins = failed.length
      ? await this.client.sendRequest(LocateRejectionsRequest.type, {
          dir: root,
          environment,
          rejections: failed.map((r) => ({
            apiVersion: r.apiVersion,
            kind: r.kind,
            name: r.name,
            ...(r.namespace ? { namespace: r.namespace } : {}),
            message: r.message ?? '',
            ...(r.fields ? { fields: r.fields } : {}),
          })),
        })
      : [];
    const list = rejectionsOf(environment, failed, origins);
    this.perEnvironment.set(environment, list);
    this.collection.clear();
    for (const [file, entries] of byFile(this.perEnvironment, order)) this.collection.set(vscode.Uri.file(file), entries.map(toDiagnostic));
    return list;
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toDiagnostic(r: LocatedRejection): vscode.Diagnostic {
  const range = new vscode.Range(r.range.start.line, r.range.start.character, r.range.end.line, r.range.end.character);
  const d = new vscode.Diagnostic(range, `${r.environments.join(', ')}: ${r.message}`, vscode.DiagnosticSeverity.Error);
  d.source = 'thebot (cluster)';
  d.code = r.code;
  return d;
}
