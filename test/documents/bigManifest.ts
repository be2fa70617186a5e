// The 1,200-document file of issue 4 (scripts/bench-lsp.ts measures with it):
// Deployments, Services and ConfigMaps in turn, 22,799 lines.
export function bigManifest(): string {
  const docs: string[] = [];
  for (let i = 0; docs.length < 1200; i++) {
    docs.push(
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: app-${i}`,
        '  labels:',
        `    app: app-${i}`,
        'spec:',
        '  replicas: 2',
        '  selector:',
        '    matchLabels:',
        `      app: app-${i}`,
        '  template:',
        '    metadata:',
        '      labels:',
        `        app: app-${i}`,
        '    spec:',
        '      containers:',
        '        - name: main',
        `          image: registry.example.com/app-${i}:1.0.${i}`,
        '          ports:',
        '            - containerPort: 8080',
        '          resources:',
        '            requests: { cpu: 100m, memory: 128Mi }',
        '            limits: { cpu: 500m, memory: 256Mi }',
        '          readinessProbe:',
        '            httpGet: { path: /healthz, port: 8080 }',
        '          securityContext:',
        '            runAsNonRoot: true',
        '            readOnlyRootFilesystem: true',
        '            allowPrivilegeEscalation: false',
      ].join('\n'),
    );
    docs.push(
      ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: app-${i}`, 'spec:', '  selector:', `    app: app-${i}`, '  ports:', '    - name: http', '      port: 80', '      targetPort: 8080'].join('\n'),
    );
    docs.push(['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: app-${i}`, 'data:', '  LOG_LEVEL: info', `  INSTANCE: "${i}"`, '  WORKERS: "4"', '  TIMEOUT: "30"', '  MODE: normal', '  REGION: eu', '  FEATURE_X: "on"', '  FEATURE_Y: "off"'].join('\n'));
  }
  return docs.slice(0, 1200).join('\n---\n') + '\n';
}
