// Ports of Pathway's test_json.py tests (JSON access and conversions in expressions), named after them.
import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { assertTableEquality, captureTables, tableFromRows } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const KEY = cw.column(cw.INT, { primaryKey: true });

/** Pathway's `T`-like table with ids from key 1, 2, ... (as `_json_table` and `T` with labels 1, 2, ...). */
function keyed(fields: Record<string, cw.FieldSpec>, rows: Record<string, unknown>[]): cw.Table<any> {
  return tableFromRows(
    cw.schema({ key: KEY, ...fields }),
    rows.map((r, i) => ({ key: i + 1, ...r })),
  ).without('key');
}

/** Pathway's `_json_table(**columns)`: JSON columns, row i gets key i + 1. */
function jsonTable(columns: Record<string, unknown[]>): cw.Table<any> {
  const names = Object.keys(columns);
  const n = Math.min(...names.map((c) => columns[c]!.length));
  const rows = Array.from({ length: n }, (_, i) =>
    Object.fromEntries(names.map((c) => [c, new cw.Json(columns[c]![i] as cw.JsonValue)])),
  );
  return keyed(Object.fromEntries(names.map((c) => [c, cw.JSON])), rows);
}

/** Pathway's `_optional_json_table`: like `jsonTable`, Optional(JSON), JSON null given as None. */
function optionalJsonTable(columns: Record<string, unknown[]>): cw.Table<any> {
  const names = Object.keys(columns);
  const rows = columns[names[0]!]!.map((_, i) =>
    Object.fromEntries(
      names.map((c) => {
        const v = columns[c]![i];
        return [c, v === null ? null : new cw.Json(v as cw.JsonValue)];
      }),
    ),
  );
  return keyed(Object.fromEntries(names.map((c) => [c, cw.JSON.optional()])), rows);
}

describe('JSON get and [] (test_json.py)', () => {
  it('test_json_get_simple', async () => {
    const input = jsonTable({ data: [{ field: 1 }, { field: 2 }] });
    const result = input.select({ ret: cw.this.data.json.get('field') });
    await assertTableEquality(optionalJsonTable({ ret: [1, 2] }), result);
  });

  it.todo(
    'test_json_get_none: get on Optional(JSON) (data.json.get("a").json.get("b")) is accepted; Pathway raises TypeError "Cannot get from Json | None."',
  );

  it.todo(
    'test_json_get_wo_default: get on Optional(JSON) (data.json.get("a").json.get("b")) is accepted; Pathway raises TypeError "Cannot get from Json | None."',
  );

  it('test_json_dict_get_int_index', async () => {
    const input = jsonTable({ data: [{ a: 1 }] });
    const result = input.select({ result: cw.this.data.json.get(1) });
    await assertTableEquality(keyed({ result: cw.JSON.optional() }, [{ result: null }]), result);
  });

  it('test_json_array_get_str_index', async () => {
    const input = jsonTable({ data: [{ a: [1, 2, 3] }] });
    const result = input.select({ result: cw.this.data.json.at('a').json.get('foo') });
    await assertTableEquality(keyed({ result: cw.JSON.optional() }, [{ result: null }]), result);
  });

  it.todo(
    'test_json_get_wrong_default: a plain int default (data.json.get("a", 42)) is wrapped in Json; Pathway raises TypeError "Default must be of type Json | None, found int."',
  );

  it('test_json_get_item', async () => {
    const input = jsonTable({
      data: [{ a: { b: 1 } }, { a: { b: null } }, {}, { a: {} }, { a: [1, 2, 3] }, { a: 42 }, { a: null }],
    });
    const result = input.select({ result: cw.this.data.json.at('a').json.at('b') });
    await assertTableEquality(jsonTable({ result: [1, null, null, null, null, null, null] }), result);
  });

  it('test_json_get_array_index', async () => {
    const input = jsonTable({
      index: [0, 1, 2],
      data: [{ field: [1, 2, 3] }, { field: [4, 5, 6] }, { field: [7, 8, 9] }],
    });
    // Pathway's `[]` is `at`; `.json.at` with an Optional(INT) index types the result Optional(JSON) instead.
    const result = input.select({
      result: input.c.data.at('field').at(input.c.index.json.asInt() as cw.Expr<number>),
    });
    await assertTableEquality(jsonTable({ result: [1, 5, 9] }), result);
  });

  for (const index of [-1, -4, 3]) {
    it(`test_json_get_array_index_out_of_bounds: index ${index}`, async () => {
      const input = jsonTable({ data: [{ field: [0, 1, 2] }] });
      const result = input.select({ result: cw.this.data.json.at('field').json.at(index) });
      await assertTableEquality(jsonTable({ result: [null] }), result);
    });
  }

  it.todo(
    'test_json_get_item_optional_json: [] on Optional(JSON) (data.json.get("a").json.at("b")) is accepted; Pathway raises TypeError "Cannot get from Json | None."',
  );
});

