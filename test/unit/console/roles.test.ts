// Who a signed-in user is to the console, from the groups in their ID token.
import { describe, expect, it } from 'vitest';
import { maySee, principalFromClaims } from '../../../shared/console/roles.ts';
import { ForbiddenError } from '../../../shared/errors.ts';

const GROUPS = 'cognito:groups';
const claims = (groups: unknown, extra: Record<string, unknown> = {}) => ({
  sub: 'u-1',
  email: 'wang@example.com',
  name: '王经理',
  [GROUPS]: groups,
  ...extra,
});

describe('principalFromClaims', () => {
  it('kpi-admin is an admin of every region, acting as their email', () => {
    const admin = principalFromClaims(claims(['kpi-admin', 'kpi-region-华北']), GROUPS);
    expect(admin).toEqual({
      sub: 'u-1',
      actor: 'wang@example.com',
      name: '王经理',
      role: 'admin',
      regions: [],
    });
    expect(maySee(admin, '华东')).toBe(true);
  });

  it('kpi-viewer sees the regions of their kpi-region-<region> groups, and no other', () => {
    const viewer = principalFromClaims(
      claims(['kpi-region-华东', 'kpi-viewer', 'kpi-region-华北', 'other']),
      GROUPS,
    );
    expect(viewer.role).toBe('viewer');
    expect(viewer.regions).toEqual(['华东', '华北'].sort());
    expect(maySee(viewer, '华北')).toBe(true);
    expect(maySee(viewer, '华南')).toBe(false);
  });

  it('refuses a viewer of no region, and a user in neither group (403, naming them)', () => {
    expect(() => principalFromClaims(claims(['kpi-viewer']), GROUPS)).toThrow(ForbiddenError);
    expect(() => principalFromClaims(claims(['kpi-viewer', 'kpi-region-']), GROUPS)).toThrow(/no region/);
    expect(() => principalFromClaims(claims(['staff']), GROUPS)).toThrow(/wang@example.com is in neither/);
    expect(() => principalFromClaims(claims(undefined), GROUPS)).toThrow(ForbiddenError);
  });

  it('reads the groups from the configured claim only', () => {
    expect(() => principalFromClaims(claims(undefined, { groups: ['kpi-admin'] }), GROUPS)).toThrow(
      ForbiddenError,
    );
    expect(principalFromClaims(claims(undefined, { groups: ['kpi-admin'] }), 'groups').role).toBe('admin');
  });

  it('acts as the username, then the subject, when there is no email', () => {
    const { email: _, ...rest } = claims(['kpi-admin'], { 'cognito:username': 'wang' });
    expect(principalFromClaims(rest, GROUPS).actor).toBe('wang');
    const { email: __, ...bare } = claims(['kpi-admin']);
    expect(principalFromClaims(bare, GROUPS).actor).toBe('u-1');
  });
});
