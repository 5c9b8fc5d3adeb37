import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { LiveView } from '../testing/live-view.test-util.js';

afterEach(() => cw.clearGraph());

describe('parquet', () => {
  it('round-trips every dtype through write and read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cw-pq-'));
    try {
      const S = cw.schema({
        i: cw.INT,
        f: cw.FLOAT,
        s: cw.STR,
        b: cw.BOOL,
        t: cw.DATE_TIME_UTC,
        d: cw.DURATION,
        j: cw.JSON,
        o: cw.INT.optional(),
      });
      const row = {
        i: 2 ** 40,
        f: 1.5,
        s: 'é',
        b: true,
        t: cw.DateTimeUtc.parse('2024-01-02T03:04:05.006+00:00'),
        d: cw.Duration.fromSeconds(90),
        j: new cw.Json({ a: [1, 2] }),
        o: null,
      };
      cw.io.parquet.write(cw.io.custom.fromIterable([row], { schema: S, mode: 'static' }), dir);
      await cw.run();
      cw.clearGraph();
      const view = new LiveView(cw.io.parquet.read(dir, { schema: S, mode: 'static' }));
      await cw.run();
      const [back] = view.values();
      expect(back).toMatchObject({ i: 2 ** 40, f: 1.5, s: 'é', b: true, o: null });
      expect(String(back!.t)).toBe(String(row.t));
      expect((back!.d as cw.Duration).ms).toBe(90_000);
      expect((back!.j as cw.Json).value).toEqual({ a: [1, 2] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('fails clearly in static mode when there is no Parquet file', async () => {
    cw.io.null.write(
      cw.io.parquet.read('/nonexistent/dir', { schema: cw.schema({ a: cw.INT }), mode: 'static' }),
    );
    await expect(cw.run()).rejects.toThrow(/parquet: \/nonexistent\/dir: no Parquet file found/);
  });
});
