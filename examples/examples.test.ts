// Smoke tests of the runnable examples: each runs as a user would run it, through the `causeway` CLI.

import { execFileSync, spawn } from 'node:child_process';
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

  it('sql-and-async.ts counts sales per country in SQL, names countries asynchronously, one lookup failing', () => {
    const printed = causeway('examples/sql-and-async.ts');
    expect(printed).toContain('DE  Germany          72 sales');
    expect(printed).toContain('IT  Italy            66 sales');
    expect(printed).not.toContain('PL  ');
    expect(printed).toContain('no name found for: PL');
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

  it('rest-query-service.ts answers both routes, rejects a bad body, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [
      'bin/causeway.js',
      'run',
      'examples/rest-query-service.ts',
      '--port',
      '0',
    ]);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      for (let i = 0; i < 300 && !/listening on (\S+)/.test(out); i++)
        await new Promise((r) => setTimeout(r, 100));
      const url = /listening on (\S+)/.exec(out)![1]!;
      const post = async (route: string, body: unknown) => {
        const res = await fetch(`${url}${route}`, { method: 'POST', body: JSON.stringify(body) });
        return { status: res.status, body: await res.json() };
      };
      expect(await post('/v1/category', { category: 'kitchen' })).toEqual({
        status: 200,
        body: { products: 10, avgPrice: 127.6, cheapest: 'kettle pro', units: 287 },
      });
      expect((await post('/v1/category', { category: 'toys' })).body).toEqual({
        products: 0,
        avgPrice: null,
        cheapest: null,
        units: 0,
      });
      expect((await post('/v1/in-stock', { maxPrice: 50 })).body).toEqual([
        'chair basic',
        'mixer pro',
        'shovel basic',
        'shovel pro',
      ]);
      const bad = await post('/v1/in-stock', { maxPrice: 'x' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('maxPrice');
    } finally {
      child.kill('SIGINT');
    }
    expect(await closed).toBe(0);
    expect(out).toContain('stopped');
  }, 60_000);
});
