// Repository: engineers (profile item under the engineer's partition; listed through gsi1, active ones through
// the sparse gsi2 collection).
import { type Engineer, engineerSchema } from '../domain/engineer.ts';
import { collectionRepository, listIndex, type Storage } from './client.ts';
import { ENTITY, INDEX, keys } from './keys.ts';

const engineers = collectionRepository<Engineer>({
  noun: 'engineer',
  article: 'an',
  schema: engineerSchema,
  key: keys.engineer,
  type: ENTITY.engineer,
  collection: keys.engineersCollection,
  // Sparse: only active engineers appear in this collection, so the monthly job reads exactly them.
  indexAttributes: (engineer) =>
    engineer.active ? { gsi2pk: keys.activeEngineersCollection, gsi2sk: engineer.id } : {},
});

export const findEngineer = engineers.find;
export const getEngineer = engineers.get;
/** Adds a new engineer; a ConflictError if the id is taken. */
export const createEngineer = engineers.create;
/** Writes many engineers at once (CSV import: validated beforehand; replaces existing ones with the same id). */
export const putEngineers = engineers.putMany;

/**
 * Replaces an engineer's record, provided nobody changed it since `expectedUpdatedAt` was read (optimistic
 * lock, so two managers editing at once cannot silently undo each other).
 */
export function replaceEngineer(
  storage: Storage,
  engineer: Engineer,
  expectedUpdatedAt: string,
): Promise<void> {
  return engineers.replace(storage, engineer, expectedUpdatedAt);
}

export function listEngineers(storage: Storage, options: { activeOnly?: boolean } = {}): Promise<Engineer[]> {
  return options.activeOnly
    ? listIndex(storage, INDEX.byMonth, keys.activeEngineersCollection, engineerSchema)
    : engineers.list(storage);
}
