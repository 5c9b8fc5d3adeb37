// Pathway's tests of `pw.AsyncTransformer` (python/pathway/tests/test_async_transformer.py), ported, plus behaviours
// of Causeway's async transformers (streams, capacity, pending rows, chains, stopping a live run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as cw from '../index.js';
import {
  assertStreamSplitIntoGroups,
  assertTableEquality,
  assertTableEqualityWoIndex,
  tableFromMarkdown,
  tableToRows,
} from '../testing/index.js';

afterEach(() => {
  cw.clearGraph();
  vi.restoreAllMocks();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const jitter = () => sleep(Math.random() * 5);

const Ret = cw.schema({ ret: cw.INT });
const RetF = cw.schema({ ret: cw.FLOAT });

class Increment extends cw.AsyncTransformer<{ value: number }, { ret: number }> {
  calls = 0;
  async invoke({ value }: { value: number }) {
    this.calls++;
    await jitter();
    if (value === 2 && this.failTwo) throw new Error('two is not allowed');
    return { ret: value + 1 };
  }
  failTwo = false;
}

const values = () =>
  tableFromMarkdown<{ value: number }>(`
    | value
  1 | 1
  2 | 2
  3 | 3
  `);

/** Sleeps 40 ms per unit of `value` (Pathway: `value` seconds) and returns it; `failing` throws. */
class SleepValue extends cw.AsyncTransformer<{ value: number; instance: number }, { ret: number }> {
  constructor(
    input: cw.Table<{ value: number; instance: number }>,
    private readonly failing?: number,
  ) {
    super(input, RetF, { instance: cw.this.instance });
  }
  async invoke({ value }: { value: number; instance: number }) {
    if (value === this.failing) throw new Error('incorrect value');
    await sleep(value * 40);
    return { ret: value };
  }
}

describe('AsyncTransformer (Pathway parity)', () => {
  it('test_simple: successful rows keep the input ids', async () => {
    const input = values();
    const result = new Increment(input, Ret).successful;
    expect(result.universe.isSubsetOf(input.universe)).toBe(true);
    await assertTableEquality(
      result,
      tableFromMarkdown(`
        | ret
      1 | 2
      2 | 3
      3 | 4
      `),
    );
  });

  it('test_idempotency: state is cleared between runs', async () => {
    const result = new Increment(values(), Ret).successful;
    const expected = tableFromMarkdown(`
        | ret
      1 | 2
      2 | 3
      3 | 4
      `);
    await assertTableEquality(result, expected);
    await assertTableEquality(result, expected);
  });

  it('test_filter_failures: a throwing call leaves its row out of successful', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const t = new Increment(values(), Ret);
    t.failTwo = true;
    await assertTableEquality(
      t.successful,
      tableFromMarkdown(`
        | ret
      1 | 2
      3 | 4
      `),
    );
  });

  it('test_assert_schema_error: a result with other keys fails its row', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const t = cw.asyncTransformer(values(), Ret, async ({ value }) => ({ foo: value + 1 }) as never);
    await assertTableEquality(t.successful, cw.Table.empty({ ret: cw.INT }));
    expect(warn.mock.calls.join('\n')).toMatch(
      /does not match the output schema: expected keys \[ret\], got \[foo\]/,
    );
  });

  it('test_disk_cache: a second run takes every result from the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-async-cache-'));
    try {
      let calls = 0;
      const pipeline = async () => {
        cw.clearGraph();
        const t = cw
          .asyncTransformer(values(), Ret, async ({ value }) => {
            calls++;
            await jitter();
            return { ret: value + 1 };
          })
          .withOptions({ cacheStrategy: new cw.DiskCache({ directory: dir, name: 'increment' }) });
        await assertTableEqualityWoIndex(
          t.successful,
          tableFromMarkdown(`
          ret
          2
          3
          4
          `),
        );
      };
      await pipeline();
      await pipeline();
      expect(calls).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const instances = () =>
    tableFromMarkdown<{ value: number; instance: number }>(`
    value | instance
     1.3  |     1
     1.1  |     1
     0.0  |     2
     0.5  |     2
     1.0  |     3
     0.1  |     3
    `);

  it('test_with_instance: the rows of one instance come out together', async () => {
    await assertStreamSplitIntoGroups(
      new SleepValue(instances()).successful,
      tableFromMarkdown(`
      ret | __time__
      1.3 |     2
      1.1 |     2
      0.0 |     4
      0.5 |     4
      1.0 |     6
      0.1 |     6
      `),
    );
  });

  it('test_fails_whole_instance: one failure fails every row of its instance', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await assertStreamSplitIntoGroups(
      new SleepValue(instances(), 1.1).finished,
      tableFromMarkdown(`
      ret | _async_status | __time__
          |   -FAILURE-   |     2
          |   -FAILURE-   |     2
      0.0 |   -SUCCESS-   |     4
      0.5 |   -SUCCESS-   |     4
      1.0 |   -SUCCESS-   |     6
      0.1 |   -SUCCESS-   |     6
      `),
    );
  });

  it('test_failed: failed holds the failed rows, their cells null', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const input = tableFromMarkdown<{ value: number }>(`
      value
       1.3
       1.1
    `);
    const t = cw.asyncTransformer(input, RetF, async ({ value }) => {
      if (value === 1.1) throw new Error('incorrect value');
      await sleep(value);
      return { ret: value };
    });
    await assertTableEquality(
      t.failed,
      tableFromMarkdown(`
        | ret
      1 |
      `).updateTypes({ ret: cw.FLOAT.optional() }),
    );
  });

  it('test_consistent_when_instance_for_key_changes: the last change of an id wins', async () => {
    const input = tableFromMarkdown<{ value: number; instance: number }>(`
        | value | instance | __time__ | __diff__
      1 |  2.0  |     1    |     2    |     1
      1 |  2.0  |     1    |     4    |    -1
      1 |  0.2  |     2    |     4    |     1
    `);
    const t = cw.asyncTransformer(
      input,
      cw.schema({ value: cw.FLOAT }),
      async ({ value }) => {
        await sleep(value * 40);
        return { value };
      },
      { instance: cw.this.instance },
    );
    await assertTableEquality(
      t.successful,
      tableFromMarkdown(`
        | value
      1 |  0.2
      `),
    );
  });

  it('test_error_is_logged: a failing call is reported on stderr', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const input = tableFromMarkdown<{ value: number }>(`
      value
        1
        2
       11
    `);
    const t = cw.asyncTransformer(input, Ret, ({ value }) => {
      if (value === 11) throw new Error('incorrect value 11');
      return { ret: value };
    });
    await assertTableEqualityWoIndex(
      t.successful,
      tableFromMarkdown(`
      ret
       1
       2
      `),
    );
    expect(warn.mock.calls.join('\n')).toContain('incorrect value 11');
  });

  it('test_simple_memory_cache: equal rows are computed once', async () => {
    let calls = 0;
    const input = tableFromMarkdown<{ value: number }>(`
        | value
      1 | 1
      2 | 1
      3 | 3
    `);
    const t = cw
      .asyncTransformer(input, Ret, async ({ value }) => {
        calls++;
        await jitter();
        return { ret: value + 1 };
      })
      .withOptions({ cacheStrategy: new cw.InMemoryCache(), capacity: 1 });
    await assertTableEquality(
      t.successful,
      tableFromMarkdown(`
        | ret
      1 | 2
      2 | 2
      3 | 4
      `),
    );
    expect(calls).toBe(2);
  });

  it('test_datetimes: results of any column type', async () => {
    const t = cw.asyncTransformer(values(), cw.schema({ ret: cw.DATE_TIME_NAIVE }), async ({ value }) => ({
      ret: cw.DateTimeNaive.parse('2025-05-28T17:00:00').plus(cw.Duration.of({ days: value })),
    }));
    const rows = await tableToRows<{ ret: cw.DateTimeNaive }>(t.successful);
    expect(rows.map((r) => String(r.ret)).sort()).toEqual([
      '2025-05-29 17:00:00',
      '2025-05-30 17:00:00',
      '2025-05-31 17:00:00',
    ]);
  });
});
