// Use cases: the roster (engineers) and the survey's respondents (regional sales managers, customer contacts).

import { entityId, looseBoolean } from '../domain/common.ts';
import { type Engineer, engineerInput, engineerPatch } from '../domain/engineer.ts';
import { type Respondent, respondentInput } from '../domain/respondent.ts';
import * as z from '../schema.ts';
import {
  createEngineer,
  getEngineer as readEngineer,
  listEngineers as readEngineers,
  replaceEngineer,
} from '../storage/engineers.ts';
import {
  putRespondent,
  getRespondent as readRespondent,
  listRespondents as readRespondents,
} from '../storage/respondents.ts';
import { type AdminContext, parseInput } from './context.ts';

export const listEngineersInput = z.strictObject({
  active: z.described(z.optional(looseBoolean), 'only active engineers'),
});
export const byIdInput = z.strictObject({ id: entityId });

/** Lists engineers. 1. Parse the filter. 2. Query all (or only the active) engineers, sorted by id. */
export async function listEngineers(ctx: AdminContext, input: unknown): Promise<Engineer[]> {
  const { active } = parseInput(listEngineersInput, input);
  const engineers = await readEngineers(ctx.storage, { activeOnly: active === true });
  return (active === false ? engineers.filter((e) => !e.active) : engineers).sort((a, b) =>
    a.id.localeCompare(b.id),
  );
}

/** Reads one engineer. 1. Parse the id. 2. Read it (NotFoundError if unknown). */
export async function getEngineer(ctx: AdminContext, input: unknown): Promise<Engineer> {
  return readEngineer(ctx.storage, parseInput(byIdInput, input).id);
}

/**
 * Adds an engineer.
 * 1. Parse with the engineer schema.
 * 2. Store with link version 1, refusing an id already taken (ConflictError).
 */
export async function addEngineer(ctx: AdminContext, input: unknown): Promise<Engineer> {
  const fields = parseInput(engineerInput, input);
  const at = ctx.now().toISOString();
  const engineer: Engineer = { ...fields, dailyReportLinkVersion: 1, createdAt: at, updatedAt: at };
  await createEngineer(ctx.storage, engineer);
  return engineer;
}

/**
 * Changes some fields of an engineer.
 * 1. Parse the patch. 2. Read the engineer (NotFoundError). 3. Merge and check the dates are still in order.
 * 4. Write conditioned on the version read (ConflictError if someone else changed it meanwhile).
 */
export async function updateEngineer(ctx: AdminContext, input: unknown): Promise<Engineer> {
  const patch = parseInput(engineerPatch, input);
  const current = await readEngineer(ctx.storage, patch.id);
  const merged = Object.fromEntries(
    Object.entries({ ...current, ...patch }).filter(
      // Bookkeeping is not the manager's to set; a null managerEmail in the patch clears it.
      ([k, v]) =>
        !['createdAt', 'updatedAt', 'dailyReportLinkVersion'].includes(k) &&
        !(k === 'managerEmail' && v === null),
    ),
  );
  const fields = parseInput(engineerInput, merged);
  const engineer: Engineer = {
    ...fields,
    dailyReportLinkVersion: current.dailyReportLinkVersion,
    createdAt: current.createdAt,
    updatedAt: ctx.now().toISOString(),
  };
  await replaceEngineer(ctx.storage, engineer, current.updatedAt);
  return engineer;
}

/**
 * Revokes an engineer's daily-report link (e.g. a lost phone): every link issued so far stops working.
 * 1. Read the engineer. 2. Bump the link version, conditioned on the version read.
 */
export async function rotateDailyReportLink(ctx: AdminContext, input: unknown): Promise<Engineer> {
  const { id } = parseInput(byIdInput, input);
  const current = await readEngineer(ctx.storage, id);
  const engineer: Engineer = {
    ...current,
    dailyReportLinkVersion: current.dailyReportLinkVersion + 1,
    updatedAt: ctx.now().toISOString(),
  };
  await replaceEngineer(ctx.storage, engineer, current.updatedAt);
  return engineer;
}

/** Lists respondents. 1. Query them, sorted by id. */
export async function listRespondents(ctx: AdminContext, input: unknown): Promise<Respondent[]> {
  parseInput(z.strictObject({}), input);
  return (await readRespondents(ctx.storage)).sort((a, b) => a.id.localeCompare(b.id));
}

export async function getRespondent(ctx: AdminContext, input: unknown): Promise<Respondent> {
  return readRespondent(ctx.storage, parseInput(byIdInput, input).id);
}

/** Adds a respondent. 1. Parse (a region for a sales manager, a customer for a contact). 2. Store (ConflictError if the id is taken). */
export async function addRespondent(ctx: AdminContext, input: unknown): Promise<Respondent> {
  const fields = parseInput(respondentInput, input);
  const at = ctx.now().toISOString();
  const respondent: Respondent = { ...fields, createdAt: at, updatedAt: at };
  await putRespondent(ctx.storage, respondent);
  return respondent;
}

/** Replaces a respondent. 1. Parse. 2. Read the current one (NotFoundError). 3. Store, keeping createdAt. */
export async function replaceRespondent(ctx: AdminContext, input: unknown): Promise<Respondent> {
  const fields = parseInput(respondentInput, input);
  const current = await readRespondent(ctx.storage, fields.id);
  const respondent: Respondent = {
    ...fields,
    createdAt: current.createdAt,
    updatedAt: ctx.now().toISOString(),
  };
  await putRespondent(ctx.storage, respondent, { replace: true });
  return respondent;
}
