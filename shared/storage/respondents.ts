// Repository: respondents (regional sales managers and customer contacts), listed through gsi1.
import { type Respondent, respondentSchema } from '../domain/respondent.ts';
import { collectionRepository, type Storage } from './client.ts';
import { ENTITY, keys } from './keys.ts';

const respondents = collectionRepository<Respondent>({
  noun: 'respondent',
  article: 'a',
  schema: respondentSchema,
  key: keys.respondent,
  type: ENTITY.respondent,
  collection: keys.respondentsCollection,
});

export const findRespondent = respondents.find;
export const getRespondent = respondents.get;
export const putRespondents = respondents.putMany;
export const listRespondents = respondents.list;

/** Adds a respondent, or with `replace` overwrites the one with the same id. */
export function putRespondent(
  storage: Storage,
  respondent: Respondent,
  options: { replace?: boolean } = {},
): Promise<void> {
  return options.replace ? respondents.replace(storage, respondent) : respondents.create(storage, respondent);
}
