// Who a signed-in user is to the console, read from the identity provider's groups (console.md "Who signs in"):
// `kpi-admin` → admin (everything); `kpi-viewer` → viewer of the regions named by their `kpi-region-<region>`
// groups (reads those engineers only, changes nothing). Regions are groups rather than a custom attribute
// because groups are what Cognito puts in the ID token without extra set-up, what a federated SSO's group
// mapping can fill, and what the local provider emits the same way. Authorisation is decided here and checked
// on the server for every page and action.
import { ForbiddenError } from '../errors.ts';
import * as z from '../schema.ts';

export const ADMIN_GROUP = 'kpi-admin';
export const VIEWER_GROUP = 'kpi-viewer';
export const REGION_GROUP_PREFIX = 'kpi-region-';

export const CONSOLE_ROLES = ['admin', 'viewer'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const principalSchema = z.object({
  /** The provider's subject: stable across renames. */
  sub: z.string().check(z.minLength(1)),
  /** Who is acting, as written into the record of changes (email, else username, else subject). */
  actor: z.string().check(z.minLength(1)),
  /** The name shown in the page header. */
  name: z.string(),
  role: z.enum(CONSOLE_ROLES),
  /** A viewer's regions (an admin sees every region: empty). */
  regions: z.array(z.string()),
});
export type Principal = z.output<typeof principalSchema>;

const idTokenClaims = z.looseObject({
  sub: z.string().check(z.minLength(1)),
  email: z.optional(z.string()),
  name: z.optional(z.string()),
  preferred_username: z.optional(z.string()),
  'cognito:username': z.optional(z.string()),
});

/**
 * The principal of validated ID token claims; ForbiddenError when the user is in neither console group, or is a
 * viewer of no region (they would see an empty console and not know why).
 */
export function principalFromClaims(claims: Record<string, unknown>, groupsClaim: string): Principal {
  const parsed = z.safeParse(idTokenClaims, claims);
  if (!parsed.success) throw new ForbiddenError('the identity provider sent no subject');
  const c = parsed.data;
  const raw = claims[groupsClaim];
  const groups = Array.isArray(raw) ? raw.filter((g): g is string => typeof g === 'string') : [];
  const actor = c.email ?? c['cognito:username'] ?? c.preferred_username ?? c.sub;
  const who = { sub: c.sub, actor, name: c.name ?? actor };
  if (groups.includes(ADMIN_GROUP)) return { ...who, role: 'admin', regions: [] };
  if (groups.includes(VIEWER_GROUP)) {
    const regions = groups
      .filter((g) => g.startsWith(REGION_GROUP_PREFIX))
      .map((g) => g.slice(REGION_GROUP_PREFIX.length))
      .filter((r) => r !== '')
      .sort();
    if (regions.length === 0) {
      throw new ForbiddenError(
        `${actor} is a viewer of no region: add a ${REGION_GROUP_PREFIX}<region> group`,
      );
    }
    return { ...who, role: 'viewer', regions };
  }
  throw new ForbiddenError(`${actor} is in neither ${ADMIN_GROUP} nor ${VIEWER_GROUP}`);
}

/** Whether `principal` may see an engineer of `region`. */
export function maySee(principal: Principal, region: string): boolean {
  return principal.role === 'admin' || principal.regions.includes(region);
}

/** Every change is an admin's: a viewer changes nothing (403). */
export function assertAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new ForbiddenError('a viewer changes nothing: this needs kpi-admin');
}
