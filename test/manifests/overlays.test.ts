// The bundled platform as each environment receives it: every overlay is
// rendered with the real `kubectl kustomize` and compared, value by value,
// with the parameters of THE_BOT's deployment summary (manifests/README.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, kustomize, perContainer, podSpec, type Rendered } from './render';

type Env = 'dev' | 'staging' | 'production';

// The base's 67 objects. Overlays change values, not the set of objects,
// except that the protected environments drop the six placeholder Secrets
// (components/external-secrets): theirs are created out of band.
const baseObjects = [
  'ClusterIssuer/letsencrypt-prod', 'ClusterIssuer/letsencrypt-staging',
  'ClusterRole/thebot-monitoring', 'ClusterRoleBinding/thebot-monitoring',
  'ConfigMap/alertmanager-config', 'ConfigMap/django-config', 'ConfigMap/frontend-config',
  'ConfigMap/grafana-dashboard-thebot', 'ConfigMap/nginx-config', 'ConfigMap/postgres-config',
  'ConfigMap/prometheus-config', 'ConfigMap/redis-config',
  'CronJob/postgres-backup',
  'Deployment/backend', 'Deployment/celery-beat', 'Deployment/celery-worker', 'Deployment/frontend',
  'HorizontalPodAutoscaler/backend', 'HorizontalPodAutoscaler/celery-worker', 'HorizontalPodAutoscaler/frontend',
  'Ingress/thebot', 'LimitRange/thebot-limits', 'Namespace/thebot',
  'NetworkPolicy/acme-http01-solver', 'NetworkPolicy/allow-dns-egress', 'NetworkPolicy/backend',
  'NetworkPolicy/celery', 'NetworkPolicy/default-deny-egress', 'NetworkPolicy/default-deny-ingress',
  'NetworkPolicy/frontend', 'NetworkPolicy/postgres', 'NetworkPolicy/postgres-backup', 'NetworkPolicy/redis',
  'PersistentVolumeClaim/backend-logs', 'PersistentVolumeClaim/backups', 'PersistentVolumeClaim/frontend-logs',
  'PersistentVolumeClaim/media-files', 'PersistentVolumeClaim/static-files',
  'PodDisruptionBudget/backend', 'PodDisruptionBudget/celery-worker', 'PodDisruptionBudget/frontend',
  'PrometheusRule/thebot', 'ResourceQuota/thebot-quota', 'Role/prometheus-discovery', 'RoleBinding/prometheus-discovery',
  'Secret/django-secrets', 'Secret/docker-registry-credentials', 'Secret/postgres-credentials',
  'Secret/redis-credentials', 'Secret/ssh-keys', 'Secret/tls-certificate',
  'Service/backend', 'Service/frontend', 'Service/postgres', 'Service/postgres-headless', 'Service/redis', 'Service/redis-headless',
  'ServiceAccount/backend', 'ServiceAccount/celery-beat', 'ServiceAccount/celery-worker', 'ServiceAccount/frontend',
  'ServiceAccount/postgres', 'ServiceAccount/postgres-backup', 'ServiceAccount/redis',
  'ServiceMonitor/backend', 'StatefulSet/postgres', 'StatefulSet/redis',
];
const placeholderSecrets = [
  'Secret/django-secrets', 'Secret/docker-registry-credentials', 'Secret/postgres-credentials',
  'Secret/redis-credentials', 'Secret/ssh-keys', 'Secret/tls-certificate',
];
const expectedObjects: Record<Env, string[]> = {
  dev: baseObjects,
  staging: baseObjects.filter((id) => !placeholderSecrets.includes(id)),
  production: baseObjects.filter((id) => !placeholderSecrets.includes(id)),
};

