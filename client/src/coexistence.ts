// Living beside Red Hat's YAML extension (redhat.vscode-yaml): both servers
// would report the same YAML syntax error. When Red Hat YAML is present and
// validating, it keeps syntax errors and our server reports only what it alone
// knows (schemas per environment, rules, config problems). Kubernetes schema and
// thebot.yaml/kustomization.yaml schema errors are ours alone: the extension
// contributes no schema to Red Hat YAML (no `yamlValidation`, no modeline).
// Pure decision logic, no `vscode` import, so plain Node tests can run it.

export const RED_HAT_YAML = 'redhat.vscode-yaml';

export interface RedHatYamlState {
  /** vscode.extensions.getExtension(RED_HAT_YAML) found it (VS Code only returns enabled extensions). */
  installed: boolean;
  /** The `yaml.validate` setting as read (undefined when unset: Red Hat YAML's default is true). */
  validate: unknown;
}

/**
 * Whether Red Hat YAML reports the YAML syntax errors. Whether it has activated
 * yet does not decide: it activates on the first YAML file opened, while ours
 * may start earlier (on a workspace containing thebot.yaml), so requiring it
 * would make the outcome depend on activation order; an installed, enabled
 * Red Hat YAML is active as soon as a YAML file is open.
 */
export function yamlSyntaxLeftToRedHat(state: RedHatYamlState): boolean {
  return state.installed && state.validate !== false;
}

/** The language server's initializationOptions for that state. */
export function serverInitializationOptions(state: RedHatYamlState): { yamlSyntaxDiagnostics?: false } {
  return yamlSyntaxLeftToRedHat(state) ? { yamlSyntaxDiagnostics: false } : {};
}

// Schemas Red Hat YAML would apply on its own (SchemaStore's kustomization
// schema, a user's `yaml.schemas` Kubernetes mapping) would repeat our schema
// errors. Through Red Hat YAML's extension API we contribute, for the files our
// server validates, a schema that accepts anything: a contributed schema takes
// precedence over settings and SchemaStore in yaml-language-server
// (YAMLSchemaService.getSchemaForResource), so those files get our errors only.

/** URI scheme of the contributed schema; Red Hat YAML routes content requests by scheme. */
export const ACCEPT_ALL_SCHEME = 'thebot-schema';
export const ACCEPT_ALL_URI = `${ACCEPT_ALL_SCHEME}://schema/validated-by-thebot.json`;
export const ACCEPT_ALL_SCHEMA = JSON.stringify({ title: 'THE_BOT (validated by the THE_BOT extension)' });

const OWN_FILE_NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization', 'thebot.yaml', 'thebot.yml']);

/**
 * Whether our server validates this YAML file against a schema: kustomization
 * files, thebot.yaml, and Kubernetes manifests (a document with top-level
 * apiVersion and kind). `text` is the open document's text, when open.
 */
export function validatedByThebot(path: string, text: string | undefined): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (OWN_FILE_NAMES.has(name)) return true;
  if (!/\.ya?ml$/.test(name) || text === undefined) return false;
  return /^apiVersion:/m.test(text) && /^kind:/m.test(text);
}
