// Custom resources from the projects' own CRD files: every served version's
// openAPIV3Schema becomes one definition, converted like the built-in kinds.
// `metadata` in a CRD schema is a bare `type: object`; the API server validates
// it as ObjectMeta, so we point it at the Kubernetes bundle's ObjectMeta.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { convert, type Schema } from './gen-schemas-convert';

export interface CrdDefinitions {
  kinds: Record<string, Record<string, string>>;
  definitions: Record<string, Schema>;
}

export function convertCrdFiles(files: string[], objectMetaRef: string, into: CrdDefinitions): void {
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS() as { kind?: string; spec: { group: string; names: { kind: string }; versions: CrdVersion[] } } | null;
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const { group, names } = crd.spec;
      for (const v of crd.spec.versions) {
        if (!v.served) continue;
        const name = `${group.split('.').reverse().join('.')}.${v.name}.${names.kind}`;
        const where = `${file}#${v.name}`;
        const root = convert(v.schema.openAPIV3Schema, { ref: (r) => { throw new Error(`${where}: unexpected $ref ${r}`); } }, where);
        const props = root.properties as Record<string, Schema>;
        props.metadata = { $ref: objectMetaRef, description: (props.metadata?.description as string | undefined) ?? "Standard object's metadata." };
        (into.kinds[`${group}/${v.name}`] ??= {})[names.kind] = name;
        into.definitions[name] = root;
      }
    }
  }
}

interface CrdVersion {
  name: string;
  served: boolean;
  schema: { openAPIV3Schema: Schema };
}
