// Environments must not overwrite each other. Locally (and in small clusters)
// several environments can reach one namespace, and a server-side apply of an
// object of the same name would silently re-configure the other environment's
// object and move it into this environment's applyset. So a live object that
// carries another applyset's membership label is never taken over, unless the
// run names that owner explicitly (`--take-over-from <env>`). An object with
// no membership label (created by hand, or before applysets) is not claimed by
// anyone and is applied as before.
import { APPLYSET_ID, PART_OF, type ApplySetParent } from './applyset';
import type { Transport } from './transport';

export interface ForeignOwner {
  /** The applyset id on the live object. */
  id: string;
  /** The THE_BOT environment whose applyset that is, when its parent ConfigMap says so. */
  environment?: string;
}

/** The applyset id of a live object when it is a member of another set than `set`. */
export function foreignSetOf(live: Record<string, unknown> | undefined, set: ApplySetParent): string | undefined {
  const labels = ((live?.metadata ?? {}) as { labels?: Record<string, string> }).labels;
  const id = labels?.[PART_OF];
  return id && id !== set.id ? id : undefined;
}

const PARENT_PREFIX = 'thebot-applyset-';

/**
 * Names the owner of an applyset id: its parent ConfigMap (labelled with the
 * id, anywhere in the cluster) is `thebot-applyset-<env>` for our environments.
 * Cached per id for the run; an unreadable cluster-wide list leaves only the id.
 */
export class OwnerNames {
  private readonly cache = new Map<string, Promise<ForeignOwner>>();

  constructor(private readonly t: Transport) {}

  resolve(id: string): Promise<ForeignOwner> {
    let p = this.cache.get(id);
    if (!p) {
      p = this.t
        .send<{ items?: { metadata: { name: string } }[] }>('GET', '/api/v1/configmaps', { query: { labelSelector: `${APPLYSET_ID}=${id}` } })
        .then((r) => {
          const name = r.status < 400 ? r.body.items?.[0]?.metadata.name : undefined;
          return name?.startsWith(PARENT_PREFIX) ? { id, environment: name.slice(PARENT_PREFIX.length) } : { id };
        })
        .catch(() => ({ id }));
      this.cache.set(id, p);
    }
    return p;
  }
}

/** Whether `takeOverFrom` (environment names or applyset ids) names this owner. */
export function allowedToTakeOver(owner: ForeignOwner, takeOverFrom: readonly string[] | undefined): boolean {
  return !!takeOverFrom?.some((n) => n === owner.id || (owner.environment !== undefined && n === owner.environment));
}

/** Why the object is not applied, and the override that would apply it. */
export function takeOverRefusal(owner: ForeignOwner): string {
  const who = owner.environment ? `environment '${owner.environment}'` : 'another applyset';
  const name = owner.environment ?? owner.id;
  return `belongs to ${who} (label ${PART_OF}=${owner.id}); not taken over: deploy with --take-over-from ${name} to take it over`;
}
