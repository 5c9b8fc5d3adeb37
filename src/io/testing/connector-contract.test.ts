// The contract suite run against in-memory reference connectors: checks the suite itself and shows how to plug in.

import type { Source, SourceContext } from '../source.js';
import { readSource } from '../read-source.js';
import { writeSink } from '../sink.js';
import {
  CONTRACT_SCHEMA,
  sinkContract,
  sourceContract,
  type ContractRow,
} from './connector-contract.test-util.js';

/** An in-memory queue: messages are kept until a reader acknowledges them after its commit. */
class MemoryQueue {
  messages: { op: 'insert' | 'delete' | 'bad'; row: Partial<ContractRow> }[] = [];
  acked = 0;
  private wake: (() => void) | undefined;
  push(m: MemoryQueue['messages'][number]): void {
    this.messages.push(m);
    this.wake?.();
  }
  source(): Source {
    return {
      name: 'memory-queue',
      run: async (ctx: SourceContext) => {
        let next = this.acked;
        ctx.onCommitted(() => {
          this.acked = next;
        });
        for (;;) {
          while (next < this.messages.length) {
            const m = this.messages[next++]!;
            if (m.op === 'insert') ctx.insert(m.row, `message ${next}`);
            else if (m.op === 'delete') ctx.delete(m.row, `message ${next}`);
            else ctx.error(`message ${next}`, 'not JSON');
          }
          if (ctx.mode === 'static' || ctx.signal.aborted) return;
          await new Promise<void>((resolve) => {
            this.wake = resolve;
            ctx.signal.addEventListener('abort', () => resolve(), { once: true });
          });
        }
      },
    };
  }
}

sourceContract({
  name: 'memory-queue',
  capabilities: { static: true, updates: true, deletes: true, badRecords: true, restart: 'resume' },
  async setup() {
    const q = new MemoryQueue();
    return {
      insert: async (rows) => rows.forEach((row) => q.push({ op: 'insert', row })),
      update: async (rows) => rows.forEach((row) => q.push({ op: 'insert', row })),
      delete: async (keys) => keys.forEach((key) => q.push({ op: 'delete', row: { key } })),
      insertMalformed: async () => q.push({ op: 'bad', row: {} }),
      read: (mode) => readSource(() => q.source(), CONTRACT_SCHEMA, { mode, autocommitDurationMs: 5 }),
      cleanup: async () => undefined,
    };
  },
});

sinkContract({
  name: 'memory change stream',
  mode: 'changeStream',
  async setup() {
    const out: Record<string, unknown>[] = [];
    return {
      write(table) {
        writeSink(table, {
          name: 'memory',
          write({ time, rows, diffs }) {
            rows.forEach((r, i) => out.push({ key: r[0], word: r[1], n: r[2], time, diff: diffs[i] }));
          },
        });
      },
      readBack: async () => out,
      cleanup: async () => undefined,
    };
  },
});
