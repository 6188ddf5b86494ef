// Repository: the organisation's settings (one item).
import { type OrganisationSettings, organisationSettingsSchema } from '../domain/organisation.ts';
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
}
