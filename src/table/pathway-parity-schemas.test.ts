// Ports of Pathway's test_common.py tests (assert_table_has_schema, incompatible type changes), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';

afterEach(() => cw.clearGraph());

describe('assertTableHasSchema', () => {
  const pk = { primaryKey: true };
  const passes: [string, Record<string, cw.FieldSpec>, Record<string, cw.FieldSpec>, boolean][] = [
    ['same column', { col_a: cw.INT }, { col_a: cw.INT }, false],
    ['superset', { col_a: cw.INT, col_b: cw.FLOAT }, { col_a: cw.INT }, true],
    [
      'superset with the same primary key',
      { col_a: cw.column(cw.INT, pk), col_b: cw.FLOAT },
      { col_a: cw.column(cw.INT, pk) },
      true,
    ],
    [
      'superset ignoring primary keys',
      { col_a: cw.column(cw.INT, pk), col_b: cw.FLOAT },
      { col_a: cw.INT },
      true,
    ],
    [
      'subtypes of Optional(INT)',
      { col_a: cw.INT, col_b: cw.NONE, col_c: cw.optional(cw.INT), col_d: cw.optional(cw.INT) },
      {
        col_a: cw.optional(cw.INT),
        col_b: cw.optional(cw.INT),
        col_c: cw.optional(cw.INT),
        col_d: cw.optional(cw.INT),
      },
      true,
    ],
  ];
  for (const [what, tableSchema, schema, allowSuperset] of passes) {
    it(`test_assert_table_has_schema_passes: ${what}`, () => {
      const table = cw.Table.empty(cw.schema(tableSchema));
      expect(() => cw.assertTableHasSchema(table, cw.schema(schema), { allowSuperset })).not.toThrow();
    });
  }

  const fails: [string, Record<string, cw.FieldSpec>, Record<string, cw.FieldSpec>, boolean, boolean][] = [
    ['INT is not STR', { col_a: cw.INT }, { col_a: cw.STR }, false, true],
    ['INT is not FLOAT without allowSubtype', { col_a: cw.INT }, { col_a: cw.FLOAT }, false, false],
    [
      'an extra column without allowSuperset',
      { col_a: cw.INT, col_b: cw.FLOAT },
      { col_a: cw.INT },
      false,
      true,
    ],
    [
      'a missing column',
      { col_a: cw.column(cw.INT, pk) },
      { col_a: cw.column(cw.INT, pk), col_b: cw.FLOAT },
      true,
      true,
    ],
    [
      'Optional(INT) is not Optional(STR)',
      { col_a: cw.optional(cw.INT) },
      { col_a: cw.optional(cw.STR) },
      true,
      true,
    ],
    ['Optional(INT) is not INT', { col_a: cw.optional(cw.INT) }, { col_a: cw.INT }, true, true],
  ];
  for (const [what, tableSchema, schema, allowSuperset, allowSubtype] of fails) {
    it(`test_assert_table_has_schema_fails: ${what}`, () => {
      const table = cw.Table.empty(cw.schema(tableSchema));
      expect(() =>
        cw.assertTableHasSchema(table, cw.schema(schema), { allowSuperset, allowSubtype }),
      ).toThrow(cw.GraphBuildError);
    });
  }

  it('test_assert_table_has_schema_default_arguments: primary keys ignored and supersets allowed by default', () => {
    const table = cw.Table.empty(cw.schema({ col_a: cw.column(cw.INT, pk), col_b: cw.FLOAT }));
    expect(() => cw.assertTableHasSchema(table, cw.schema({ col_a: cw.INT, col_b: cw.FLOAT }))).not.toThrow();
    expect(() => cw.assertTableHasSchema(table, cw.schema({ col_a: cw.INT }))).not.toThrow();
  });
});

describe('types', () => {
  it('test_error_when_changing_incompatible_types: updateTypes refuses INT to STR', () => {
    expect(() => cw.Table.empty({ foo: cw.INT }).updateTypes({ foo: cw.STR })).toThrow(
      /cannot change type from INT to STR: updateTypes\(\) of column "foo" only narrows or extends a type/,
    );
  });
});

// Skipped: test_error_when_wrong_indexing, test_groupby_pointer_type, test_concat_id_type_exception,
// test_concat_id_type_no_exception, test_concat_reindex_id_type_no_exception, test_join_pointer_types_join_exception,
// test_join_pointer_types_select_exception, test_join_pointer_int_float_types_select_exception and
// test_join_pointer_types_no_exception: they check typed pointers (Pointer[int], Pointer[str], Pointer(INT, INT)),
// and Causeway's ids and POINTER dtype carry no key types.
