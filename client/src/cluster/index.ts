// Cluster operations behind a narrow interface (no `vscode` here): open a
// checked session for an environment, then dry-run, diff, deploy, watch
// rollouts or read status of its rendered objects.
export { ClusterSession, errorMessage, type MissingKind, type SessionOptions } from './session';
export { run, summarize, type Action, type ObjectOutcome, type RunOptions } from './operations';
export { diff, objectDiff, unifiedDiff, type ObjectDiff } from './diff';
export { watchRollouts, workloadsOf, type RolloutOptions, type RolloutOutcome, type RolloutReport, type WorkloadRef } from './rollout';
export { workloadStatus } from './status';
export { rolloutStatus, type RolloutState, type WorkloadStatus } from './rolloutStatus';
export { bindContext, checkConfirmation, SafetyError, type EnvironmentBinding } from './safety';
export { loadKubeconfig, kubeconfigFiles, KubeconfigError } from './kubeconfig';
export { UnknownKindError } from './discovery';
export { UnreachableError, ApiError } from './transport';
export { CredentialError } from './credentials';
export { describe, fromPlain, refOf, type ClusterObject, type ObjectRef } from './objects';
export { FIELD_MANAGER } from './apply';
export { outcomesToFindings } from './findings';
export { applySetOf, groupKind, prune, readRecord, writeRecord, membershipOf, PART_OF, type ApplySetParent, type Membership, type PruneOutcome } from './applyset';
export { ConnectionTracker, clock, type Connection } from './connection';
export { countsLine, partialState, type ReportItem } from './deployReport';
export { allowedToTakeOver, takeOverRefusal, type ForeignOwner } from './ownership';
