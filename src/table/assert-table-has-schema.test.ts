import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableFromMarkdown } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const owners = () =>
  tableFromMarkdown(`
    age | owner | pet
    10  | Alice | dog
    9   | Bob   | None`);

describe('assertTableHasSchema', () => {
  it("accepts a table with the schema's columns, subtypes and more columns (Pathway's example)", () => {
    const t = owners();
    const t2 = t.select({ owner: cw.this.owner, age: cw.cast(cw.FLOAT, cw.this.age) });
    cw.assertTableHasSchema(t2, cw.schema({ age: cw.FLOAT, owner: cw.STR }));
    cw.assertTableHasSchema(t, cw.schema({ age: cw.FLOAT, pet: cw.STR.optional() }));
    cw.assertTableHasSchema(t, cw.schema({ owner: cw.STR.optional(), age: cw.ANY }));
  });

  it('refuses a missing column, another type, a subtype when asked to, and extra columns when asked to', () => {
    const t = owners();
    expect(() => cw.assertTableHasSchema(t, cw.schema({ name: cw.STR }))).toThrow(
      /has no column\(s\) name; its columns are age, owner, pet.*assert-table-has-schema\.test\.ts/s,
    );
    expect(() => cw.assertTableHasSchema(t, cw.schema({ pet: cw.STR }))).toThrow(
      /column "pet" is Optional\(STR\) in the table and STR in the schema/,
    );
    expect(() => cw.assertTableHasSchema(t, cw.schema({ age: cw.FLOAT }), { allowSubtype: false })).toThrow(
      /column "age" is INT in the table and FLOAT in the schema/,
    );
    expect(() =>
      cw.assertTableHasSchema(t, cw.schema({ age: cw.INT, owner: cw.STR }), { allowSuperset: false }),
    ).toThrow(/has column\(s\) pet that the schema lacks/);
  });
});