const replicas: Record<Env, Record<string, number>> = {
  dev: { 'Deployment/backend': 1, 'Deployment/celery-beat': 1, 'Deployment/celery-worker': 1, 'Deployment/frontend': 1, 'StatefulSet/postgres': 1, 'StatefulSet/redis': 1 },
  staging: { 'Deployment/backend': 2, 'Deployment/celery-beat': 1, 'Deployment/celery-worker': 2, 'Deployment/frontend': 2, 'StatefulSet/postgres': 1, 'StatefulSet/redis': 1 },
  production: { 'Deployment/backend': 3, 'Deployment/celery-beat': 1, 'Deployment/celery-worker': 3, 'Deployment/frontend': 3, 'StatefulSet/postgres': 1, 'StatefulSet/redis': 1 },
};

function images(registry: string, appTag: string): Record<string, string> {
  const backend = `${registry}/backend:${appTag}`;
  const postgres = `${registry}/postgres:16.6-alpine`;
  return {
    'CronJob/postgres-backup/pg-dump': postgres,
    'Deployment/backend/collectstatic': backend,
    'Deployment/backend/backend': backend,
    'Deployment/celery-beat/celery-beat': backend,
    'Deployment/celery-worker/celery-worker': backend,
    'Deployment/frontend/frontend': `${registry}/frontend:${appTag}`,
    'StatefulSet/postgres/postgres': postgres,
    'StatefulSet/redis/redis': `${registry}/redis:7.4.1-alpine`,
  };
}
const expectedImages: Record<Env, Record<string, string>> = {
  dev: images('localhost:5000/thebot', 'latest'),
  staging: images('gcr.io/thebot-staging', 'v1.0.0-rc.1'),
  production: images('registry.the-bot.ru/thebot', 'v1.0.0'),
};

const djangoConfig: Record<Env, { ENVIRONMENT: string; DEBUG: string; LOG_LEVEL: string; FRONTEND_URL: string; API_URL: string }> = {
  dev: { ENVIRONMENT: 'dev', DEBUG: 'True', LOG_LEVEL: 'DEBUG', FRONTEND_URL: 'https://dev.the-bot.ru', API_URL: 'https://api.dev.the-bot.ru' },
  staging: { ENVIRONMENT: 'staging', DEBUG: 'False', LOG_LEVEL: 'INFO', FRONTEND_URL: 'https://staging.the-bot.ru', API_URL: 'https://api.staging.the-bot.ru' },
  production: { ENVIRONMENT: 'production', DEBUG: 'False', LOG_LEVEL: 'WARNING', FRONTEND_URL: 'https://the-bot.ru', API_URL: 'https://api.the-bot.ru' },
};

// [size, storage class] of every claim, including the StatefulSets' templates.
const storage: Record<Env, Record<string, [string, string]>> = {
  dev: {
    'PVC/static-files': ['10Gi', 'standard'], 'PVC/media-files': ['5Gi', 'standard'], 'PVC/backend-logs': ['10Gi', 'standard'],
    'PVC/frontend-logs': ['5Gi', 'standard'], 'PVC/backups': ['200Gi', 'standard'],
    'StatefulSet/postgres/data': ['10Gi', 'standard'], 'StatefulSet/redis/data': ['20Gi', 'standard'],
  },
  staging: {
    'PVC/static-files': ['10Gi', 'fast-ssd'], 'PVC/media-files': ['20Gi', 'fast-ssd'], 'PVC/backend-logs': ['10Gi', 'fast-ssd'],
    'PVC/frontend-logs': ['5Gi', 'fast-ssd'], 'PVC/backups': ['200Gi', 'fast-ssd'],
    'StatefulSet/postgres/data': ['50Gi', 'fast-ssd'], 'StatefulSet/redis/data': ['20Gi', 'fast-ssd'],
  },
  production: {
    'PVC/static-files': ['10Gi', 'fast-ssd'], 'PVC/media-files': ['50Gi', 'fast-ssd'], 'PVC/backend-logs': ['10Gi', 'fast-ssd'],
    'PVC/frontend-logs': ['5Gi', 'fast-ssd'], 'PVC/backups': ['200Gi', 'fast-ssd'],
    'StatefulSet/postgres/data': ['100Gi', 'fast-ssd'], 'StatefulSet/redis/data': ['20Gi', 'fast-ssd'],
  },
};

