// The contract between the Kustomize engine and everything that consumes a
// rendered environment (schema validation, rules, hover, cluster operations).
// The engine owns this file; consumers only rely on what is declared here.
import type { Range } from '../findings';

/** Where a rendered value came from. */
export interface Origin {
  /** Absolute path of the file that set the value (a base/patch file, or a kustomization). */
  file: string;
  range: Range;
  /**
   * What set it: `resource` (copied from a resource file), `patch`, or the
   * kustomization field that wrote it: `images`, `replicas`, `namespace`,
   * `namePrefix`, `nameSuffix`, `labels`, `commonLabels`, `commonAnnotations`,
   * `configMapGenerator`, `secretGenerator`, `replacements`, …
   */
  by: string;
  /**
   * For a value assembled from parts set in different places (an image: its
   * `name`, `tag` and `digest`, by an `images:` entry's newName/newTag/digest
   * or by the line before it), where each part was last set.
   */
  parts?: Record<string, Origin>;
}

export type PathSegment = string | number;

export interface RenderedResource {
  /** The rendered object as plain JSON data (what is sent to the cluster). */
  object: Record<string, unknown>;
  /** The document that first defined this object (its base file or generator entry). */
  origin: Origin;
  /**
   * Where the value at `path` (e.g. ['spec','replicas']) was last set, falling
   * back to the nearest ancestor with a known origin. Undefined only if nothing
   * on the path is known.
   */
  originOf(path: PathSegment[]): Origin | undefined;
  /** Every origin that touched the value at `path`, oldest first (base, then patches, then transformers). */
  historyOf(path: PathSegment[]): Origin[];
}

export interface RenderError {
  message: string;
  file: string;
  range?: Range;
}

/**
 * How many objects one `patches` entry with a `target` selected when the
 * engine applied it. Recorded once per application (a kustomization built
 * twice records twice); an entry with no record was never applied (the build
 * failed before it).
 */
export interface PatchMatch {
  /** The kustomization file holding the entry. */
  file: string;
  /** Index in its `patches` list. */
  index: number;
  matched: number;
}

export interface RenderResult {
  /** Absolute path of the kustomization directory that was built. */
  root: string;
  /** Resources in kustomize's output order. */
  resources: RenderedResource[];
  /** Every file read while rendering (kustomizations, resources, patches, generator inputs). */
  files: string[];
  /** Non-empty means the render failed (kustomize would exit non-zero). */
  errors: RenderError[];
  /** Targeted `patches` entries as they were applied (absent from test doubles). */
  patchMatches?: PatchMatch[];
  /** The output exactly as `kustomize build` prints it. */
  toYaml(): string;
}