describe('JSON conversions (test_json.py)', () => {
  const asTypeCases: [string, unknown[], unknown[], cw.DType<any>][] = [
    ['asInt', [{ field: 42 }, { field: -1 }, { field: null }, {}], [42, -1, null, null], cw.INT],
    [
      'asFloat',
      [
        { field: 1.5 },
        { field: 10 },
        { field: 0 },
        { field: -1 },
        { field: 2 ** 32 + 1 },
        { field: 2 ** 45 + 1 },
        { field: null },
        {},
      ],
      [1.5, 10.0, 0.0, -1.0, 2 ** 32 + 1, 2 ** 45 + 1, null, null],
      cw.FLOAT,
    ],
    [
      'asStr',
      [{ field: 'foo' }, { field: '42' }, { field: 'true' }, { field: null }, {}],
      ['foo', '42', 'true', null, null],
      cw.STR,
    ],
    ['asBool', [{ field: true }, { field: false }, { field: null }, {}], [true, false, null, null], cw.BOOL],
  ];
  for (const [method, from, to, dtype] of asTypeCases) {
    it(`test_json_as_type: ${method}`, async () => {
      const input = jsonTable({ data: from });
      const field = cw.this.data.json.get('field');
      const result = input.select({
        result: (field.json[method as 'asInt'] as () => cw.Expr<any>).call(field.json),
      });
      const expected = keyed(
        { result: dtype.optional() },
        to.map((v) => ({ result: v })),
      );
      await assertTableEquality(result, expected);
    });
  }

  const wrongValues: [string, string, unknown[]][] = [
    ['test_json_as_int_wrong_values', 'asInt', ['42', 'foo', 1.6, true]],
    ['test_json_as_float_wrong_values', 'asFloat', ['42', 'foo', true]],
    ['test_json_as_str_wrong_values', 'asStr', [1, 1.6, true]],
    ['test_json_as_bool_wrong_values', 'asBool', [1, 0, 1.6, '1', '0', 'true', 'True']],
  ];
  for (const [name, method, values] of wrongValues) {
    for (const value of values) {
      it(`${name}: ${JSON.stringify(value)}`, async () => {
        const input = jsonTable({ data: [{ field: value }] });
        const field = input.c.data.json.get('field');
        const r = input.select({
          result: (field.json[method as 'asInt'] as () => cw.Expr<any>).call(field.json),
        });
        await expect(captureTables([r])).rejects.toThrow(/cannot convert JSON/);
      });
    }
  }

  it('test_json_input', async () => {
    const table = jsonTable({
      a: [{ field: 1 }],
      b: [2],
      c: [1.5],
      d: [true],
      e: ['foo'],
      f: [[1, 2, 3]],
    });
    const result = table.select({
      a: cw.this.a.json.at('field').json.asInt(),
      b: cw.this.b.json.asInt(),
      c: cw.this.c.json.asFloat(),
      d: cw.this.d.json.asBool(),
      e: cw.this.e.json.asStr(),
      f: cw.this.f.json.at(1).json.asInt(),
    });
    const expected = keyed(
      {
        a: cw.INT.optional(),
        b: cw.INT.optional(),
        c: cw.FLOAT.optional(),
        d: cw.BOOL.optional(),
        e: cw.STR.optional(),
        f: cw.INT.optional(),
      },
      [{ a: 1, b: 2, c: 1.5, d: true, e: 'foo', f: 2 }],
    );
    await assertTableEquality(expected, result);
  });
});

