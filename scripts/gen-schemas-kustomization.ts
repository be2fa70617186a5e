// The kustomization file schema, transcribed from kustomize's own Go types
// (sigs.k8s.io/kustomize/api v0.18.0 = kustomize v5.5.0, api/types/*.go):
// every field it accepts, the doc comments as descriptions, deprecated fields
// flagged with `deprecated: true` and a "Deprecated:" description. kustomize
// decodes with DisallowUnknownFields, so unknown fields are errors here too.
import type { Json, Schema } from './gen-schemas-convert';

const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const int = (description: string): Schema => ({ type: 'integer', description });
const strings = (description: string): Schema => ({ type: 'array', description, items: { type: 'string' } });
const stringMap = (description: string): Schema => ({ type: 'object', description, additionalProperties: { type: 'string' } });
const ref = (name: string, description: string): Schema => ({ $ref: `#/definitions/${name}`, description });
const list = (name: string, description: string): Schema => ({ type: 'array', description, items: { $ref: `#/definitions/${name}` } });
const obj = (description: string, properties: Record<string, Schema>, required?: string[]): Schema => ({
  type: 'object',
  description,
  ...(required ? { required } : {}),
  properties,
  additionalProperties: false,
});
const deprecated = (s: Schema, instead: string): Schema => ({ ...s, deprecated: true, description: `Deprecated: ${instead} ${s.description as string}` });

const gvk = {
  group: str('API group of the target resource.'),
  version: str('API version of the target resource.'),
  kind: str('Kind of the target resource.'),
};
const resId = { ...gvk, name: str('Name of the target resource.'), namespace: str('Namespace of the target resource.') };

