// Lambda: the admin JSON API under /admin/..., the routes of shared/admin/routes.ts. Authenticated first (IAM
// on AWS, a bearer admin token locally), then each route builds its input and calls its one use case.
import { adminRoutes } from '#shared/admin/routes.ts';
import { adminAuth, adminHttpRoutes } from '#shared/http/admin.ts';
import { httpHandler } from '#shared/http/stack.ts';

export const handler = httpHandler(adminHttpRoutes(adminRoutes), {
  format: 'json',
  middlewares: [adminAuth()],
});
