// The gateway's own 404 (a path no route takes) carries every security header the handlers' own 404 does:
// one definition of them (shared/http/securityHeaders.ts) for both.
import { describe, expect, it } from 'vitest';
import { useStack } from '../../support/stack.ts';

const stack = useStack();

/** Header names a response carries besides the ones that describe its body and connection. */
function securityHeaderNames(res: Response): string[] {
  const body = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'allow']);
  return [...res.headers.keys()].filter((name) => !body.has(name)).sort();
}

describe('the gateway’s own answers', () => {
  it('a 404 without a route has the same security headers as the admin API’s JSON 404', async () => {
    const handlers = await fetch(`${stack.url}/admin/no-such-thing`, {
      headers: { authorization: `Bearer ${stack.adminToken}` },
    });
    expect(handlers.status).toBe(404);
    const gateways = await fetch(`${stack.url}/no-such-thing`);
    expect(gateways.status).toBe(404);
    expect(securityHeaderNames(handlers)).toContain('x-content-type-options');
    expect(securityHeaderNames(gateways)).toEqual(securityHeaderNames(handlers));
    for (const name of securityHeaderNames(handlers)) {
      expect(gateways.headers.get(name), name).toBe(handlers.headers.get(name));
    }
  });
});