const definitions: Record<string, Schema> = {
  Kustomization: obj('A kustomization file (kustomization.yaml): the resources to build and the transformations to apply.', {
    apiVersion: str('kustomize.config.k8s.io/v1beta1 for a Kustomization, kustomize.config.k8s.io/v1alpha1 for a Component.', {
      enum: ['kustomize.config.k8s.io/v1beta1', 'kustomize.config.k8s.io/v1alpha1'],
    }),
    kind: str('Kustomization, or Component for a reusable component.', { enum: ['Kustomization', 'Component'] }),
    metadata: ref('ObjectMeta', 'Metadata of the kustomization itself; it is not applied to resources.'),
    openapi: stringMap('Information about which Kubernetes schema to use (keys: path or version).'),
    namePrefix: str('Prefixes the names of all resources in the kustomization, including generated ConfigMaps and Secrets.'),
    nameSuffix: str('Suffixes the names of all resources in the kustomization, including generated ConfigMaps and Secrets.'),
    namespace: str('Namespace to add to all objects.'),
    commonLabels: deprecated(stringMap('Labels to add to all objects and selectors.'), 'use labels instead, which provides a superset of the functionality of commonLabels.'),
    labels: list('Label', 'Labels to add to all objects but not selectors (unless includeSelectors).'),
    commonAnnotations: stringMap('Annotations to add to all objects (including pod templates).'),
    patchesStrategicMerge: deprecated(
      strings('Relative paths to files containing a strategic merge patch, or inline patches. URLs and globs are not supported.'),
      'use patches instead, which provides a superset of the functionality of patchesStrategicMerge.',
    ),
    patchesJson6902: deprecated(list('Patch', 'JSON patches (RFC 6902) applied to a target.'), 'use patches instead, which provides a superset of the functionality of patchesJson6902.'),
    patches: list('Patch', 'Patches, each either a strategic merge patch or a JSON patch; each can apply to several target objects.'),
    images: list('Image', 'Image name, new name, new tag or digest changes; simpler than a patch.'),
    imageTags: deprecated(list('Image', 'Image changes.'), 'use images instead.'),
    replacements: list('ReplacementField', 'Copies fields from a source to any number of targets.'),
    replicas: list('Replica', 'Replica counts by resource name; simpler than a patch.'),
    vars: deprecated(list('Var', 'Variables injected into object specs where "$(NAME)" appears.'), 'vars will be removed in a future release; migrate to replacements.'),
    sortOptions: ref('SortOptions', 'Changes the order in which kustomize outputs resources.'),
    resources: strings('Relative paths to files holding Kubernetes objects, or to other kustomizations (relative or absolute paths, or URLs).'),
    components: strings('Relative paths to Components (or URLs).'),
    crds: strings('Relative paths to CustomResourceDefinition files, so custom resources can be transformed; the CRDs themselves are not modified.'),
    bases: deprecated(strings('Other kustomizations to include.'), 'anything specified here should be specified in resources instead.'),
    configMapGenerator: list('ConfigMapArgs', 'ConfigMaps to generate from local data (one per item); names get a content hash suffix by default.'),
    secretGenerator: list('SecretArgs', 'Secrets to generate from local data (one per item); names get a content hash suffix by default.'),
    helmGlobals: ref('HelmGlobals', 'Helm configuration that is not chart specific.'),
    helmCharts: list('HelmChart', 'Helm charts to inflate (needs kustomize --enable-helm).'),
    helmChartInflationGenerator: deprecated(list('HelmChartArgs', 'Helm chart configurations.'), 'auto-converted to helmGlobals and helmCharts.'),
    generatorOptions: ref('GeneratorOptions', 'Modifies the behaviour of all ConfigMap and Secret generators.'),
    configurations: strings('Transformer configuration files.'),
    generators: strings('Files containing custom generators.'),
    transformers: strings('Files containing custom transformers.'),
    validators: strings('Files containing validators.'),
    buildMetadata: { ...strings('Build options to toggle.'), items: { type: 'string', enum: ['originAnnotations', 'transformerAnnotations', 'managedByLabel'] } },
  }),
  ObjectMeta: obj('Metadata of a kustomization.', {
    name: str('Name of the kustomization.'),
    namespace: str('Namespace (informational).'),
    labels: stringMap('Labels of the kustomization itself.'),
    annotations: stringMap('Annotations of the kustomization itself (e.g. config.kubernetes.io/local-config).'),
  }),
  Label: obj('Labels to add, and where.', {
    pairs: stringMap('The labels to add.'),
    includeSelectors: bool('Also add the labels to selectors (immutable on live objects).'),
    includeTemplates: bool('Also add the labels to pod templates (implied by includeSelectors).'),
    fields: list('FieldSpec', 'Extra fields to write the labels to.'),
  }),
  FieldSpec: obj('A field in resources of a given kind.', {
    ...gvk,
    path: str('Slash-separated path of the field, e.g. spec/selector/matchLabels.'),
    create: bool('Create the field if it is missing.'),
  }),
  Patch: obj('A patch (strategic merge or JSON 6902), from a file or inline, with an optional target selector.', {
    path: str('Relative path to the patch file.'),
    patch: str('Inline patch (YAML or JSON).'),
    target: ref('Selector', 'Which resources the patch applies to; without it the patch names its target.'),
    options: { type: 'object', description: 'Patch options: allowNameChange, allowKindChange.', additionalProperties: { type: 'boolean' } },
  }),
  Selector: obj('Selects resources by group/version/kind, name, namespace, label and annotation selectors (names may be regular expressions).', {
    ...resId,
    annotationSelector: str('Annotation selector, e.g. "a=b".'),
    labelSelector: str('Label selector, e.g. "app=web,tier!=db".'),
  }),
  Image: obj('An image change.', {
    name: str('Image name to match (without tag or digest).'),
    newName: str('Replacement image name.'),
    tagSuffix: str('Suffix appended to the tag.'),
    newTag: str('Replacement tag.'),
    digest: str('Replacement digest (takes precedence over newTag).'),
  }, ['name']),
  ReplacementField: obj('A replacement, inline or from a file (path).', {
    source: ref('SourceSelector', 'Where the value comes from.'),
    targets: { type: 'array', description: 'Where the value goes.', items: { $ref: '#/definitions/TargetSelector' } },
    path: str('Relative path to a file holding replacements.'),
  }),
  SourceSelector: obj('The source of a replacement.', {
    ...resId,
    fieldPath: str('Dot-separated path of the source field; defaults to metadata.name.'),
    options: ref('FieldOptions', 'How to extract the value.'),
  }),
  TargetSelector: obj('The targets of a replacement.', {
    select: ref('Selector', 'Resources to include.'),
    reject: { type: 'array', description: 'Resources to exclude.', items: { $ref: '#/definitions/Selector' } },
    fieldPaths: strings('Dot-separated paths of the target fields.'),
    options: ref('FieldOptions', 'How to insert the value.'),
  }, ['select']),
  FieldOptions: obj('How a replacement reads or writes part of a field.', {
    delimiter: str('Splits the field value by this delimiter.'),
    index: int('Index of the part after splitting (negative or too large appends/prepends).'),
    encoding: str('Encoding of the field value.'),
    create: bool('Create the target field if it is missing.'),
  }),
  Replica: obj('A replica count for resources with the given name.', {
    name: str('Name of the resource (Deployment, ReplicaSet, StatefulSet, …).'),
    count: int('Number of replicas.'),
  }, ['name', 'count']),
  Var: obj('A variable (deprecated; use replacements).', {
    name: str('Name of the variable, used as $(NAME).'),
    objref: obj('The object holding the value.', {
      apiVersion: str('API version of the object.'),
      ...gvk,
      name: str('Name of the object.'),
      namespace: str('Namespace of the object.'),
    }, ['name']),
    fieldref: obj('The field holding the value.', { fieldPath: str('Path of the field; defaults to metadata.name.') }),
  }, ['name', 'objref']),
  SortOptions: obj('Output order.', {
    order: str('legacy (kind order) or fifo (input order).', { enum: ['legacy', 'fifo'] }),
    legacySortOptions: obj('Kind order for the legacy sort.', {
      orderFirst: strings('Kinds output first.'),
      orderLast: strings('Kinds output last.'),
    }),
  }),
  ConfigMapArgs: obj('A ConfigMap to generate.', generatorArgs()),
  // Literals of a Secret are secret values: the validator never quotes them in messages.
  SecretArgs: obj('A Secret to generate.', {
    ...generatorArgs(),
    literals: { ...strings('KEY=VALUE pairs.'), 'x-thebot-sensitive': true },
    type: str('Secret type, e.g. Opaque or kubernetes.io/tls.'),
  }),
  GeneratorOptions: obj('Options of generated ConfigMaps and Secrets.', {
    labels: stringMap('Labels added to generated objects.'),
    annotations: stringMap('Annotations added to generated objects.'),
    disableNameSuffixHash: bool('Do not append the content hash to the name.'),
    immutable: bool('Mark generated objects immutable.'),
  }),
  HelmGlobals: obj('Helm settings for all charts.', {
    chartHome: str('Directory of chart sources, relative to the kustomization.'),
    configHome: str('Helm configuration directory.'),
  }),
  HelmChart: obj('A Helm chart to inflate.', {
    name: str('Chart name.'),
    version: str('Chart version.'),
    repo: str('Chart repository URL.'),
    releaseName: str('Release name.'),
    namespace: str('Release namespace.'),
    additionalValuesFiles: strings('Extra values files.'),
    valuesFile: str('Values file.'),
    valuesInline: { type: 'object', description: 'Inline values.', 'x-kubernetes-preserve-unknown-fields': true },
    valuesMerge: str('How inline values combine with the values file: override, replace or merge.', { enum: ['override', 'replace', 'merge'] }),
    includeCRDs: bool('Include the chart CRDs.'),
    skipHooks: bool('Skip hook templates.'),
    apiVersions: strings('Kubernetes API versions passed to helm template.'),
    kubeVersion: str('Kubernetes version passed to helm template.'),
    nameTemplate: str('Name template.'),
    skipTests: bool('Skip test templates.'),
    debug: bool('Pass --debug to helm.'),
  }),
  HelmChartArgs: obj('Helm chart configuration (deprecated form).', {
    chartName: str('Chart name.'),
    chartVersion: str('Chart version.'),
    chartRepoUrl: str('Chart repository URL.'),
    chartHome: str('Chart home.'),
    chartRepoName: str('Chart repository name.'),
    helmBin: str('Helm binary.'),
    helmHome: str('Helm home.'),
    values: str('Values file.'),
    valuesLocal: { type: 'object', description: 'Inline values.', 'x-kubernetes-preserve-unknown-fields': true },
    valuesMerge: str('override, replace or merge.', { enum: ['override', 'replace', 'merge'] }),
    releaseName: str('Release name.'),
    releaseNamespace: str('Release namespace.'),
    extraArgs: strings('Extra helm arguments.'),
  }),
};

