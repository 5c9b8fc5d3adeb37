// `cw.io.redpanda` (Pathway's `pw.io.redpanda`): Redpanda speaks the Kafka protocol, so these are `cw.io.kafka`'s reader
// and writer under Redpanda's name.

export { read, write, type KafkaReadOptions, type KafkaWriteOptions } from '../kafka/index.js';
