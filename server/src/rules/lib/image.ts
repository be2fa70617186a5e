// Splits an image reference into registry, repository, tag and digest the way
// the container runtime reads it (a first component with '.' or ':' or
// "localhost" is a registry; otherwise Docker Hub).
export interface ImageRef {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseImage(image: string): ImageRef {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const first = rest.split('/')[0];
  const hasRegistry = rest.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return {
    registry: hasRegistry ? first : 'docker.io',
    repository: hasRegistry ? rest.slice(first.length + 1) : rest,
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

/** Registry entries are a host ("localhost:5000") or a host/path prefix ("gcr.io/thebot-staging"). */
export function fromRegistry(image: string, registry: string): boolean {
  const ref = parseImage(image);
  const full = `${ref.registry}/${ref.repository}`;
  return full === registry || full.startsWith(registry.replace(/\/$/, '') + '/');
}
