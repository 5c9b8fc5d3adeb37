// The source contract for `http.read` (NDJSON): a local server whose content the fixture controls; each connection
// gets the whole content, then (streaming) the lines appended later.

import type { ServerResponse } from 'node:http';
import { CONTRACT_SCHEMA, sourceContract } from '../testing/connector-contract.test-util.js';
import { LocalServer } from './http-test-util.test-util.js';
import * as http from './index.js';

sourceContract({
  name: 'http.read jsonlines',
  capabilities: { static: true, updates: true, deletes: false, badRecords: true, restart: 'replay' },
  async setup() {
    const lines: string[] = [];
    const followers = new Set<ServerResponse>();
    const server = await new LocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const l of lines) res.write(`${l}\n`);
      if (req.url?.includes('follow=1')) {
        followers.add(res);
        res.on('close', () => followers.delete(res));
      } else res.end();
    }).start();
    const append = async (texts: string[]) => {
      lines.push(...texts);
      for (const f of followers) for (const t of texts) f.write(`${t}\n`);
    };
    return {
      insert: (rows) => append(rows.map((r) => JSON.stringify(r))),
      update: (rows) => append(rows.map((r) => JSON.stringify(r))),
      insertMalformed: () => append(['{"key": "bad", "word": ']),
      read: (mode) =>
        http.read(`${server.url}/rows?follow=${mode === 'streaming' ? 1 : 0}`, {
          schema: CONTRACT_SCHEMA,
          mode,
          autocommitDurationMs: 5,
        }),
      cleanup: () => server.close(),
    };
  },
});
