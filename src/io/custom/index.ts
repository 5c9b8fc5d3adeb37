// Custom sources and writers: a table from an iterable, or from a `ConnectorSubject` subclass, and a table's changes
// to a `ConnectorObserver` subclass (Pathway's `pw.io.python.read` / `write`).

export { ConnectorSubject, read, type CustomReadOptions } from './connector-subject.js';
export { fromIterable, deletion, COMMIT, type Deletion } from './iterable-source.js';
export { ConnectorObserver, write, type CustomWriteOptions } from './connector-observer.js';
