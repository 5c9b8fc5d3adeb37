// The shared contract suite every connector runs (Hono-style: one suite, a few lines per implementation).
// Sources: static read, streaming inserts/updates/deletes, a malformed record, restart of the reader.
// Sinks: a stream of inserts, updates and deletes written as a change stream (time, diff) or kept as a snapshot.
//
// Usage, in `src/io/<name>/<name>.contract.test.ts`:
//   sourceContract({ name: 'fs.jsonlines', capabilities: {...}, setup: async () => ({ insert, read, ... }) });
//   sinkContract({ name: 'fs.csv', mode: 'changeStream', setup: async () => ({ write, readBack, cleanup }) });

import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import type { ReadMode } from '../source.js';
import type { Table } from '../../table/table.js';
import { tableFromMarkdown } from '../../testing/index.js';
import { LiveView, runInBackground } from './live-view.test-util.js';

/** The rows every contract test uses. */
export interface ContractRow extends Record<string, unknown> {
  key: string;
  word: string;
  n: number;
}

/** Contract rows `k<i>` / `w<i>` / `i` for i in [from, to) (bulk tests of a connector). */
export function contractRows(from: number, to: number): ContractRow[] {
  const out: ContractRow[] = [];
  for (let i = from; i < to; i++) out.push({ key: `k${i}`, word: `w${i}`, n: i });
  return out;
}

/** The schema of contract rows: `key` is the primary key. */
export const CONTRACT_SCHEMA = cw.schema({
  key: cw.column(cw.STR, { primaryKey: true }),
  word: cw.STR,
  n: cw.INT,
});

/** One external object (a directory, a table, a stream) prepared for one test. */
export interface SourceFixture {
  /** Adds rows to the external system. */
  insert(rows: readonly ContractRow[]): Promise<void>;
  /** Replaces the rows with these keys by these values (capability `updates`). */
  update?(rows: readonly ContractRow[]): Promise<void>;
  /** Removes the rows with these keys (capability `deletes`). */
  delete?(keys: readonly string[]): Promise<void>;
  /** Adds one malformed record (capability `badRecords`). */
  insertMalformed?(): Promise<void>;
  /** A table reading the object, typed by `CONTRACT_SCHEMA` (a new reader per call). */
  read(mode: ReadMode): Table<ContractRow>;
  /** Removes what the fixture created. */
  cleanup(): Promise<void>;
}

/** How a source is plugged into the contract. */
export interface SourceHarness {
  /** Suite name: `fs.jsonlines`, `postgres`. */
  name: string;
  /** What the source supports. */
  capabilities: {
    /** Static mode (read what exists and finish). */
    static: boolean;
    updates: boolean;
    deletes: boolean;
    badRecords: boolean;
    /** After a restart the reader replays everything (files, tables) or resumes after what was committed (queues). */
    restart: 'replay' | 'resume';
  };
  /** Creates a fresh external object. */
  setup(): Promise<SourceFixture>;
  /** Per-test timeout in ms (default 30 s). */
  timeoutMs?: number;
}

const rows3: ContractRow[] = [
  { key: 'a', word: 'alpha', n: 1 },
  { key: 'b', word: 'beta', n: 2 },
  { key: 'c', word: 'gamma', n: 3 },
];

