// The yardstick of bench:coldstart: a function that only makes a DynamoDB document client and reads one item,
// bundled exactly as the project's functions are. What a form costs beyond this is the form's own.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: { id: string }) {
  const { Item } = await client.send(
    new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: event.id, sk: event.id } }),
  );
  return Item ?? null;
}