describe('JSON conversions with default and unwrap (test_json.py)', () => {
  const defaultCases: [string, cw.JsonValue, unknown, cw.DType<any>][] = [
    ['asInt', 42, 2, cw.INT],
    ['asFloat', 1.1, 3.14, cw.FLOAT],
    ['asStr', 'foo', 'bar', cw.STR],
    ['asBool', false, true, cw.BOOL],
  ];
  const convert = (e: cw.Expr<any>, method: string, options: object): cw.Expr<any> =>
    (e.json[method as 'asInt'] as (o: object) => cw.Expr<any>).call(e.json, options);

  const wrongDefaults: [string, cw.JsonValue, unknown, cw.DType<any>][] = [
    ['asInt', 42, 'foo', cw.STR],
    ['asFloat', 1.1, 'bar', cw.STR],
    ['asStr', 'foo', 42, cw.INT],
    ['asBool', false, 1, cw.INT],
  ];
  for (const [method, value, dflt] of wrongDefaults) {
    it(`test_json_convert_default_wrong_value: ${method} refuses a default of another type`, () => {
      const input = tableFromRows(cw.schema({ data: cw.JSON.optional() }), [
        { data: new cw.Json(value) },
        { data: cw.Json.NULL },
        { data: null },
      ]);
      expect(() => input.select({ result: convert(cw.this.data, method, { default: dflt }) })).toThrow(
        /the default is (STR|INT), which is not/,
      );
    });
  }

  const wrongColumns: [string, cw.JsonValue, unknown, cw.DType<any>][] = [
    ['asInt', 42, 'x', cw.STR],
    ['asFloat', 1.1, 'x', cw.STR],
    ['asStr', 'foo', 2, cw.INT],
    ['asBool', false, 2, cw.INT],
  ];
  for (const [method, value, dflt, dtype] of wrongColumns) {
    // Pathway names the column by pw.this.default; a placeholder is typed only later here, so the table's column is used.
    it(`test_json_convert_default_wrong_col: ${method} refuses a default column of another type`, () => {
      const input = tableFromRows(cw.schema({ data: cw.JSON.optional(), default: dtype }), [
        { data: new cw.Json(value), default: dflt },
        { data: cw.Json.NULL, default: dflt },
        { data: null, default: dflt },
      ]);
      expect(() =>
        input.select({ result: convert(cw.this.data, method, { default: input.c.default }) }),
      ).toThrow(/the default is (STR|INT), which is not/);
    });
  }

  for (const [method, value, dflt, dtype] of defaultCases) {
    it(`test_json_convert_default: ${method}`, async () => {
      const input = tableFromRows(cw.schema({ data: cw.JSON.optional(), a: dtype, b: dtype.optional() }), [
        { data: new cw.Json(value), a: dflt, b: dflt },
        { data: cw.Json.NULL, a: dflt, b: dflt },
        { data: null, a: dflt, b: null },
      ]);
      const result = input.select({
        val: convert(input.c.data, method, { default: dflt }),
        a: convert(input.c.data, method, { default: input.c.a }),
        b: convert(input.c.data, method, { default: input.c.b }),
      });
      const expected = tableFromRows(cw.schema({ val: dtype, a: dtype, b: dtype.optional() }), [
        { val: value, a: value, b: value },
        { val: dflt, a: dflt, b: dflt },
        { val: dflt, a: dflt, b: null },
      ]);
      await assertTableEquality(result, expected);
    });
  }

  it('test_json_convert_unwrap', async () => {
    const input = tableFromRows(cw.schema({ data: cw.JSON }), [{ data: new cw.Json(42) }]);
    const result = input.select({ result: cw.this.data.json.asInt({ unwrap: true }) });
    await assertTableEquality(result, tableFromRows(cw.schema({ result: cw.INT }), [{ result: 42 }]));
  });

  for (const [what, nullValue] of [
    ['None', null],
    ['Json(None)', cw.Json.NULL],
  ] as const) {
    it(`test_json_convert_unwrap_null: ${what}`, async () => {
      const input = tableFromRows(cw.schema({ data: cw.JSON.optional() }), [{ data: nullValue }]);
      const r = input.select({ result: cw.this.data.json.asInt({ unwrap: true }) });
      await expect(captureTables([r])).rejects.toThrow(/cannot unwrap if there is None value/);
    });
  }

  for (const method of ['asInt', 'asFloat', 'asStr', 'asBool']) {
    it(`test_json_convert_non_json: ${method}`, () => {
      const input = tableFromRows(cw.schema({ data: cw.INT }), [{ data: 42 }]);
      expect(() => input.select({ result: convert(input.c.data as cw.Expr<any>, method, {}) })).toThrow(
        cw.GraphBuildError,
      );
      expect(() => input.select({ result: convert(input.c.data as cw.Expr<any>, method, {}) })).toThrow(
        /needs JSON, got INT/,
      );
    });
  }
});

// test_json_unpack_col_dict and test_json_unpack_col_null are ported with the utils (pathway-parity-utils.test.ts).

// Not ported here: test_json_get_default, test_json_convert_default_unwrap and
// test_json_convert_default_unwrap_null (already in expressions/json-namespace.test.ts), test_json_doesnt_enforce_ascii
// (in values/json.test.ts); the UDF, flatten and CSV tests are in pathway-parity-json-udf.test.ts.
