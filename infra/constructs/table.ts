// The one DynamoDB table, built from the key module the code uses (shared/storage/keys.ts: the same
// CreateTable definition DynamoDB Local gets): same key schema, index names, projections and TTL attribute —
// there is no second copy of them here.
import { RemovalPolicy } from 'aws-cdk-lib';
import {
  type Attribute,
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { createTableInput, TABLE } from '#shared/storage/keys.ts';

type KeySchema = { AttributeName?: string; KeyType?: string }[] | undefined;

export class KpiTable extends Table {
  /** The index names, as the key module declares them (for least-privilege grants). */
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string) {
    const definition = createTableInput('derived-from-keys');
    const types = new Map(
      (definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType] as const),
    );
    const attribute = (name: string | undefined): Attribute => {
      const type = types.get(name);
      if (!name || !type)
        throw new Error(`key attribute ${name} has no definition in shared/storage/keys.ts`);
      const cdkType = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY }[type];
      return { name, type: cdkType };
    };
    const keyOf = (schema: KeySchema, kind: 'HASH' | 'RANGE') =>
      schema?.find((k) => k.KeyType === kind)?.AttributeName;
    const sortKeyName = keyOf(definition.KeySchema, 'RANGE');

    super(scope, id, {
      partitionKey: attribute(keyOf(definition.KeySchema, 'HASH')),
      sortKey: sortKeyName ? attribute(sortKeyName) : undefined,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      // Every item is evidence behind someone's score: deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
      timeToLiveAttribute: TABLE.timeToLiveAttribute,
      // The low-score alert notifier's trigger; keys only: it reads the waiting alert itself.
      stream: StreamViewType.KEYS_ONLY,
    });

    const indexNames: string[] = [];
    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      if (!index.IndexName) throw new Error('a global secondary index in shared/storage/keys.ts has no name');
      const indexSortKey = keyOf(index.KeySchema, 'RANGE');
      const projection = index.Projection?.ProjectionType ?? 'ALL';
      this.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        partitionKey: attribute(keyOf(index.KeySchema, 'HASH')),
        sortKey: indexSortKey ? attribute(indexSortKey) : undefined,
        projectionType: ProjectionType[projection as keyof typeof ProjectionType],
        nonKeyAttributes: projection === 'INCLUDE' ? index.Projection?.NonKeyAttributes : undefined,
      });
      indexNames.push(index.IndexName);
    }
    this.indexNames = indexNames;
  }
}
