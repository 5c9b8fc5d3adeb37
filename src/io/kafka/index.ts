// Kafka: read topics through a consumer group (offsets committed after the pipeline commits), write changes.
// Tested against `FakeKafka` at the client seam; `KAFKA_BROKERS=host:port` also runs the integration test.

export { read, type KafkaReadOptions } from './kafka-read.js';
export { write, type KafkaWriteOptions } from './kafka-write.js';
export { FakeKafka } from './fake-kafka.js';
export type { KafkaClientLike, KafkaConnection } from './kafka-client.js';
