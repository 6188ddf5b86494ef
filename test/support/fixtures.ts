// Records the tests and benches seed, with the defaults a stored record has: one place to say what "an engineer
// employed since 2020 and scored" looks like, so a new required field is added once.
import type { Engineer } from '../../shared/domain/engineer.ts';
import { organisationSettingsSchema } from '../../shared/domain/organisation.ts';
import type { Storage } from '../../shared/storage/client.ts';
import { putOrganisationSettings } from '../../shared/storage/organisation.ts';

/** An active zh-CN engineer of region North, employed since 2020, with link version 1; `overrides` win. */
export function testEngineer(id: string, overrides: Partial<Engineer> = {}, at = new Date()): Engineer {
  const now = at.toISOString();
  return {
    id,
    name: `Engineer ${id}`,
    email: `${id}@example.com`,
    language: 'zh-CN',
    region: 'North',
    startDate: '2020-01-01',
    endDate: null,
    leave: [],
    active: true,
    dailyReportLinkVersion: 1,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** Shanghai, zh-CN by default, and `managerEmail` as the department manager who gets the team summary. */
export async function putTestOrganisation(storage: Storage, managerEmail: string): Promise<void> {
  await putOrganisationSettings(
    storage,
    organisationSettingsSchema.parse({
      timezone: 'Asia/Shanghai',
      departmentManager: { name: 'Dept Manager', email: managerEmail },
      defaultLanguage: 'zh-CN',
    }),
  );
}