const hpa: Record<Env, Record<string, [number, number]>> = {
  dev: { backend: [1, 3], frontend: [1, 3], 'celery-worker': [1, 3] },
  staging: { backend: [2, 5], frontend: [2, 5], 'celery-worker': [2, 5] },
  production: { backend: [3, 15], frontend: [3, 10], 'celery-worker': [3, 10] },
};

// "requests cpu/memory, limits cpu/memory" per container.
function resources(env: Env): Record<string, string> {
  const small = '100m/128Mi, 500m/512Mi';
  const base = {
    'CronJob/postgres-backup/pg-dump': small,
    'Deployment/backend/collectstatic': small,
    'Deployment/backend/backend': '500m/512Mi, 1000m/1Gi',
    'Deployment/celery-beat/celery-beat': '100m/128Mi, 250m/256Mi',
    'Deployment/celery-worker/celery-worker': '500m/512Mi, 1000m/1Gi',
    'Deployment/frontend/frontend': '250m/256Mi, 500m/512Mi',
    'StatefulSet/postgres/postgres': '500m/512Mi, 1000m/1Gi',
    'StatefulSet/redis/redis': '250m/256Mi, 500m/512Mi',
  };
  const main = ['Deployment/backend/backend', 'Deployment/celery-beat/celery-beat', 'Deployment/celery-worker/celery-worker',
    'Deployment/frontend/frontend', 'StatefulSet/postgres/postgres', 'StatefulSet/redis/redis'] as const;
  if (env === 'dev') for (const k of main) base[k] = `100m/128Mi, ${base[k].split(', ')[1]}`;
  if (env === 'staging') for (const k of main) base[k] = '250m/256Mi, 750m/768Mi';
  if (env === 'production') {
    for (const k of ['Deployment/backend/backend', 'Deployment/celery-worker/celery-worker', 'StatefulSet/postgres/postgres'] as const) {
      base[k] = '750m/768Mi, 2000m/2Gi';
    }
  }
  return base;
}

const ingress: Record<Env, { issuer: string; hosts: string[]; routes: string[] }> = {
  dev: {
    issuer: 'letsencrypt-staging',
    hosts: ['dev.the-bot.ru', 'api.dev.the-bot.ru'],
    routes: ['dev.the-bot.ru/ -> frontend:http', 'api.dev.the-bot.ru/ -> backend:http'],
  },
  staging: {
    issuer: 'letsencrypt-prod',
    hosts: ['staging.the-bot.ru', 'api.staging.the-bot.ru'],
    routes: ['staging.the-bot.ru/ -> frontend:http', 'api.staging.the-bot.ru/ -> backend:http'],
  },
  production: {
    issuer: 'letsencrypt-prod',
    hosts: ['the-bot.ru', 'www.the-bot.ru', 'api.the-bot.ru'],
    routes: ['the-bot.ru/ -> frontend:http', 'www.the-bot.ru/ -> frontend:http', 'api.the-bot.ru/ -> backend:http'],
  },
};

const renders = new Map<Env, Rendered>();
function render(env: Env): Rendered {
  let r = renders.get(env);
  if (!r) renders.set(env, (r = kustomize(`overlays/${env}`)));
  return r;
}

const ids = (r: Rendered) => r.objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

test('the base renders its 67 objects, with no stderr output', () => {
  assert.equal(baseObjects.length, 67);
  assert.deepEqual(ids(kustomize('base')), baseObjects);
});

