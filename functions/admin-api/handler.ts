// Lambda: the admin JSON API under /admin/..., the routes of shared/admin/routes.ts. Authenticated first (IAM
// on AWS, a bearer admin token locally), then each route parses its input and calls its one use case.
import { adminRoutes as adminRouteTable } from '#shared/admin/routes.ts';
import { adminAuth, adminRoutes } from '#shared/http/admin.ts';
import { httpHandler } from '#shared/http/stack.ts';

export const handler = httpHandler(adminRoutes(adminRouteTable), {
  format: 'json',
  middlewares: [adminAuth()],
});
