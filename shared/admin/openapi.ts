// The admin API described as an OpenAPI 3.1 document, made from the route table itself (each route's method,
// path, summary, success status and zod input), so the document, the router and the `kpi` commands cannot
// disagree. Served at GET /admin/openapi.json and committed as docs/openapi.json (a test keeps it current).
import * as z from '../schema.ts';
import type { AdminRoute } from './routes.ts';

type JsonSchema = Record<string, unknown>;

// Path and query parameters arrive as strings; the use case's schema coerces them (e.g. `?active=true`).
const READS_QUERY = new Set(['GET', 'DELETE']);

// What every refusal answers (shared/http/stack.ts errorResponse): the message, and for a 400 each bad field.
const problemSchema: JsonSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', description: 'what was refused and why, written for the caller' },
    problems: {
      type: 'array',
      description: 'with a 400: one entry per bad field',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** The input's JSON Schema as a caller writes it (defaults optional); parts zod cannot express are left open. */
function inputSchema(schema: z.core.$ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema; // the document's jsonSchemaDialect says it once
  return json;
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

function operationId(route: AdminRoute): string {
  const words = route.path
    .replace(/^\/admin\//, '')
    .split(/[/.{}-]+/)
    .filter(Boolean);
  return [route.method.toLowerCase(), ...words.map((w) => w[0]!.toUpperCase() + w.slice(1))].join('');
}

function operation(route: AdminRoute): JsonSchema {
  const schema = inputSchema(route.input);
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const inPath = pathParameterNames(route.path);
  const parameters: JsonSchema[] = inPath.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: properties[name] ?? { type: 'string' },
  }));
  const rest = Object.fromEntries(Object.entries(properties).filter(([name]) => !inPath.includes(name)));
  const op: JsonSchema = {
    operationId: operationId(route),
    summary: route.summary,
    tags: [route.path.split('/')[2] ?? 'admin'],
  };
  if (READS_QUERY.has(route.method)) {
    for (const [name, property] of Object.entries(rest)) {
      parameters.push({ name, in: 'query', required: required.has(name), schema: property });
    }
  } else {
    const body: JsonSchema = { ...schema, properties: rest };
    const bodyRequired = [...required].filter((name) => !inPath.includes(name));
    if (bodyRequired.length > 0) body.required = bodyRequired;
    else delete body.required;
    op.requestBody = { required: true, content: { 'application/json': { schema: body } } };
  }
  if (parameters.length > 0) op.parameters = parameters;
  op.responses = {
    [String(route.status)]: {
      description: route.status === 201 ? 'created; the stored record' : 'the result',
      content: { 'application/json': { schema: {} } },
    },
    '400': { $ref: '#/components/responses/BadRequest' },
    '401': { $ref: '#/components/responses/Unauthorized' },
    '404': { $ref: '#/components/responses/NotFound' },
    '409': { $ref: '#/components/responses/Conflict' },
  };
  return op;
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument(routes: readonly AdminRoute[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'presales-kpi admin API',
      version: '1',
      description:
        "The department manager's API: the roster, the month's evidence, and the month itself. On AWS every " +
        'request is SigV4-signed (IAM, execute-api:Invoke); locally a bearer admin token. Input comes from the ' +
        'query string, the JSON body and the path parameters, merged into one object (later ones win); ' +
        'unknown fields are refused.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ sigv4: [] }, { adminToken: [] }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      responses: {
        BadRequest: problemResponse('the input is not valid: each bad field with its path and the reason'),
        Unauthorized: problemResponse('no or a wrong credential'),
        NotFound: problemResponse('no such item'),
        Conflict: problemResponse('the item is not in a state that allows this'),
      },
      securitySchemes: {
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'AWS Signature Version 4 for execute-api (IAM authorization on AWS)',
        },
        adminToken: { type: 'http', scheme: 'bearer', description: 'the admin token (local runs)' },
      },
    },
  };
}
