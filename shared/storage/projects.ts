// Repository: projects. A project lives under its engineer's partition (the scorer reads them with the rest of
// the engineer's facts); an owner item `PROJECT#<id>` names that engineer, so ids are unique (conditional
// create) and a lookup by id is two strongly consistent GetItems. All projects are listed through gsi1.

import { type Project, projectSchema } from '../domain/project.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import * as z from '../schema.ts';
import { batchPut, getItem, listIndex, listPrefix, type Storage, transact } from './client.ts';
import { ENTITY, INDEX, keys } from './keys.ts';

function projectItem(project: Project): Record<string, unknown> {
  return {
    ...keys.project(project.engineerId, project.id),
    type: ENTITY.project,
    gsi1pk: keys.projectsCollection,
    gsi1sk: project.id,
    ...project,
  };
}

function ownerItem(project: Project): Record<string, unknown> {
  return { ...keys.projectOwner(project.id), type: ENTITY.projectOwner, engineerId: project.engineerId };
}

const projectOwnerSchema = z.object({ engineerId: z.string() });

async function findProject(storage: Storage, projectId: string): Promise<Project | undefined> {
  const owner = await getItem(storage, keys.projectOwner(projectId), projectOwnerSchema);
  return owner ? getItem(storage, keys.project(owner.engineerId, projectId), projectSchema) : undefined;
}

export async function getProject(storage: Storage, projectId: string): Promise<Project> {
  const project = await findProject(storage, projectId);
  if (!project) throw new NotFoundError(`no project with id ${projectId}`);
  return project;
}

/** Adds a new project; a ConflictError if the id is taken (by any engineer). */
export async function createProject(storage: Storage, project: Project): Promise<void> {
  await transact(
    storage,
    [
      {
        Put: {
          TableName: storage.tableName,
          Item: ownerItem(project),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      { Put: { TableName: storage.tableName, Item: projectItem(project) } },
    ],
    () => new ConflictError(`a project with id ${project.id} already exists`),
  );
}

/**
 * Stores a project (new or replaced). When it moves to another engineer (`previous` names the old record), the
 * old item is deleted in the same transaction, so the project is never listed under two engineers.
 */
export async function putProject(storage: Storage, project: Project, previous?: Project): Promise<void> {
  const moved = previous && previous.engineerId !== project.engineerId;
  await transact(storage, [
    { Put: { TableName: storage.tableName, Item: ownerItem(project) } },
    { Put: { TableName: storage.tableName, Item: projectItem(project) } },
    ...(moved
      ? [{ Delete: { TableName: storage.tableName, Key: keys.project(previous.engineerId, previous.id) } }]
      : []),
  ]);
}

/** Writes many projects (CSV import). Projects that moved engineer must go through putProject instead. */
export async function putProjects(storage: Storage, projects: Project[]): Promise<void> {
  await batchPut(
    storage,
    projects.flatMap((p) => [projectItem(p), ownerItem(p)]),
  );
}

/** The projects assigned to an engineer (one Query on the engineer's partition, strongly consistent). */
export function listEngineerProjects(storage: Storage, engineerId: string): Promise<Project[]> {
  return listPrefix(storage, keys.engineerPartition(engineerId), keys.projectPrefix, projectSchema);
}

export function listProjects(storage: Storage): Promise<Project[]> {
  return listIndex(storage, INDEX.byCollection, keys.projectsCollection, projectSchema);
}
