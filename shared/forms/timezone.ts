// The organisation's time zone for the forms ("today", deadlines, closing times), read from its settings and
// kept for a minute per process: it changes rarely and every form request needs it.
import type { Storage } from '../storage/client.ts';
import { findOrganisationSettings } from '../storage/organisation.ts';

/** The product's default zone (kpi-sheet.md "Period") when the organisation has not been set up yet. */
export const DEFAULT_TIMEZONE = 'Asia/Shanghai';
const KEEP_MS = 60_000;

let cached: { zone: string; until: number; tableName: string } | undefined;

export async function organisationTimezone(storage: Storage): Promise<string> {
  const now = Date.now();
  if (cached && cached.until > now && cached.tableName === storage.tableName) return cached.zone;
  const zone = (await findOrganisationSettings(storage))?.timezone ?? DEFAULT_TIMEZONE;
  cached = { zone, until: now + KEEP_MS, tableName: storage.tableName };
  return zone;
}
