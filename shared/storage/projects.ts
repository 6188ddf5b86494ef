// Repository: projects. A project lives under its engineer's partition (the scorer reads them with the rest of
// the engineer's facts) and is found by id, or listed, through gsi1.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Project, projectSchema } from '../domain/project.ts';
import { NotFoundError } from '../errors.ts';
import { batchPut, fromItem, queryAll, type Storage, transact } from './client.ts';
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

export async function findProject(storage: Storage, projectId: string): Promise<Project | undefined> {
  const items = await queryAll(storage, {
    IndexName: INDEX.byCollection,
    KeyConditionExpression: 'gsi1pk = :c AND gsi1sk = :id',
    ExpressionAttributeValues: { ':c': keys.projectsCollection, ':id': projectId },
  });
  return items[0] ? fromItem(projectSchema, items[0]) : undefined;
}

export async function getProject(storage: Storage, projectId: string): Promise<Project> {
  const project = await findProject(storage, projectId);
  if (!project) throw new NotFoundError(`no project with id ${projectId}`);
  return project;
}

/**
 * Stores a project. When it moves to another engineer (`previous` names the old record), the old item is
 * deleted in the same transaction, so the project is never listed under two engineers.
 */
export async function putProject(storage: Storage, project: Project, previous?: Project): Promise<void> {
  if (previous && previous.engineerId !== project.engineerId) {
    await transact(storage, [
      { Delete: { TableName: storage.tableName, Key: keys.project(previous.engineerId, previous.id) } },
      { Put: { TableName: storage.tableName, Item: projectItem(project) } },
    ]);
    return;
  }
  await storage.doc.send(new PutCommand({ TableName: storage.tableName, Item: projectItem(project) }));
}

export async function deleteProject(storage: Storage, project: Project): Promise<void> {
  await storage.doc.send(
    new DeleteCommand({ TableName: storage.tableName, Key: keys.project(project.engineerId, project.id) }),
  );
}

/** Writes many projects (CSV import). Projects that moved engineer must go through putProject instead. */
export async function putProjects(storage: Storage, projects: Project[]): Promise<void> {
  await batchPut(storage, projects.map(projectItem));
}

/** The projects assigned to an engineer (one Query on the engineer's partition, strongly consistent). */
export async function listEngineerProjects(storage: Storage, engineerId: string): Promise<Project[]> {
  const items = await queryAll(storage, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': keys.engineerPartition(engineerId), ':p': keys.projectPrefix },
    ConsistentRead: true,
  });
  return items.map((i) => fromItem(projectSchema, i));
}

export async function listProjects(storage: Storage): Promise<Project[]> {
  const items = await queryAll(storage, {
    IndexName: INDEX.byCollection,
    KeyConditionExpression: 'gsi1pk = :c',
    ExpressionAttributeValues: { ':c': keys.projectsCollection },
  });
  return items.map((i) => fromItem(projectSchema, i));
}