for (const env of ['dev', 'staging', 'production'] as const) {
  test(`${env}: renders with no stderr output and exactly the platform's objects`, () => {
    assert.deepEqual(ids(render(env)), expectedObjects[env]);
  });

  test(`${env}: every namespaced object is in namespace thebot`, () => {
    const clusterScoped = new Set(['Namespace', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding']);
    const wrong = render(env).objects
      .filter((o) => (clusterScoped.has(o.kind) ? o.metadata.namespace !== undefined : o.metadata.namespace !== 'thebot'))
      .map((o) => `${o.kind}/${o.metadata.name}: ${o.metadata.namespace}`);
    assert.deepEqual(wrong, []);
  });

  test(`${env}: replicas per workload`, () => {
    const r = render(env);
    const got = Object.fromEntries(
      r.objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => [`${o.kind}/${o.metadata.name}`, at(o, 'spec', 'replicas')]),
    );
    assert.deepEqual(got, replicas[env]);
  });

  test(`${env}: image of every container`, () => {
    assert.deepEqual(perContainer(render(env), (c) => c.image), expectedImages[env]);
  });

  test(`${env}: requests and limits of every container`, () => {
    const got = perContainer(render(env), (c) => {
      const q = (k: string, r: string) => String(at(c.resources, k, r));
      return `${q('requests', 'cpu')}/${q('requests', 'memory')}, ${q('limits', 'cpu')}/${q('limits', 'memory')}`;
    });
    assert.deepEqual(got, resources(env));
  });

  test(`${env}: DEBUG, LOG_LEVEL, ENVIRONMENT and URLs in django-config`, () => {
    const data = at(render(env).get('ConfigMap', 'django-config'), 'data') as Record<string, string>;
    const { ENVIRONMENT, DEBUG, LOG_LEVEL, FRONTEND_URL, API_URL } = data;
    assert.deepEqual({ ENVIRONMENT, DEBUG, LOG_LEVEL, FRONTEND_URL, API_URL }, djangoConfig[env]);
    // The merge keeps the base's other keys: 14 settings in every environment.
    assert.equal(Object.keys(data).length, 14);
  });

  test(`${env}: size and storage class of every volume claim`, () => {
    const r = render(env);
    const got: Record<string, [unknown, unknown]> = {};
    for (const o of r.objects) {
      if (o.kind === 'PersistentVolumeClaim') {
        got[`PVC/${o.metadata.name}`] = [at(o, 'spec', 'resources', 'requests', 'storage'), at(o, 'spec', 'storageClassName')];
      }
      if (o.kind === 'StatefulSet') {
        for (const t of at(o, 'spec', 'volumeClaimTemplates') as unknown[]) {
          got[`StatefulSet/${o.metadata.name}/${String(at(t, 'metadata', 'name'))}`] = [
            at(t, 'spec', 'resources', 'requests', 'storage'),
            at(t, 'spec', 'storageClassName'),
          ];
        }
      }
    }
    assert.deepEqual(got, storage[env]);
  });

  test(`${env}: HPA bounds and targets`, () => {
    const r = render(env);
    const got = Object.fromEntries(
      r.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => {
        assert.equal(`${String(at(o, 'spec', 'scaleTargetRef', 'kind'))}/${String(at(o, 'spec', 'scaleTargetRef', 'name'))}`, `Deployment/${o.metadata.name}`);
        return [o.metadata.name, [at(o, 'spec', 'minReplicas'), at(o, 'spec', 'maxReplicas')]];
      }),
    );
    assert.deepEqual(got, hpa[env]);
  });

  test(`${env}: Ingress hosts, TLS and issuer`, () => {
    const ing = render(env).get('Ingress', 'thebot');
    assert.equal(at(ing, 'metadata', 'annotations', 'cert-manager.io/cluster-issuer'), ingress[env].issuer);
    assert.deepEqual(at(ing, 'spec', 'tls'), [{ hosts: ingress[env].hosts, secretName: 'tls-certificate' }]);
    const routes = (at(ing, 'spec', 'rules') as unknown[]).flatMap((rule) =>
      (at(rule, 'http', 'paths') as unknown[]).map(
        (p) => `${String(at(rule, 'host'))}${String(at(p, 'path'))} -> ${String(at(p, 'backend', 'service', 'name'))}:${String(at(p, 'backend', 'service', 'port', 'name'))}`,
      ),
    );
    assert.deepEqual(routes, ingress[env].routes);
  });

  test(`${env}: instance label on objects and pod templates, never in selectors`, () => {
    const r = render(env);
    const backend = r.get('Deployment', 'backend');
    assert.equal(at(backend, 'metadata', 'labels', 'app.kubernetes.io/instance'), `thebot-${env}`);
    assert.equal(at(backend, 'spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/instance'), `thebot-${env}`);
    assert.deepEqual(at(backend, 'spec', 'selector'), { matchLabels: { 'app.kubernetes.io/component': 'api', 'app.kubernetes.io/name': 'backend' } });
  });
}

