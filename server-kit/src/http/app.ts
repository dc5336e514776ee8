import Koa from 'koa';
import Router from '@koa/router';
import type { HubServices } from '../hub-services.js';
import { authenticateRequest } from './middleware/authenticate.js';
import { gitHttp } from './git-http.js';
import { lfsHttp } from './lfs-http.js';
import { registerLfsObjectRoutes } from './routes/lfs-objects.js';
import { cors } from './middleware/cors.js';
import { errorHandler } from './middleware/errors.js';
import { requestContext } from './middleware/request-context.js';
import { registerMetaRoutes } from './routes/meta.js';
import { registerOrgRoutes } from './routes/orgs.js';
import { registerRepoRoutes } from './routes/repos.js';
import { registerSessionRoutes } from './routes/session.js';
import { registerUserRoutes } from './routes/users.js';
import { registerBrowseRoutes } from './routes/browse.js';
import { registerCommitRoutes } from './routes/commit.js';
import { registerFileRoutes } from './routes/files.js';
import { registerRefWriteRoutes } from './routes/refs-write.js';
import { registerViewerRoutes } from './routes/viewer.js';
import { registerDiscussionRoutes } from './routes/discussions.js';
import { registerLikeRoutes } from './routes/likes.js';
import { registerXetRoutes } from './routes/xet.js';
import { registerRepoMaintenanceRoutes } from './routes/repo-maintenance.js';
import { registerElementRoutes } from './routes/elements.js';
import type { HubRouter, HubState } from './state.js';
import { ui } from './ui.js';

export interface HubApp {
  app: Koa<HubState>;
  /** Every route but file downloads. */
  router: HubRouter;
  /** `/resolve` and `/raw`: the hottest routes, matched before the ~200 others. */
  fileRouter: HubRouter;
}

/** The Koa application: request context, errors, CORS, authentication, then the routers. */
export function createApp(services: HubServices): HubApp {
  const app = new Koa<HubState>({ proxy: services.config.publicUrl !== undefined });
  app.context.services = services;
  // Errors are answered by errorHandler; Koa's own handler would log them a second time.
  app.silent = true;

  const router: HubRouter = new Router();
  registerMetaRoutes(router);
  registerSessionRoutes(router);
  registerUserRoutes(router);
  registerOrgRoutes(router);
  registerRepoRoutes(router);
  registerBrowseRoutes(router);
  registerRefWriteRoutes(router);
  registerCommitRoutes(router);
  registerLfsObjectRoutes(router);
  registerViewerRoutes(router);
  registerDiscussionRoutes(router);
  registerLikeRoutes(router);
  registerXetRoutes(router);
  registerRepoMaintenanceRoutes(router);
  registerElementRoutes(router);

  app.use(requestContext as Koa.Middleware<HubState>);
  app.use(errorHandler as Koa.Middleware<HubState>);
  app.use(cors as Koa.Middleware<HubState>);
  // Git transfers stream their bodies and authenticate for themselves (with a Basic challenge).
  app.use(gitHttp as Koa.Middleware<HubState>);
  app.use(lfsHttp as Koa.Middleware<HubState>);
  app.use(authenticateRequest as Koa.Middleware<HubState>);
  const fileRouter: HubRouter = new Router();
  registerFileRoutes(fileRouter);
  app.use(fileRouter.routes() as Koa.Middleware<HubState>);
  app.use(fileRouter.allowedMethods({ throw: true }) as Koa.Middleware<HubState>);
  // Last in line: answers only what no router or transport answered (browser navigations, UI assets).
  app.use(ui(services.config.uiDir) as Koa.Middleware<HubState>);
  app.use(router.routes() as Koa.Middleware<HubState>);
  app.use(router.allowedMethods({ throw: true }) as Koa.Middleware<HubState>);
  return { app, router, fileRouter };
}
