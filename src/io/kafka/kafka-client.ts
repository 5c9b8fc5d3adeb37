// The client seam of the Kafka connector: the few kafkajs calls it makes, as interfaces. `kafkajs` implements them
// (loaded lazily); tests plug in `FakeKafka`, which speaks the same calls in memory.

/** A message as the consumer hands it over. */
export interface KafkaMessageIn {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly offset: string;
  readonly timestamp: string;
  readonly headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
}

/** A message to produce. */
export interface KafkaMessageOut {
  key?: string | Buffer | null;
  value: string | Buffer | null;
  headers?: Record<string, string | Buffer>;
}

/** The consumer calls the connector makes (a subset of kafkajs's `Consumer`). */
export interface KafkaConsumerLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  subscribe(s: { topics: string[]; fromBeginning?: boolean }): Promise<void>;
  run(config: {
    autoCommit?: boolean;
    eachMessage: (p: { topic: string; partition: number; message: KafkaMessageIn }) => Promise<void>;
  }): Promise<void>;
  commitOffsets(offsets: { topic: string; partition: number; offset: string }[]): Promise<void>;
  seek(p: { topic: string; partition: number; offset: string }): void;
}

/** The producer calls the connector makes (a subset of kafkajs's `Producer`). */
export interface KafkaProducerLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  send(record: { topic: string; messages: KafkaMessageOut[] }): Promise<unknown>;
}

/** The admin calls the connector makes (a subset of kafkajs's `Admin`). */
export interface KafkaAdminLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  listTopics(): Promise<string[]>;
  fetchTopicOffsetsByTimestamp(
    topic: string,
    timestamp?: number,
  ): Promise<{ partition: number; offset: string }[]>;
}

/** A Kafka client: kafkajs's `Kafka` object, or a fake. */
export interface KafkaClientLike {
  consumer(options: { groupId: string }): KafkaConsumerLike;
  producer(options?: { idempotent?: boolean }): KafkaProducerLike;
  admin(): KafkaAdminLike;
}

/** Connection settings of the real client. */
export interface KafkaConnection {
  /** Broker addresses, `host:port`. */
  brokers: string[];
  /** Client id shown in broker logs (default `causeway`). */
  clientId?: string;
  /** TLS on/off or kafkajs TLS options. */
  ssl?: boolean | Record<string, unknown>;
  /** SASL credentials (never printed). */
  sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** Makes the kafkajs client for `connection` (kafkajs is an optional peer dependency). */
export async function kafkajsClient(connection: KafkaConnection): Promise<KafkaClientLike> {
  let mod: typeof import('kafkajs');
  try {
    mod = await import('kafkajs');
  } catch {
    throw new Error('the Kafka connector needs the kafkajs package: npm install kafkajs');
  }
  const { Kafka, logLevel } = mod;
  return new Kafka({
    clientId: connection.clientId ?? 'causeway',
    brokers: connection.brokers,
    ssl: connection.ssl,
    sasl: connection.sasl as never,
    logLevel: logLevel.ERROR,
  });
}
