// An in-memory Kafka for tests: topics with partitions, consumer groups with committed offsets, producers.
// It speaks the connector's client seam (`KafkaClientLike`), not the wire protocol.

import type {
  KafkaAdminLike,
  KafkaClientLike,
  KafkaConsumerLike,
  KafkaMessageIn,
  KafkaMessageOut,
  KafkaProducerLike,
} from './kafka-client.js';

interface StoredMessage extends KafkaMessageIn {
  readonly partition: number;
}

/** An in-memory broker: `produce` to add messages, `client()` for the connector. */
export class FakeKafka {
  private readonly topics = new Map<string, StoredMessage[][]>();
  private readonly committed = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  /** Committed offset commits seen (for assertions). */
  readonly commits: { groupId: string; topic: string; partition: number; offset: string }[] = [];

  /** Creates a topic with `partitions` partitions (idempotent). */
  createTopic(topic: string, partitions = 1): void {
    if (!this.topics.has(topic))
      this.topics.set(
        topic,
        Array.from({ length: partitions }, () => []),
      );
  }

  /** Appends messages (partition chosen by key hash, or round robin). */
  produce(topic: string, messages: readonly KafkaMessageOut[], partition?: number): void {
    this.createTopic(topic);
    const parts = this.topics.get(topic)!;
    let rr = 0;
    for (const m of messages) {
      const p =
        partition ??
        (m.key != null ? [...String(m.key)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 0) : rr++);
      const list = parts[Math.abs(p) % parts.length]!;
      const headers: Record<string, Buffer> = {};
      for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = Buffer.from(v);
      list.push({
        partition: Math.abs(p) % parts.length,
        key: m.key == null ? null : Buffer.from(m.key),
        value: m.value == null ? null : Buffer.from(m.value),
        offset: String(list.length),
        timestamp: String(Date.now()),
        headers,
      });
    }
    for (const l of this.listeners) l();
  }

  /** Every message of a topic, partition by partition. */
  messages(topic: string): StoredMessage[] {
    return (this.topics.get(topic) ?? []).flat();
  }

  /** The committed offset of a group on a partition (undefined if none). */
  committedOffset(groupId: string, topic: string, partition: number): number | undefined {
    return this.committed.get(`${groupId}/${topic}/${partition}`);
  }

  /** The client the connector uses. */
  client(): KafkaClientLike {
    return {
      consumer: ({ groupId }) => this.consumer(groupId),
      producer: () => this.producer(),
      admin: () => this.admin(),
    };
  }

  private producer(): KafkaProducerLike {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      send: async ({ topic, messages }) => {
        this.produce(topic, messages);
        return [];
      },
    };
  }

  private admin(): KafkaAdminLike {
    return {
      connect: async () => undefined,
      disconnect: async () => undefined,
      listTopics: async () => [...this.topics.keys()],
      fetchTopicOffsetsByTimestamp: async (topic, timestamp = 0) =>
        (this.topics.get(topic) ?? []).map((list, partition) => {
          const at = list.findIndex((m) => Number(m.timestamp) >= timestamp);
          return { partition, offset: String(at < 0 ? list.length : at) };
        }),
    };
  }

  private consumer(groupId: string): KafkaConsumerLike {
    let topics: string[] = [];
    let fromBeginning = false;
    let running = false;
    const positions = new Map<string, number>();
    let wake: (() => void) | undefined;
    const listener = () => wake?.();
    return {
      connect: async () => undefined,
      disconnect: async () => {
        running = false;
        this.listeners.delete(listener);
        wake?.();
      },
      subscribe: async (s) => {
        for (const t of s.topics)
          if (!this.topics.has(t)) throw new Error(`This server does not host this topic-partition (${t})`);
        topics = s.topics;
        fromBeginning = s.fromBeginning ?? false;
      },
      seek: ({ topic, partition, offset }) => {
        positions.set(`${topic}/${partition}`, Number(offset));
        wake?.();
      },
      commitOffsets: async (offsets) => {
        for (const o of offsets) {
          this.committed.set(`${groupId}/${o.topic}/${o.partition}`, Number(o.offset));
          this.commits.push({ groupId, ...o });
        }
      },
      run: async ({ eachMessage }) => {
        running = true;
        this.listeners.add(listener);
        for (const t of topics)
          (this.topics.get(t) ?? []).forEach((list, p) => {
            const key = `${t}/${p}`;
            if (positions.has(key)) return;
            const c = this.committed.get(`${groupId}/${key}`);
            positions.set(key, c ?? (fromBeginning ? 0 : list.length));
          });
        // Deliver in the background, like kafkajs (run resolves once the consumer is running).
        void (async () => {
          while (running) {
            let delivered = false;
            for (const t of topics) {
              const parts = this.topics.get(t) ?? [];
              for (let p = 0; p < parts.length && running; p++) {
                const key = `${t}/${p}`;
                const at = positions.get(key) ?? 0;
                const m = parts[p]![at];
                if (m === undefined) continue;
                positions.set(key, at + 1);
                delivered = true;
                await eachMessage({ topic: t, partition: p, message: m });
              }
            }
            if (!delivered && running) await new Promise<void>((r) => (wake = r));
          }
        })();
      },
    };
  }
}
