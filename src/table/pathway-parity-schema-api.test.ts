// Ports of Pathway's test_schema.py tests (schemas as values: definitions, equality, from dict / CSV), named after them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { tableToRows } from '../testing/index.js';

afterEach(() => cw.clearGraph());

const dir = mkdtempSync(path.join(tmpdir(), 'cw-parity-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Pathway's schema `==` (columns, their order, dtypes, primary keys and defaults), compared as `toDict()` text. */
const same = (a: cw.Schema<any>, b: cw.Schema<any>): boolean =>
  JSON.stringify(a.toDict()) === JSON.stringify(b.toDict());

/** JSON text with object keys sorted (Python's `json.dumps(..., sort_keys=True)`). */
function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === 'object' && !Array.isArray(x) && Object.getPrototypeOf(x) === Object.prototype
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : 1)))
      : x,
  );
}

describe('schema definitions (test_schema.py)', () => {
  it('test_schema_column_definition_error: a plain value is not a column definition', () => {
    expect(() => cw.schema({ a: 1 as unknown as cw.FieldSpec })).toThrow(
      /schema field "a" must be a dtype \(e\.g\. cw\.INT\) or cw\.column\(\.\.\.\)/,
    );
  });

  it('test_schema_override_column_name: a column name that is no identifier', () => {
    const A = cw.schema({ '@timestamp': cw.INT, b: cw.INT });
    expect(A.columnNames()).toContain('@timestamp');
    expect(A.columnNames()).toContain('b');
  });

  it('test_schema_builder: schema-wide appendOnly (Pathway: properties=SchemaProperties(append_only=True))', () => {
    // Pathway's builder also names the schema ("FooSchema") and a column ("aa"); Causeway schemas have no name and
    // take column names from their keys.
    const built = cw.schemaFromDict({
      a: { dtype: cw.INT, append_only: true },
      b: { dtype: cw.STR, default_value: 'default', append_only: true },
      c: { dtype: cw.ANY, append_only: true },
    });
    const FooSchema = cw.schema(
      { a: cw.INT, b: cw.column(cw.STR, { defaultValue: 'default' }), c: cw.ANY },
      { appendOnly: true },
    );
    expect(same(built, FooSchema)).toBe(true);
    expect(built.universeProperties.appendOnly).toBe(true);
  });

  it('test_schema_eq', () => {
    const A = cw.schema({
      a: cw.column(cw.INT, { primaryKey: true }),
      b: cw.column(cw.STR, { defaultValue: 'foo' }),
    });
    const B = cw.schema({
      b: cw.column(cw.STR, { defaultValue: 'foo' }),
      a: cw.column(cw.INT, { primaryKey: true }),
    });
    const C = cw.schema({
      a: cw.column(cw.INT, { primaryKey: true }),
      b: cw.column(cw.STR, { defaultValue: 'foo' }),
      c: cw.INT,
    });
    const D = cw.schema({ a: cw.column(cw.INT), b: cw.column(cw.STR, { defaultValue: 'foo' }) });
    const E = cw.schema({
      a: cw.column(cw.STR, { primaryKey: true }),
      b: cw.column(cw.STR, { defaultValue: 'foo' }),
    });
    const Same = cw.schema({
      a: cw.column(cw.INT, { primaryKey: true }),
      b: cw.column(cw.STR, { defaultValue: 'foo' }),
    });
    const fromDict = cw.schemaFromDict({
      a: { primary_key: true, dtype: cw.INT },
      b: { default_value: 'foo', dtype: cw.STR },
    });
    expect(same(A, B), 'column order should match').toBe(false);
    expect(same(A, C), 'column count should match').toBe(false);
    expect(same(A, D), 'column properties should match').toBe(false);
    expect(same(A, E), 'column types should match').toBe(false);
    expect(same(A, Same)).toBe(true);
    expect(same(A, fromDict)).toBe(true);
  });
  it('test_schema_eq: A != F (appendOnly: true)', () => {
    const A = cw.schema({
      a: cw.column(cw.INT, { primaryKey: true }),
      b: cw.column(cw.STR, { defaultValue: 'foo' }),
    });
    const F = cw.schema(
      { a: cw.column(cw.INT, { primaryKey: true }), b: cw.column(cw.STR, { defaultValue: 'foo' }) },
      { appendOnly: true },
    );
    expect(same(A, F), 'column properties should match').toBe(false);
    expect(same(F, cw.schemaFromDict(F.toDict()))).toBe(true);
  });

  it('test_schema_from_dict', () => {
    const schema = cw.schemaFromDict({
      col1: cw.ANY,
      col2: { dtype: 'int', default_value: 5 },
      col3: { dtype: cw.STR, default_value: 'foo', primary_key: true },
      col4: 'typing.Any',
    });
    const expected = cw.schema({
      col1: cw.ANY,
      col2: cw.column(cw.INT, { defaultValue: 5 }),
      col3: cw.column(cw.STR, { defaultValue: 'foo', primaryKey: true }),
      col4: cw.ANY,
    });
    expect(same(schema, expected)).toBe(true);
    expect(schema.typehints()).toEqual(expected.typehints());
  });

  it('test_schema_ambiguous_property', () => {
    expect(() => cw.schema({ a: cw.column(cw.INT, { appendOnly: false }) }, { appendOnly: true })).toThrow(
      'ambiguous property; schema property `appendOnly` has value true but column `a` got false',
    );
    expect(() => cw.schema({ a: cw.column(cw.INT, { appendOnly: true }) }, { appendOnly: false })).toThrow(
      'ambiguous property; schema property `appendOnly` has value false but column `a` got true',
    );
  });

  it('test_schema_properties', () => {
    const props = (s: cw.Schema<any>) => [
      ...s.columns.map((c) => c.appendOnly === true),
      s.universeProperties.appendOnly,
    ];
    const A = cw.schema({ a: cw.column(cw.INT, { appendOnly: true }), b: cw.INT }, { appendOnly: true });
    expect(props(A)).toEqual([true, true, true]);
    const B = cw.schema({ a: cw.column(cw.INT, { appendOnly: false }), b: cw.INT }, { appendOnly: false });
    expect(props(B)).toEqual([false, false, false]);
    const C = cw.schema({
      a: cw.column(cw.INT, { appendOnly: true }),
      b: cw.column(cw.INT, { appendOnly: false }),
      c: cw.INT,
    });
    expect(props(C)).toEqual([true, false, false, true]);
    const D = cw.schema({}, { appendOnly: true });
    expect(props(D)).toEqual([true]);
  });

  it('test_schemas_not_to_be_called', () => {
    const schema = cw.Table.empty({}).schema;
    expect(() => (schema as unknown as () => unknown)()).toThrow(TypeError);
  });

  it('test_advanced_schemas_not_to_be_called', () => {
    const merged = cw.Table.empty({}).schema.merge(cw.Table.empty({}).schema);
    expect(() => (merged as unknown as () => unknown)()).toThrow(TypeError);
  });

  it('test_schema_defaults_serialization', () => {
    const InputSchema = cw.schema({
      boolean: cw.column(cw.BOOL, { defaultValue: true }),
      integer: cw.column(cw.INT, { defaultValue: 10 }),
      double: cw.column(cw.FLOAT, { defaultValue: -4.3 }),
      string: cw.column(cw.STR, { defaultValue: 'abcd' }),
      binary_data: cw.column(cw.BYTES, { defaultValue: new TextEncoder().encode('defgh') }),
      datetime_naive: cw.column(cw.DATE_TIME_NAIVE, {
        defaultValue: cw.DateTimeNaive.of({ year: 2025, month: 1, day: 17 }),
      }),
      datetime_utc_aware: cw.column(cw.DATE_TIME_UTC, {
        defaultValue: cw.DateTimeUtc.of({ year: 2025, month: 1, day: 17 }),
      }),
      duration: cw.column(cw.DURATION, { defaultValue: cw.Duration.fromDays(5) }),
      json_data: cw.column(cw.JSON, { defaultValue: cw.Json.parse('{"a": 15, "b": "hello"}') }),
      tuple_data: cw.column(cw.tuple(cw.BYTES, cw.BOOL), {
        defaultValue: [new TextEncoder().encode('world'), true],
      }),
      list_data: cw.column(cw.list(cw.STR.optional()), { defaultValue: ['lorem', null, 'ipsum'] }),
    });
    const serialized = InputSchema.toDict();
    const serializedJson = sortedJson(serialized);
    const Deserialized = cw.schemaFromDict(serialized);
    expect(sortedJson(Deserialized.toDict())).toBe(serializedJson);
    expect(Deserialized.typehints()).toEqual(InputSchema.typehints());
  });

  it('test_schemas_composition: disjunction (schema merge)', async () => {
    const BaseSchema1 = cw.schema({
      key: cw.column(cw.INT, { primaryKey: true }),
      value: cw.column(cw.STR, { defaultValue: 'default_value', description: 'test description' }),
    });
    const BaseSchema2 = cw.schema({ value2: cw.BOOL });
    const InputSchema = BaseSchema1.merge(BaseSchema2);
    const ExpectedSchema = cw.schema({
      key: cw.column(cw.INT, { primaryKey: true }),
      value: cw.column(cw.STR, { defaultValue: 'default_value', description: 'test description' }),
      value2: cw.BOOL,
    });
    expect(same(InputSchema, ExpectedSchema)).toBe(true);

    const inputPath = path.join(dir, 'input.jsonl');
    writeFileSync(inputPath, '{"key": 0, "value": "hello", "value2": true}\n{"key": 1, "value2": false}\n');
    const table = cw.io.jsonlines.read(inputPath, { mode: 'static', schema: InputSchema });
    const rows = await tableToRows<Record<string, unknown>>(table);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    expect(byKey.get(0)).toMatchObject({ value: 'hello', value2: true });
    expect(byKey.get(1)).toMatchObject({ value: 'default_value', value2: false });
  });
});

