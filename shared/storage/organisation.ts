// Repository: the organisation's settings (one item).
import { type OrganisationSettings, organisationSettingsSchema } from '../domain/organisation.ts';
import { DEFAULT_ZONE, type Zone } from '../domain/values.ts';
import { NotFoundError } from '../errors.ts';
import { getItem, putItem, type Storage } from './client.ts';
import { ENTITY, keys } from './keys.ts';

export function findOrganisationSettings(storage: Storage): Promise<OrganisationSettings | undefined> {
  return getItem(storage, keys.organisation(), organisationSettingsSchema);
}

/** The settings; a NotFoundError tells the caller the organisation has not been set up yet. */
export async function getOrganisationSettings(storage: Storage): Promise<OrganisationSettings> {
  const settings = await findOrganisationSettings(storage);
  if (!settings) throw new NotFoundError('the organisation has not been set up (no settings stored)');
  return settings;
}

export async function putOrganisationSettings(
  storage: Storage,
  settings: OrganisationSettings,
): Promise<void> {
  await putItem(storage, { ...keys.organisation(), type: ENTITY.organisation, ...settings });
  // This process sees its own change at once; other processes within a minute.
  cachedZone = undefined;
}

// Every form request needs the zone and it changes rarely: kept for a minute per process.
const KEEP_ZONE_MS = 60_000;
let cachedZone: { zone: Zone; until: number; tableName: string } | undefined;

/** The organisation's time zone, or the product's default (kpi-sheet.md "Period") before it is set up. */
export async function organisationTimezone(storage: Storage): Promise<Zone> {
  const now = Date.now();
  if (cachedZone && cachedZone.until > now && cachedZone.tableName === storage.tableName)
    return cachedZone.zone;
  const zone = (await findOrganisationSettings(storage))?.timezone ?? DEFAULT_ZONE;
  cachedZone = { zone, until: now + KEEP_ZONE_MS, tableName: storage.tableName };
  return zone;
}
