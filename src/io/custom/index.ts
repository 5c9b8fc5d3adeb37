// Custom sources: a table from an iterable, or from a `ConnectorSubject` subclass (Pathway's `pw.io.python`).

export { ConnectorSubject, read, type CustomReadOptions } from './connector-subject.js';
export { fromIterable, deletion, COMMIT, type Deletion } from './iterable-source.js';
