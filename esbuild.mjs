// One bundler, three entry points: the extension client (vscode is provided by
// the host), the language server and the `thebot` CLI (both fully bundled, so
// the .vsix ships no node_modules).
import { build } from 'esbuild';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  // `navigator` is defined to undefined in the client: oauth4webapi (pulled in by
  // @kubernetes/client-node) probes it at load, which the extension host reports
  // as a PendingMigrationError on every activation.
  build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode'],
    define: { navigator: 'undefined' },
  }),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' }),
]);
