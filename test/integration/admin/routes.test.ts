// The route table is the contract between the admin API, its handler and the CLI: every path parameter must be
// a field the route's input accepts (else the route could only ever answer 400), and routes must not collide.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { adminRoutes } from '../../../shared/admin/routes.ts';

describe('admin route table', () => {
  it.each(adminRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s accepts its path parameters',
    (_, route) => {
      const shape = (route.input as z.ZodObject).shape as Record<string, unknown> | undefined;
      expect(shape, 'input is an object schema').toBeDefined();
      const params = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      for (const p of params) expect(Object.keys(shape ?? {})).toContain(p);
    },
  );

  it('has one route per method and path, all under /admin', () => {
    const keys = adminRoutes.map((r) => `${r.method} ${r.path.replace(/\{\w+\}/g, '{}')}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(adminRoutes.every((r) => r.path.startsWith('/admin/'))).toBe(true);
  });
});
