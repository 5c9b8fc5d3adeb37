// Smoke tests of the runnable examples: each runs as a user would run it, through the `causeway` CLI.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'causeway-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const causeway = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/causeway.js', 'run', ...args], { encoding: 'utf8' });

describe('examples', () => {
  it('batch-etl.ts writes revenue per country and month, skipping the malformed sale', () => {
    const out = join(dir, 'revenue.csv');
    const printed = causeway('examples/batch-etl.ts', out);
    expect(printed).toContain('DE    16749.61 EUR');
    expect(printed).toMatch(
      /skipped: malformed record at .*sales\.csv:78: field "amount": expected a number/,
    );
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('country,month,sales,revenue_eur,time,diff');
    expect(lines).toHaveLength(1 + 5 * 6);
  }, 60_000);

  it('streaming-upserts.ts keeps totals whose change stream replays to the final state', () => {
    const out = join(dir, 'totals.jsonl');
    const printed = causeway('examples/streaming-upserts.ts', out);
    const final = new Map<string, number>();
    for (const line of readFileSync(out, 'utf8').trim().split('\n')) {
      const c = JSON.parse(line) as { sku: string; total: number; diff: number };
      if (c.diff > 0) final.set(c.sku, c.total);
      else if (final.get(c.sku) === c.total) final.delete(c.sku);
    }
    const shown = [...printed.matchAll(/^(sku-\d)\s+(\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual([...final].sort());
  }, 60_000);
});
