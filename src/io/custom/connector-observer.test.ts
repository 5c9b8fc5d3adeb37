// `cw.io.custom.write(table, observer)` (Pathway's `pw.io.python.write` with a `ConnectorObserver`).
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableFromMarkdown } from '../../testing/index.js';

afterEach(() => cw.clearGraph());

type Pet = { pet: string; owner: string; age: number };
const pets = () =>
  tableFromMarkdown<Pet>(`
      | pet  | owner   | age | __time__ | __diff__
    1 | dog  | Alice   | 10  | 0        | 1
    2 | cat  | Alice   | 8   | 2        | 1
    3 | dog  | Bob     | 7   | 4        | 1
    4 | ant  | Carol   | 1   | 4        | 1
    2 | cat  | Alice   | 8   | 6        | -1
  `);

describe('io.custom.write', () => {
  it("hands every change to onChange, then onTimeEnd per epoch and onEnd once (Pathway's example)", async () => {
    const seen: string[] = [];
    class Log extends cw.io.custom.ConnectorObserver<Pet> {
      onChange(_key: cw.Key, row: Pet, time: number, isAddition: boolean) {
        seen.push(`${time} ${isAddition ? '+' : '-'}${row.pet}/${row.owner}/${row.age}`);
      }
      override onTimeEnd(time: number) {
        seen.push(`end ${time}`);
      }
      override onEnd() {
        seen.push('done');
      }
    }
    cw.io.custom.write(pets(), new Log(), { sortBy: ['pet'] });
    await cw.run();
    expect(seen).toEqual([
      '0 +dog/Alice/10',
      'end 0',
      '2 +cat/Alice/8',
      'end 2',
      '4 +ant/Carol/1',
      '4 +dog/Bob/7',
      'end 4',
      '6 -cat/Alice/8',
      'end 6',
      'done',
    ]);
  });

  it('awaits an async observer, one change at a time', async () => {
    const seen: string[] = [];
    let busy = false;
    class Slow extends cw.io.custom.ConnectorObserver<Pet> {
      async onChange(_key: cw.Key, row: Pet) {
        expect(busy).toBe(false);
        busy = true;
        await new Promise((resolve) => setTimeout(resolve, 2));
        seen.push(row.pet);
        busy = false;
      }
    }
    cw.io.custom.write(pets(), new Slow(), { sortBy: ['age'] });
    await cw.run();
    expect(seen).toEqual(['dog', 'cat', 'ant', 'dog', 'cat']);
  });

  it('refuses sortBy naming no column', () => {
    class Nop extends cw.io.custom.ConnectorObserver<Pet> {
      onChange() {}
    }
    expect(() => cw.io.custom.write(pets(), new Nop(), { sortBy: ['color' as 'pet'] })).toThrow(
      /names no column "color"/,
    );
  });
});
