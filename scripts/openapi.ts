// Writes docs/openapi.json from the admin route table (`npm run openapi`); a test fails while it is stale.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '#shared/admin/openapi.ts';
import { adminRoutes } from '#shared/admin/routes.ts';

export const OPENAPI_FILE = new URL('../docs/openapi.json', import.meta.url);

export function renderOpenApi(): string {
  return `${JSON.stringify(openApiDocument(adminRoutes), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE.pathname} (${adminRoutes.length} operations)`);
}
