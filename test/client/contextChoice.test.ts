// Select Kube Context: thebot.yaml's context preselected, a loud warning on
// any other, and per-user bindings kept out of the repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { bindingWarning, contextItems, withBinding } from '../../client/src/contextChoice';

const production = { name: 'production', protected: true, context: 'thebot-production', configuredContext: 'thebot-production' };
const dev = { name: 'dev', protected: false, context: 'minikube', configuredContext: 'thebot-dev' };

test('context items: the context thebot.yaml binds comes first (preselected), the rest in kubeconfig order', () => {
  const contexts = ['thebot-dev', 'thebot-staging', 'thebot-production', 'minikube'];
  assert.deepEqual(contextItems(contexts, production), [
    { label: 'thebot-production', description: 'bound in thebot.yaml', configured: true },
    { label: 'thebot-dev', description: '', configured: false },
    { label: 'thebot-staging', description: '', configured: false },
    { label: 'minikube', description: '', configured: false },
  ]);
  assert.deepEqual(contextItems(contexts, dev).map((i) => `${i.label}: ${i.description}`), [
    'thebot-dev: bound in thebot.yaml',
    'thebot-staging: ',
    'thebot-production: ',
    'minikube: your override, in use',
  ]);
  // thebot.yaml's context missing from the kubeconfig: nothing is preselected.
  assert.equal(contextItems(['minikube'], dev).some((i) => i.configured), false);
});

test('binding warning: none for thebot.yaml\'s context, loud for any other', () => {
  assert.equal(bindingWarning(production, 'thebot-production'), undefined);
  assert.equal(
    bindingWarning(production, 'thebot-dev'),
    'thebot.yaml binds production to context thebot-production, not thebot-dev. production is protected: dry-run, diff and deploy will be refused through thebot-dev until you bind it back.',
  );
  assert.equal(
    bindingWarning(dev, 'minikube'),
    'thebot.yaml binds dev to context thebot-dev, not minikube. Every dry-run, diff and deploy of dev from this editor will then act on the cluster of minikube. The binding is stored in your user settings only (never in the repository).',
  );
});

test('bindings: choosing thebot.yaml\'s context removes the override', () => {
  assert.deepEqual(withBinding({ dev: 'minikube', staging: 'x' }, dev, 'thebot-dev'), { staging: 'x' });
  assert.deepEqual(withBinding({}, dev, 'kind-kind'), { dev: 'kind-kind' });
});

test('the override setting is machine-scoped: VS Code never reads or writes it in a workspace\'s .vscode/settings.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  assert.equal(pkg.contributes.configuration.properties['thebot.environmentContexts'].scope, 'machine');
  // And the command writes user settings (ConfigurationTarget.Global) only.
  const config = readFileSync(new URL('../../client/src/config.ts', import.meta.url), 'utf8');
  assert.deepEqual(config.match(/ConfigurationTarget\.\w+/g), ['ConfigurationTarget.Global']);
});
