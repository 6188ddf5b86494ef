// Use cases: the organisation's settings.

import { type OrganisationSettings, organisationSettingsInput } from '../domain/organisation.ts';
import * as z from '../schema.ts';
import { getOrganisationSettings, putOrganisationSettings } from '../storage/organisation.ts';
import { type AdminContext, parseInput } from './context.ts';

const getSettingsInput = z.strictObject({});

/** Reads the settings. 1. Read the settings item (NotFoundError before the first setup). */
export async function getSettings(ctx: AdminContext, input: unknown): Promise<OrganisationSettings> {
  parseInput(getSettingsInput, input);
  return getOrganisationSettings(ctx.storage);
}

/**
 * Sets the settings (the whole document; omitted fields take their defaults).
 * 1. Parse with the settings schema (time zone, dates, schedule, survey closing before scoring).
 * 2. Store them.
 */
export async function setSettings(ctx: AdminContext, input: unknown): Promise<OrganisationSettings> {
  const settings = parseInput(organisationSettingsInput, input);
  await putOrganisationSettings(ctx.storage, settings);
  return settings;
}
