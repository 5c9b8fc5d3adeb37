// `cw.io.logstash.write` (Pathway's `pw.io.logstash.write`): the change stream sent to Logstash's HTTP input, each
// change a flat JSON object with `time` and `diff` (`cw.io.http.write` in its JSON format).

import type { Table } from '../../table/table.js';
import { write as httpWrite, type HttpWriteOptions } from '../http/index.js';

/** Options of `logstash.write`: the HTTP writer's retries, timeouts and batching (the format is Logstash's JSON). */
export type LogstashWriteOptions = Omit<HttpWriteOptions, 'format' | 'requestPayloadTemplate' | 'method'>;

/** Sends every change of `table` to the Logstash HTTP input at `endpoint` (e.g. `http://localhost:8012`). */
export function write(table: Table<any>, endpoint: string, options: LogstashWriteOptions = {}): void {
  httpWrite(table, endpoint, { ...options, format: 'json', method: 'POST' });
}
