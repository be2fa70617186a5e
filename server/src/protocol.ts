// Extensions to LSP between the VS Code client and the THE_BOT language server,
// typed once and imported by both sides (the pattern of vscode-eslint's
// customMessages.ts). Every message is listed here and nowhere else:
//
//   thebot/project          client → server  request       project config of a directory (environments)
//   thebot/render           client → server  request       one environment rendered, with origins per line
//   thebot/problemCounts    client → server  request       errors/warnings per environment
//   thebot/projectChanged   server → client  notification  findings or the rendered output changed
//   thebot/locateRejections client → server  request       source lines of the fields a cluster rejected
//
// Paths are absolute file-system paths (not URIs) as in `Finding`; ranges and
// lines are 0-based. Nothing here imports `vscode`.
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Range } from './findings';

/** One deployment environment of the project config (`thebot.yaml`). */
export interface EnvironmentInfo {
  name: string;
  /** Absolute directory of the environment's kustomization (overlay). */
  overlay: string;
  /** kubeconfig context the environment is bound to in the project config. */
  context: string;
  namespace: string;
  protected: boolean;
}

export interface ProjectParams {
  /** Any directory inside the project; the config is looked up upwards from it. */
  dir: string;
}

export interface ProjectInfo {
  /** Project root (directory of thebot.yaml, or of the overlays/ folder). */
  root: string;
  /** Absolute path of thebot.yaml when there is one. */
  configFile?: string;
  environments: EnvironmentInfo[];
}

export namespace ProjectRequest {
  export const method = 'thebot/project';
  export const type = new RequestType<ProjectParams, ProjectInfo, void>(method);
}

export interface RenderParams {
  dir: string;
  environment: string;
}

/** Where a rendered value was set: a file range and what set it (`resource`, `patch`, `images`, …). */
export interface OriginInfo {
  file: string;
  range: Range;
  by: string;
}

export interface RenderedObjectInfo {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** The object as sent to the cluster. */
  object: Record<string, unknown>;
  /** The document that defined the object (click target in the tree). */
  origin: OriginInfo;
  /** Lines of this object in `RenderInfo.yaml`, 0-based, end exclusive. */
  startLine: number;
  endLine: number;
}

export interface RenderInfo {
  environment: string;
  /** The output as `kustomize build` prints it. */
  yaml: string;
  objects: RenderedObjectInfo[];
  /**
   * For each line of `yaml` that holds a value: where it was last set and
   * everything that touched it before (oldest first). Sparse: lines without a
   * known origin are absent.
   */
  lineOrigins: { line: number; origin: OriginInfo; history: OriginInfo[] }[];
  /** Render errors (empty when the render succeeded). */
  errors: { message: string; file: string; range?: Range }[];
}

export namespace RenderRequest {
  export const method = 'thebot/render';
  export const type = new RequestType<RenderParams, RenderInfo, void>(method);
}

export interface ProblemCounts {
  errors: number;
  warnings: number;
}

export interface ProblemCountsParams {
  dir: string;
}

/** Environment name → counts of the findings that apply to it. */
export type ProblemCountsResult = Record<string, ProblemCounts>;

export namespace ProblemCountsRequest {
  export const method = 'thebot/problemCounts';
  export const type = new RequestType<ProblemCountsParams, ProblemCountsResult, void>(method);
}

export interface FetchExternalParams {
  dir: string;
  /** Run helm for the charts (when the helm setting is on). */
  helm: boolean;
  /** Clone remote bases with git (and let helm pull charts). */
  remote: boolean;
}

export interface FetchExternalResult {
  /** Per environment: the render errors left after fetching ([] when it renders). */
  environments: { name: string; errors: string[] }[];
}

/** The Inflate Helm Charts / Fetch Remote Bases commands: one render per environment with helm/git allowed. */
export namespace FetchExternalRequest {
  export const method = 'thebot/fetchExternal';
  export const type = new RequestType<FetchExternalParams, FetchExternalResult, void>(method);
}

/** Sent after the server re-analysed the project, so views refresh without polling. */
export interface ProjectChangedParams {
  root: string;
}

export namespace ProjectChangedNotification {
  export const method = 'thebot/projectChanged';
  export const type = new NotificationType<ProjectChangedParams>(method);
}

/** An object the cluster rejected (dry-run or apply), with the server's message and the fields its causes name. */
export interface ClusterRejection {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  message: string;
  /** `details.causes[].field` of the API server's Status. */
  fields?: string[];
}

export interface LocateRejectionsParams {
  dir: string;
  environment: string;
  rejections: ClusterRejection[];
}

/**
 * Per rejection, where the offending field was set (mapped through the
 * render's origins, as `thebot dry-run` does), else the object's own
 * document; null when the environment renders no such object.
 */
export type LocateRejectionsResult = (OriginInfo | null)[];

export namespace LocateRejectionsRequest {
  export const method = 'thebot/locateRejections';
  export const type = new RequestType<LocateRejectionsParams, LocateRejectionsResult, void>(method);
}
