// The admin API's OpenAPI document: made from the route table, valid OpenAPI 3.1 by an independent validator,
// one operation per route with its path parameters, and docs/openapi.json is the document of this code.
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '#shared/admin/openapi.ts';
import { adminRoutes } from '#shared/admin/routes.ts';
import { OPENAPI_FILE, renderOpenApi } from '../../../scripts/openapi.ts';

interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: {
    content: {
      'application/json': { schema: { properties?: Record<string, unknown>; required?: string[] } };
    };
  };
}
type Doc = { paths: Record<string, Record<string, Operation>> };

const doc = openApiDocument(adminRoutes) as unknown as Doc;

describe('the admin OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has exactly one operation per route, with unique operation ids', () => {
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        route: `${method.toUpperCase()} ${path}`,
        id: op.operationId,
      })),
    );
    expect(operations.map((o) => o.route).sort()).toEqual(
      adminRoutes.map((r) => `${r.method} ${r.path}`).sort(),
    );
    expect(new Set(operations.map((o) => o.id)).size).toBe(operations.length);
  });

  it("names each path parameter, puts a read's input in the query and a write's in its JSON body", () => {
    const override = doc.paths['/admin/overrides/{engineerId}/{month}/{indicator}']!.delete!;
    expect(override.parameters?.filter((p) => p.in === 'path').map((p) => p.name)).toEqual([
      'engineerId',
      'month',
      'indicator',
    ]);
    const listProjects = doc.paths['/admin/projects']!.get!;
    expect(listProjects.parameters?.map((p) => [p.name, p.in])).toContainEqual(['engineerId', 'query']);
    const exam = doc.paths['/admin/exam-scores']!.put!.requestBody!.content['application/json'].schema;
    expect(Object.keys(exam.properties ?? {})).toEqual(
      expect.arrayContaining(['engineerId', 'month', 'score']),
    );
    expect(exam.required).toEqual(expect.arrayContaining(['engineerId', 'month', 'score']));
  });

  it('is what docs/openapi.json holds (run `npm run openapi` after changing a route)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApi());
  });
});
