import type { HubRouter } from '../state.js';
import { openApiDocument } from '../openapi.js';
import { publicBase } from '../urls.js';

/** The OpenAPI description and a health probe for load balancers. */
export function registerMetaRoutes(router: HubRouter): void {
  router.get('/api/openapi.json', (ctx) => {
    ctx.body = openApiDocument(publicBase(ctx));
  });
  router.get('/api/health', async (ctx) => {
    await ctx.services.db.sequelize.query('SELECT 1');
    ctx.body = { status: 'ok' };
  });
}
