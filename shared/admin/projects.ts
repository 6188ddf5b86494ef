// Use cases: projects and who supports them.

import { entityId } from '../domain/common.ts';
import { type Project, projectInput } from '../domain/project.ts';
import * as z from '../schema.ts';
import { getEngineer } from '../storage/engineers.ts';
import {
  createProject,
  listEngineerProjects,
  putProject,
  getProject as readProject,
  listProjects as readProjects,
} from '../storage/projects.ts';
import { type AdminContext, parseInput } from './context.ts';

export const listProjectsInput = z.strictObject({
  engineerId: z.described(z.optional(entityId), "only this engineer's projects"),
});

/** Lists projects. 1. Parse the filter. 2. Query one engineer's projects, or all; sorted by id. */
export async function listProjects(ctx: AdminContext, input: unknown): Promise<Project[]> {
  const { engineerId } = parseInput(listProjectsInput, input);
  const projects = engineerId
    ? await listEngineerProjects(ctx.storage, engineerId)
    : await readProjects(ctx.storage);
  return projects.sort((a, b) => a.id.localeCompare(b.id));
}

export async function getProject(ctx: AdminContext, input: unknown): Promise<Project> {
  return readProject(ctx.storage, parseInput(z.strictObject({ id: entityId }), input).id);
}

/**
 * Adds a project.
 * 1. Parse. 2. Check the engineer exists (NotFoundError).
 * 3. Store with the id's owner item, conditioned on the id being unused (ConflictError).
 */
export async function addProject(ctx: AdminContext, input: unknown): Promise<Project> {
  const fields = parseInput(projectInput, input);
  await getEngineer(ctx.storage, fields.engineerId);
  const at = ctx.now().toISOString();
  const project: Project = { ...fields, createdAt: at, updatedAt: at };
  await createProject(ctx.storage, project);
  return project;
}

/**
 * Replaces a project (e.g. sets its end, or hands it to another engineer).
 * 1. Parse. 2. Read the current project (NotFoundError) and check the engineer exists.
 * 3. Store; a move to another engineer deletes the old item in the same transaction.
 */
export async function replaceProject(ctx: AdminContext, input: unknown): Promise<Project> {
  const fields = parseInput(projectInput, input);
  const current = await readProject(ctx.storage, fields.id);
  await getEngineer(ctx.storage, fields.engineerId);
  const project: Project = { ...fields, createdAt: current.createdAt, updatedAt: ctx.now().toISOString() };
  await putProject(ctx.storage, project, current);
  return project;
}