test('production: pinned images only, strict spreading over nodes (preferred over zones), Pod Security restricted', () => {
  const r = render('production');
  for (const [where, image] of Object.entries(perContainer(r, (c) => c.image))) {
    assert.match(image, /^registry\.the-bot\.ru\/thebot\/[a-z-]+:(v\d+\.\d+\.\d+|\d+\.\d+(\.\d+)?-alpine)$/, where);
  }
  for (const [name, selector] of [
    ['backend', { 'app.kubernetes.io/name': 'backend', 'app.kubernetes.io/component': 'api' }],
    ['frontend', { 'app.kubernetes.io/name': 'frontend', 'app.kubernetes.io/component': 'web' }],
    ['celery-worker', { 'app.kubernetes.io/name': 'celery', 'app.kubernetes.io/component': 'worker' }],
  ] as const) {
    const spread = at(r.get('Deployment', name), 'spec', 'template', 'spec', 'topologySpreadConstraints');
    assert.deepEqual(
      spread,
      [
        ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
        ['kubernetes.io/hostname', 'DoNotSchedule'],
      ].map(([topologyKey, whenUnsatisfiable]) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: selector } })),
      name,
    );
  }
  const psa = at(r.get('Namespace', 'thebot'), 'metadata', 'labels', 'pod-security.kubernetes.io/enforce');
  assert.equal(psa, 'restricted');
  assert.equal(at(render('staging').get('Namespace', 'thebot'), 'metadata', 'labels', 'pod-security.kubernetes.io/enforce'), 'baseline');
  assert.equal(at(render('staging').get('Deployment', 'backend'), 'spec', 'template', 'spec', 'topologySpreadConstraints'), undefined);
});

test('every container runs non-root with a read-only root filesystem in every environment', () => {
  for (const env of ['dev', 'staging', 'production'] as const) {
    const r = render(env);
    for (const o of r.objects.filter((x) => ['Deployment', 'StatefulSet', 'CronJob'].includes(x.kind))) {
      const spec = podSpec(o) as unknown;
      const where = `${env} ${o.kind}/${o.metadata.name}`;
      assert.equal(at(spec, 'securityContext', 'runAsNonRoot'), true, where);
      assert.deepEqual(at(spec, 'securityContext', 'seccompProfile'), { type: 'RuntimeDefault' }, where);
      assert.equal(at(spec, 'automountServiceAccountToken'), false, where);
      for (const c of [...((at(spec, 'initContainers') as unknown[]) ?? []), ...(at(spec, 'containers') as unknown[])]) {
        assert.deepEqual(
          at(c, 'securityContext'),
          { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          `${where}/${String(at(c, 'name'))}`,
        );
      }
    }
  }
});

test('dev: every Secret value is a marked placeholder (the database user name aside)', () => {
  const unmarked: string[] = [];
  for (const s of render('dev').objects.filter((o) => o.kind === 'Secret')) {
    for (const [key, value] of Object.entries(at(s, 'stringData') as Record<string, string>)) {
      // Values are never printed: only the key names of offenders are.
      if (!value.includes('CHANGE-ME-placeholder') && `${s.metadata.name}/${key}` !== 'postgres-credentials/POSTGRES_USER') unmarked.push(`${s.metadata.name}/${key}`);
    }
    assert.equal(at(s, 'data'), undefined, s.metadata.name);
  }
  assert.deepEqual(unmarked, []);
});
