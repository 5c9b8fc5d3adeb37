// Outputs skip rows holding error values (Pathway's outputs: "Error value encountered in output, skipping the row").

import { Batch, materializeKeys } from '../engine/batch.js';
import { reportDropped } from './expressions/error-reporter.js';
import { ErrorValue } from './values/error-value.js';

/**
 * The batch without its rows that hold an error value (each insertion reported as skipped by `name`, its retraction
 * skipped alike); the batch itself when it has none, or when the process never made an error value.
 */
export function withoutErrorRows(batch: Batch<unknown[]>, name: string): Batch<unknown[]> {
  if (ErrorValue.made === 0) return batch;
  let out: Batch<unknown[]> | undefined;
  for (let i = 0; i < batch.keys.length; i++) {
    const row = batch.rows[i]!;
    const bad = row.find((v): v is ErrorValue => v instanceof ErrorValue);
    if (bad === undefined) {
      out?.push(batch.keys[i]!, row, batch.diffs[i]!);
      continue;
    }
    if (out === undefined) {
      materializeKeys(batch); // the kept rows are copied with their keys
      out = new Batch<unknown[]>();
      for (let j = 0; j < i; j++) out.push(batch.keys[j]!, batch.rows[j]!, batch.diffs[j]!);
    }
    if (batch.diffs[i]! > 0) reportDropped(bad, `${name} skipped a row holding an error value`);
  }
  return out ?? batch;
}