function sorted(rows: readonly ContractRow[]): ContractRow[] {
  return [...rows].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

/** Runs the source contract against `harness`. */
export function sourceContract(harness: SourceHarness): void {
  const caps = harness.capabilities;
  const timeout = harness.timeoutMs ?? 30_000;
  describe(`${harness.name} source contract`, () => {
    let fixture: SourceFixture | undefined;
    afterEach(async () => {
      cw.clearGraph();
      await fixture?.cleanup();
      fixture = undefined;
    });

    it.runIf(caps.static)(
      'reads what exists in static mode and finishes',
      async () => {
        fixture = await harness.setup();
        await fixture.insert(rows3);
        const view = new LiveView(fixture.read('static'));
        await cw.run();
        expect(sorted(view.values())).toEqual(rows3);
      },
      timeout,
    );

    it(
      'streams inserts, updates and deletes as they happen',
      async () => {
        const f = (fixture = await harness.setup());
        await f.insert(rows3.slice(0, 2));
        const view = new LiveView(f.read('streaming'));
        const run = runInBackground();
        try {
          await view.waitFor((v) => v.rows.size === 2, timeout / 2, 'the first two rows');
          await f.insert(rows3.slice(2));
          await view.waitFor((v) => v.rows.size === 3, timeout / 2, 'the inserted row');
          if (caps.updates && f.update) {
            await f.update([{ key: 'a', word: 'alpha', n: 10 }]);
            await view.waitFor(
              (v) => v.values().some((r) => r.key === 'a' && r.n === 10) && v.rows.size === 3,
              timeout / 2,
              'the update of a',
            );
          }
          if (caps.deletes && f.delete) {
            await f.delete(['b']);
            await view.waitFor(
              (v) => !v.values().some((r) => r.key === 'b'),
              timeout / 2,
              'the deletion of b',
            );
          }
        } finally {
          await run.stop();
        }
        const expected = rows3
          .map((r) => (caps.updates && r.key === 'a' ? { ...r, n: 10 } : r))
          .filter((r) => !(caps.deletes && r.key === 'b'));
        expect(sorted(view.values())).toEqual(expected);
      },
      timeout,
    );

    it.runIf(caps.badRecords)(
      'logs a malformed record with the source and position, and keeps the other rows',
      async () => {
        const f = (fixture = await harness.setup());
        await f.insert(rows3.slice(0, 1));
        await f.insertMalformed!();
        await f.insert(rows3.slice(1, 2));
        const view = new LiveView(f.read(caps.static ? 'static' : 'streaming'));
        const log = new LiveView(cw.globalErrorLog());
        const run = runInBackground({ terminateOnError: false });
        try {
          await view.waitFor((v) => v.rows.size === 2, timeout / 2, 'the two valid rows');
          await log.waitFor((v) => v.rows.size >= 1, timeout / 2, 'the error-log row');
        } finally {
          await run.stop();
        }
        expect(sorted(view.values())).toEqual(rows3.slice(0, 2));
        const entry = log.values()[0]!;
        expect(entry.message).toMatch(/malformed record at /);
        expect(entry.operator).toBeTruthy();
      },
      timeout,
    );

    it(
      caps.restart === 'replay'
        ? 'a restarted reader sees the whole current content once'
        : 'a restarted reader resumes after what was committed, losing and repeating nothing',
      async () => {
        const f = (fixture = await harness.setup());
        await f.insert(rows3.slice(0, 2));
        const first = new LiveView(f.read('streaming'));
        const run1 = runInBackground();
        try {
          await first.waitFor((v) => v.rows.size === 2, timeout / 3, 'the first reader');
        } finally {
          await run1.stop();
        }
        cw.clearGraph();
        await f.insert(rows3.slice(2));
        const second = new LiveView(f.read('streaming'));
        const run2 = runInBackground();
        const want = caps.restart === 'replay' ? rows3 : rows3.slice(2);
        try {
          await second.waitFor((v) => v.rows.size >= want.length, timeout / 3, 'the restarted reader');
        } finally {
          await run2.stop();
        }
        expect(sorted(second.values())).toEqual(want);
        // No row arrived twice.
        expect(second.changes.filter((c) => c.diff > 0)).toHaveLength(want.length);
      },
      timeout,
    );
  });
}

/** One destination prepared for one sink test. */
export interface SinkFixture {
  /** Attaches the sink under test to `table`. */
  write(table: Table<ContractRow>): void;
  /**
   * What the destination holds after the run: for a change stream every written row with `time` and `diff`, in
   * order; for a snapshot the current rows (with no time/diff).
   */
  readBack(): Promise<Record<string, unknown>[]>;
  /** Removes what the fixture created. */
  cleanup(): Promise<void>;
}

/** How a sink is plugged into the contract. */
export interface SinkHarness {
  name: string;
  mode: 'changeStream' | 'snapshot';
  setup(): Promise<SinkFixture>;
  timeoutMs?: number;
}

const STREAM = `
  key | word  | n  | __time__ | __diff__
  a   | alpha | 1  | 2        | 1
  b   | beta  | 2  | 2        | 1
  c   | gamma | 3  | 2        | 1
  a   | alpha | 1  | 4        | -1
  a   | alpha | 10 | 4        | 1
  b   | beta  | 2  | 6        | -1`;

/** Runs the sink contract against `harness`. */
export function sinkContract(harness: SinkHarness): void {
  const timeout = harness.timeoutMs ?? 30_000;
  describe(`${harness.name} sink contract`, () => {
    let fixture: SinkFixture | undefined;
    afterEach(async () => {
      cw.clearGraph();
      await fixture?.cleanup();
      fixture = undefined;
    });

    it(
      harness.mode === 'changeStream'
        ? 'writes every change with its time and diff, epoch by epoch'
        : 'keeps the current rows: upserts on update, deletes on retraction',
      async () => {
        const f = (fixture = await harness.setup());
        const table = tableFromMarkdown(STREAM, { schema: CONTRACT_SCHEMA }) as Table<ContractRow>;
        f.write(table);
        await cw.run();
        const back = await f.readBack();
        if (harness.mode === 'snapshot') {
          const rows = back.map((r) => ({ key: r.key, word: r.word, n: Number(r.n) })) as ContractRow[];
          expect(sorted(rows)).toEqual([
            { key: 'a', word: 'alpha', n: 10 },
            { key: 'c', word: 'gamma', n: 3 },
          ]);
          return;
        }
        const changes = back.map((r) => ({
          key: r.key,
          word: r.word,
          n: Number(r.n),
          time: Number(r.time),
          diff: Number(r.diff),
        }));
        const times = changes.map((c) => c.time);
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        const byTime = new Map<number, string[]>();
        for (const c of changes) {
          let l = byTime.get(c.time);
          if (!l) byTime.set(c.time, (l = []));
          l.push(`${c.key}:${c.word}:${c.n}:${c.diff}`);
        }
        expect([...byTime.values()].map((l) => l.sort())).toEqual([
          ['a:alpha:1:1', 'b:beta:2:1', 'c:gamma:3:1'],
          ['a:alpha:10:1', 'a:alpha:1:-1'],
          ['b:beta:2:-1'],
        ]);
      },
      timeout,
    );
  });
}
