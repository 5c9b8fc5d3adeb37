// Runs tables to completion and captures their update streams (the engine behind the testing helpers).

import { Collection } from '../engine/collection.js';
import type { Key } from '../engine/key.js';
import { Runtime, type RunOptions } from '../table/runtime.js';
import type { SinkSpec } from '../table/graph.js';
import type { Table } from '../table/table.js';

/** One captured change. */
export interface CapturedUpdate {
  readonly key: Key;
  readonly row: unknown[];
  readonly time: number;
  readonly diff: number;
}

/** The captured result of one table: its update stream and final contents. */
export interface Captured {
  readonly table: Table<any>;
  readonly updates: CapturedUpdate[];
  readonly final: Collection<unknown[]>;
}

/** Runs a program made of just these tables (and what they read), capturing every change. */
export async function captureTables(
  tables: readonly Table<any>[],
  options: RunOptions = {},
): Promise<Captured[]> {
  const captured: Captured[] = tables.map((table) => ({
    table,
    updates: [],
    final: new Collection<unknown[]>(),
  }));
  const sinks: SinkSpec[] = captured.map((c) => ({
    node: c.table.node,
    name: 'capture',
    onBatch(batch, time) {
      for (let i = 0; i < batch.keys.length; i++) {
        c.updates.push({ key: batch.keys[i]!, row: batch.rows[i]!, time, diff: batch.diffs[i]! });
      }
      c.final.apply(batch);
    },
  }));
  await new Runtime(sinks, options).run();
  return captured;
}

/** The final rows of a table as records with their ids. */
export async function tableToRows<TRow>(
  table: Table<any>,
  options: RunOptions = {},
): Promise<(TRow & { id: Key })[]> {
  const [c] = await captureTables([table], options);
  const names = table.columnNames();
  const out: (TRow & { id: Key })[] = [];
  for (const [key, g] of c!.final.entries) {
    for (let i = 0; i < g.rows.length; i++) {
      const rec: Record<string, unknown> = { id: key };
      names.forEach((n, j) => (rec[n] = g.rows[i]![j]));
      for (let d = 0; d < g.diffs[i]!; d++) out.push(rec as TRow & { id: Key });
    }
  }
  return out;
}
