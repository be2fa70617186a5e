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