function generatorArgs(): Record<string, Schema> {
  return {
    namespace: str('Namespace of the generated object.'),
    name: str('Name of the generated object (a hash suffix is appended unless disabled).'),
    // kustomize reads any other word as unspecified, which creates (types.NewGenerationBehavior): a warning, not an error.
    behavior: str('create (default), replace or merge with an object of the same name from a base.', { enum: ['create', 'replace', 'merge'], 'x-thebot-otherwise': 'create' }),
    literals: strings('KEY=VALUE pairs.'),
    files: strings('Files whose contents become values; [KEY=]path.'),
    envs: strings('Env files (KEY=VALUE lines).'),
    env: deprecated(str('An env file.'), 'use envs instead.'),
    options: ref('GeneratorOptions', 'Options for this object; merged with generatorOptions.'),
  };
}

export function kustomizationSchema(): { source: Record<string, Json>; kinds: Record<string, Record<string, string>>; definitions: Record<string, Schema> } {
  return {
    source: { module: 'sigs.k8s.io/kustomize/api@v0.18.0', kustomize: 'v5.5.0', path: 'api/types' },
    kinds: {
      'kustomize.config.k8s.io/v1beta1': { Kustomization: 'Kustomization' },
      'kustomize.config.k8s.io/v1alpha1': { Component: 'Kustomization' },
    },
    definitions,
  };
}