describe('schemaFromCsv (test_schema.py)', () => {
  it('test_schema_from_csv', () => {
    const filename = path.join(dir, 'dataset.csv');
    writeFileSync(
      filename,
      [
        'ID,value,time,diff',
        '"a","worrld",1692262484324,1',
        '#"b","worrld",1692262510368,1.1',
        '"c","worrld",1692262510368,1',
        '',
      ].join('\n'),
    );
    const types = (s: cw.Schema<any>) => s.typehints();
    expect(types(cw.schemaFromCsv(filename))).toEqual({
      ID: cw.STR,
      value: cw.STR,
      time: cw.INT,
      diff: cw.FLOAT,
    });
    // When only one row is parsed, the last column is INT.
    expect(types(cw.schemaFromCsv(filename, { numParsedRows: 1 }))).toEqual({
      ID: cw.STR,
      value: cw.STR,
      time: cw.INT,
      diff: cw.INT,
    });
    // The commented row is skipped, so the last column is INT.
    expect(types(cw.schemaFromCsv(filename, { comment: '#' }))).toEqual({
      ID: cw.STR,
      value: cw.STR,
      time: cw.INT,
      diff: cw.INT,
    });
    // When no rows are parsed, all types are ANY.
    expect(types(cw.schemaFromCsv(filename, { numParsedRows: 0 }))).toEqual({
      ID: cw.ANY,
      value: cw.ANY,
      time: cw.ANY,
      diff: cw.ANY,
    });
    // Another delimiter yields one column.
    expect(types(cw.schemaFromCsv(filename, { delimiter: ']' }))).toEqual({ 'ID,value,time,diff': cw.STR });

    writeFileSync(filename, ['ID,"va""l""ue"', '"1","worrld"', '"3","worrld"', ''].join('\n'));
    expect(types(cw.schemaFromCsv(filename))).toEqual({ ID: cw.INT, 'va"l"ue': cw.STR });
    expect(types(cw.schemaFromCsv(filename, { quote: "'" }))).toEqual({ ID: cw.STR, '"va""l""ue"': cw.STR });
    expect(types(cw.schemaFromCsv(filename, { doubleQuoteEscapes: false }))).toEqual({
      ID: cw.INT,
      'va"l""ue"': cw.STR,
    });
  });
});

// Not ported:
// - test_schema_type_inconsistency_error, test_schema_no_annotation, test_schema_canonical_json: Python type
//   annotations of schema class attributes (and `dict` as an annotation) have no TypeScript counterpart; a
//   cw.column always takes its dtype.
// - test_schema_class_generation, test_schema_class_generation_from_auto_schema: generating Python class source.
// - test_schemas_composition (inheritance_1, inheritance_2): Python class inheritance of schemas; the
//   disjunction case is ported with merge (the `example` column option has no counterpart and is left out).
// - test_schema_defaults_serialization: the numpy ndarray columns (ints, floats, ints_flat, floats_flat) and the
//   `example` option are left out.
