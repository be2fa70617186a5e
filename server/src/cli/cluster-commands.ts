// The commands that talk to a cluster, gathered so that they form one bundle
// (dist/cli-cluster.js): only they load @kubernetes/client-node.
export { dryRunCommand } from './dry-run';
export { diffCommand } from './diff';
export { deployCommand } from './deploy';
export { statusCommand } from './status';
export { historyCommand } from './history';
export { rollbackCommand } from './rollback';
export { logsCommand } from './logs';
export { undeployCommand } from './undeploy';
export { describeCommand, restartCommand, scaleCommand } from './day2';
