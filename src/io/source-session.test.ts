// SourceSession: epochs of fresh generated-id insertions are marked consolidated; anything else is not.

import { describe, expect, it } from 'vitest';
import { InputOperator } from '../engine/input-operator.js';
import { KeyGenerator } from '../engine/key.js';
import * as cw from '../index.js';
import { SourceSession } from './source-session.js';
import type { Source, SourceContext } from './source.js';

const S = cw.schema({ word: cw.STR });

/** What a static source session committed: per epoch [row count, consolidated flag], every (row, diff), the errors. */
interface SessionRun {
  epochs: [number, boolean][];
  rows: [unknown[], number][];
  errors: string[];
}

/** Runs `body` as a static source over `schema` and returns what it committed and reported. */
async function runSession(
  body: (ctx: SourceContext) => void | Promise<void>,
  schema: cw.Schema<any> = S,
): Promise<SessionRun> {
  const input = new InputOperator<unknown[]>();
  const source: Source = { name: 'test', run: async (ctx) => body(ctx) };
  const session = new SourceSession(source, input, schema, { mode: 'static' });
  const out: SessionRun = { epochs: [], rows: [], errors: [] };
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  void session.start({
    idle: () => undefined,
    push: (k, r, d) => input.push(k, r, d),
    commit: () => {
      input.eval();
      const b = input.output;
      out.epochs.push([b.keys.length, b.consolidated]);
      for (let i = 0; i < b.keys.length; i++) out.rows.push([b.rows[i]!, b.diffs[i]!]);
      return Promise.resolve(true);
    },
    finish: () => finished(),
    error: (_name, position, reason) => void out.errors.push(`${position}: ${reason}`),
  });
  await done;
  return out;
}

/** Runs `body` as a static source and returns, per committed epoch, [row count, consolidated flag]. */
async function epochsOf(body: (ctx: SourceContext) => void | Promise<void>): Promise<[number, boolean][]> {
  return (await runSession(body)).epochs;
}

describe('SourceSession', () => {
  it('marks an epoch of insertions under fresh generated ids consolidated', async () => {
    const ids = new KeyGenerator('t');
    const epochs = await epochsOf(async (ctx) => {
      ctx.insert({ word: 'a' }, '1');
      ctx.beginUnit();
      ctx.insertParsed(ids.next(), ['b'], true);
      ctx.endUnit();
      await ctx.commit();
      ctx.insertParsed(ids.next(), ['c'], true);
    });
    expect(epochs).toEqual([
      [2, true],
      [1, true],
    ]);
  });

  it('does not mark an epoch holding a retraction or a key the source chose', async () => {
    const ids = new KeyGenerator('t');
    const epochs = await epochsOf(async (ctx) => {
      const h = ctx.insert({ word: 'a' }, '1')!;
      ctx.beginUnit();
      ctx.retract(h);
      ctx.endUnit();
      await ctx.commit();
      ctx.insertParsed(ids.next(), ['b'], true);
      ctx.insertParsed(ids.next(), ['c']);
      await ctx.commit();
      ctx.beginUnit();
      ctx.insertParsed(ids.next(), ['d'], true);
      ctx.endUnit();
      ctx.beginUnit();
      ctx.insert({ word: 'e' }, '2');
      ctx.insertParsed(h.key, ['e']);
      ctx.abortUnit();
      await ctx.commit();
    });
    expect(epochs).toEqual([
      [2, false],
      [2, false],
      [1, true],
    ]);
  });

  it('deletes by primary key only: without one a deletion is reported and changes nothing (as SourceContext documents)', async () => {
    const errors: string[] = [];
    const rows = new Map<string, number>();
    const run = async (schema: typeof S | typeof Keyed) => {
      const input = new InputOperator<unknown[]>();
      const source: Source = {
        name: 'test',
        run: async (ctx) => {
          ctx.insert({ word: 'a' }, '1');
          ctx.insert({ word: 'b' }, '2');
          ctx.delete({ word: 'a' }, '3');
        },
      };
      const session = new SourceSession(source, input, schema, { mode: 'static' });
      let finished!: () => void;
      const done = new Promise<void>((r) => (finished = r));
      void session.start({
        idle: () => undefined,
        push: () => undefined,
        commit: () => {
          input.eval();
          const out = input.output;
          for (let i = 0; i < out.keys.length; i++) {
            const w = String(out.rows[i]![0]);
            rows.set(w, (rows.get(w) ?? 0) + out.diffs[i]!);
          }
          return Promise.resolve(true);
        },
        finish: () => finished(),
        error: (_source, position, reason) => void errors.push(`${position}: ${reason}`),
      });
      await done;
    };
    const Keyed = cw.schema({ word: cw.column(cw.STR, { primaryKey: true }) });
    await run(S);
    expect(errors).toEqual(['3: a deletion needs a primary key in the schema of test']);
    expect([...rows].filter(([, n]) => n !== 0)).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    rows.clear();
    errors.length = 0;
    await run(Keyed);
    expect(errors).toEqual([]);
    expect([...rows].filter(([, n]) => n !== 0)).toEqual([['b', 1]]);
  });

  it('refuses, reporting each, what would retract a row of a schema declared append-only', async () => {
    const Events = cw.schema({ k: cw.column(cw.STR, { primaryKey: true }), v: cw.INT }, { appendOnly: true });
    const { rows, errors } = await runSession(async (ctx) => {
      const h = ctx.insert({ k: 'a', v: 1 }, 'line 1')!;
      ctx.insert({ k: 'a', v: 2 }, 'line 2');
      ctx.delete({ k: 'a' }, 'line 3');
      ctx.retract(h);
      ctx.insert({ k: 'b', v: 3 }, 'line 4');
      await ctx.commit();
    }, Events);
    expect(rows).toEqual([
      [['a', 1], 1],
      [['b', 3], 1],
    ]);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(
      /^line 2: an update of an existing primary key, but the table is append-only \(appendOnly, of the source or its schema\); the change is skipped$/,
    );
    expect(errors[1]).toMatch(/^line 3: a deletion, but/);
    expect(errors[2]).toMatch(/^row \^[0-9A-Z]+: a retraction, but/);
  });
});
