// The THE_BOT extensions to LSP (protocol.ts), server side: look up the
// project of a directory, make sure its environments are rendered, answer.
// Registered from server.ts with `registerCustomRequests(ctx)`.
import { FetchExternalRequest, LocateRejectionsRequest, ProblemCountsRequest, ProjectRequest, RenderRequest, type ProblemCountsResult, type ProjectInfo } from '../protocol';
import { locateRejections } from '../services/locateRejections';
import type { Project } from '../services/project';
import { renderInfo } from './customRender';
import type { ServerContext } from './context';

const neverCancelled = { cancelled: false };

/** Renders (and analyses) the environments of `project` that were never rendered. */
async function rendered(ctx: ServerContext, project: Project): Promise<Project> {
  if (project.environments.some((s) => !s.render)) await ctx.projects.refresh(project, [], neverCancelled);
  return project;
}

export function registerCustomRequests(ctx: ServerContext, republish: () => void = () => undefined): void {
  ctx.connection.onRequest(FetchExternalRequest.type, async ({ dir, helm, remote }) => {
    const project = ctx.projects.forDir(dir);
    const states = await ctx.projects.fetchExternal(project, { helm, remote }, neverCancelled);
    republish();
    return { environments: states.map((s) => ({ name: s.env.name, errors: (s.render?.errors ?? []).map((e) => e.message) })) };
  });

  ctx.connection.onRequest(ProjectRequest.type, ({ dir }): ProjectInfo => {
    const { config } = ctx.projects.forDir(dir);
    return {
      root: config.root,
      ...(config.file ? { configFile: config.file } : {}),
      environments: config.environments.map((e) => ({ name: e.name, overlay: e.overlay, context: e.context, namespace: e.namespace, protected: e.protected })),
    };
  });

  ctx.connection.onRequest(RenderRequest.type, async ({ dir, environment }) => {
    const project = await rendered(ctx, ctx.projects.forDir(dir));
    const state = project.environments.find((s) => s.env.name === environment);
    if (!state?.render) throw new Error(`no environment '${environment}' in ${project.config.root}`);
    return renderInfo(environment, state.render);
  });

  ctx.connection.onRequest(LocateRejectionsRequest.type, async ({ dir, environment, rejections }) => {
    const project = await rendered(ctx, ctx.projects.forDir(dir));
    const state = project.environments.find((s) => s.env.name === environment);
    if (!state?.render) throw new Error(`no environment '${environment}' in ${project.config.root}`);
    return locateRejections(state.render.resources, state.env.namespace, rejections);
  });

  ctx.connection.onRequest(ProblemCountsRequest.type, async ({ dir }) => {
    const project = await rendered(ctx, ctx.projects.forDir(dir));
    const counts: ProblemCountsResult = {};
    for (const s of project.environments) {
      counts[s.env.name] = {
        errors: s.findings.filter((f) => f.severity === 'error').length,
        warnings: s.findings.filter((f) => f.severity === 'warning').length,
      };
    }
    return counts;
  });
}
