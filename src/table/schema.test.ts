// Schema operations (Pathway's Schema class methods): without, merge (`|`), withTypes, column lookups, and the
// JSON-ready form read back by schemaFromDict; tables read through the derived schemas.

import { describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableToRows } from '../testing/index.js';

const Pet = cw.schema({
  owner: cw.column(cw.STR, { primaryKey: true, description: 'who owns it' }),
  age: cw.column(cw.INT, { defaultValue: 1 }),
  nick: cw.STR.optional(),
});

describe('Schema operations', () => {
  it('drops columns with without, keeping the order, the primary key and the defaults', () => {
    const s = Pet.without('nick');
    expect(s.names).toEqual(['owner', 'age']);
    expect(s.primaryKeyColumns()).toEqual(['owner']);
    expect(s.defaultValues()).toEqual({ age: 1 });
    expect(Pet.names).toEqual(['owner', 'age', 'nick']);
  });

  it('refuses to drop or retype a column the schema lacks, naming the columns', () => {
    expect(() => (Pet as cw.Schema<Record<string, unknown>>).without('nope')).toThrow(
      'schema.without: schema has no column "nope"; columns are: owner, age, nick',
    );
    expect(() => Pet.withTypes({ nope: cw.INT } as never)).toThrow(
      'schema.withTypes: schema has no column "nope"',
    );
  });

  it('merges two schemas (Pathway: schema1 | schema2), refusing a column both have', () => {
    const m = Pet.merge(cw.schema({ vet: cw.STR, visits: cw.INT }));
    expect(m.names).toEqual(['owner', 'age', 'nick', 'vet', 'visits']);
    expect(m.dtypeOf('visits')).toBe(cw.INT);
    expect(() => Pet.merge(cw.schema({ age: cw.FLOAT, nick: cw.STR }))).toThrow(
      'schema.merge: both schemas have columns "age", "nick"',
    );
  });

  it('replaces dtypes with withTypes, keeping the other column options', () => {
    const s = Pet.withTypes({ age: cw.FLOAT });
    expect(s.dtypeOf('age')).toBe(cw.FLOAT);
    expect(s.column('age').defaultValue).toBe(1);
    expect(s.column('owner').primaryKey).toBe(true);
  });

  it('answers the questions Pathway schemas answer: column names, primary key, defaults, typehints, a column', () => {
    expect(Pet.columnNames()).toEqual(['owner', 'age', 'nick']);
    expect(Pet.primaryKeyColumns()).toEqual(['owner']);
    expect(cw.schema({ a: cw.INT }).primaryKeyColumns()).toBeUndefined();
    expect(Pet.defaultValues()).toEqual({ age: 1 });
    expect(Pet.typehints()).toEqual({ owner: cw.STR, age: cw.INT, nick: cw.STR.optional() });
    expect(Pet.column('owner').description).toBe('who owns it');
    expect(() => Pet.column('x' as 'owner')).toThrow('schema has no column "x"');
  });

  it('gives a JSON-ready dict that schemaFromDict reads back to an equal schema', () => {
    const Rich = Pet.merge(
      cw.schema({ tags: cw.list(cw.STR), pos: cw.tuple(cw.INT, cw.FLOAT), seen: cw.DATE_TIME_UTC }),
    );
    const json = JSON.parse(JSON.stringify(Rich.toDict())) as ReturnType<typeof Rich.toDict>;
    expect(json.columns.owner).toEqual({ dtype: 'STR', primary_key: true, description: 'who owns it' });
    expect(json.columns.nick).toEqual({ dtype: 'Optional(STR)', primary_key: false });
    const back = cw.schemaFromDict(json);
    expect(back.columns).toEqual(Rich.columns);
    expect(String(back)).toBe(String(Rich));
  });

  it('reads a table through a derived schema', async () => {
    const t = cw.tableFromRows(Pet.without('nick').merge(cw.schema({ vet: cw.STR })), [
      { owner: 'Alice', age: 3, vet: 'Bob' },
    ]);
    const rows = await tableToRows<Record<string, unknown>>(t);
    expect(rows.map(({ id: _, ...r }) => r)).toEqual([{ owner: 'Alice', age: 3, vet: 'Bob' }]);
    // The primary key still makes the id.
    expect(rows[0]!.id).toBe(cw.keyFromValues(['Alice']));
  });
});
