// Debezium change-event format, usable with any message source (`format: 'debezium'`).

export { decodeDebezium, applyDebezium, type DebeziumChange } from './debezium-format.js';
