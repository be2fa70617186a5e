// Patch files no kustomization uses. kubebuilder's scaffold (and projects made
// from it: kubeflow's controllers, spark-operator, kserve) ships optional
// patches that its kustomizations name only in comments
// (`#- path: patches/cainjection_in_x.yaml`, `#- manager_webhook_patch.yaml`):
// fragments of objects, never applied. Checked as whole objects they got
// `missing required field "spec"`/`"selector"` errors. They are checked as
// patches (an unknown or mistyped field would break the day someone enables
// it), their problems as warnings (nothing deploys them), and one info says
// that nothing uses them and where the comment is.
import { basename, dirname, relative, sep } from 'node:path';
import type { Finding } from '../findings';
import type { ParsedYaml } from '../documents/parse';
import type { CommentMention, KustomizationIndex } from './kustomizations';

/** The finding's documentation (docs/rules.md lists it beside the rules; it is a file-level check, not a rule of the registry). */
export const UNUSED_PATCH = {
  id: 'unused-patch',
  severity: 'info',
  title: 'Patch file no kustomization uses',
  description:
    'A file that a kustomization names only in a comment (kubebuilder scaffolds its optional patches as `#- path: patches/cainjection_in_x.yaml`), or a `*patch*` file (or one in a `patches/` directory) beside or below a kustomization that no kustomization names. It is checked as a patch, not as a whole object: an unknown or mistyped field is a warning (it breaks the day someone enables the patch), a missing required field is nothing (a patch is partial). One info on its first line says so and links to the comment that names it. The same in project mode and when the file is checked on its own (`thebot check path/to/patch.yaml`: the kustomizations in its directory and above it are read).',
  bad: '# config/crd/kustomization.yaml\nresources:\n- bases/x.yaml\npatches:\n#- path: patches/cainjection_in_xs.yaml',
  good: '# config/crd/kustomization.yaml: enable it, or delete the patch file\nresources:\n- bases/x.yaml\npatches:\n- path: patches/cainjection_in_xs.yaml',
} as const;

export interface UnusedPatch {
  /** The kustomization comment that names it, if one does. */
  mention?: CommentMention;
}

/** unusedPatch's answers per index, while the index stays the same (null: not an unused patch). */
const answers = new WeakMap<KustomizationIndex, { generation: number; byFile: Map<string, UnusedPatch | null> }>();

/**
 * Whether `file` (which no kustomization names in a field, and no environment
 * reads) is a patch nobody uses: a kustomization's comment names it, or it is
 * called a patch (`*patch*`, or in a `patches/` directory) beside or below a
 * kustomization. Asked twice per file (its role, then its info): answered once
 * per file until a kustomization changes.
 */
export function unusedPatch(file: string, index: KustomizationIndex): UnusedPatch | undefined {
  let memo = answers.get(index);
  if (memo?.generation !== index.generation) answers.set(index, (memo = { generation: index.generation, byFile: new Map() }));
  const known = memo.byFile.get(file);
  if (known !== undefined) return known ?? undefined;
  const answer = findUnusedPatch(file, index);
  memo.byFile.set(file, answer ?? null);
  return answer;
}

function findUnusedPatch(file: string, index: KustomizationIndex): UnusedPatch | undefined {
  const mention = index.commentedOut(file);
  if (mention) return { mention };
  const named = /patch/i.test(basename(file)) || dirname(file).split(sep).includes('patches');
  return named && index.governs(file) ? {} : undefined;
}

/** The info on the file's first line: nothing uses it, and where the comment that names it is. */
export function unusedPatchFinding(file: string, parsed: ParsedYaml, unused: UnusedPatch, root: string): Finding {
  const firstLine = parsed.text.split(/\r\n|\r|\n/, 1)[0];
  const where = unused.mention ? ` (${relative(root, unused.mention.kustomization)}:${unused.mention.line + 1} names it in a comment)` : '';
  return {
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
    severity: UNUSED_PATCH.severity,
    code: UNUSED_PATCH.id,
    source: 'thebot',
    message: `no kustomization uses this file${where}: checked as a patch, its problems as warnings`,
    ...(unused.mention ? { related: [{ file: unused.mention.kustomization, range: { start: { line: unused.mention.line, character: 0 }, end: { line: unused.mention.line, character: 0 } }, message: 'named here, in a comment' }] } : {}),
  };
}
