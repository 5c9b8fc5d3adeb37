import { afterEach, describe, expect, it } from 'vitest';
import * as cw from '../../index.js';
import { tableToRows } from '../../testing/index.js';
import { compareValues } from '../values/compare.js';
import { Json } from '../values/json.js';

afterEach(() => cw.clearGraph());

async function printed(table: cw.Table<any>): Promise<string[][]> {
  const out = await tableToRows<Record<string, unknown>>(table, { terminateOnError: false });
  const names = table.columnNames();
  return out
    .map((r) => names.map((n) => r[n]))
    .sort(compareValues)
    .map((r) => r.map((v) => (v instanceof cw.ErrorValue ? 'Error' : v === null ? 'None' : String(v))));
}

function jsonTable(...docs: string[]) {
  return cw.tableFromRows(
    cw.schema({ k: cw.INT, data: cw.JSON }),
    docs.map((d, i) => ({ k: i + 1, data: Json.parse(d) })),
  );
}

describe('Expr.json', () => {
  it('gets members and converts them (Pathway docs: data.get("value").as_int())', async () => {
    const t = jsonTable('{"value": 1, "name": "a", "tags": [1, 2]}', '{"value": 2, "ok": true}');
    const r = t.select({
      k: t.c.k,
      value: t.c.data.json.get('value').json.asInt(),
      name: t.c.data.json.get('name').json.asStr(),
      ok: t.c.data.json.get('ok').json.asBool({ default: false }),
      tag: t.c.data.json.at('tags').json.at(1).json.asFloat(),
      path: t.c.data.json.path(['tags', 0]),
      raw: t.c.data.at('value'),
    });
    expect(r.schema.columns.map((c) => String(c.dtype))).toEqual([
      'INT',
      'Optional(INT)',
      'Optional(STR)',
      'BOOL',
      'Optional(FLOAT)',
      'Optional(JSON)',
      'JSON',
    ]);
    expect(await printed(r)).toEqual([
      ['1', '1', 'a', 'false', '2', '1', '1'],
      ['2', '2', 'None', 'true', 'None', 'None', '2'],
    ]);
  });

  it('uses defaults for missing members, JSON null for [], and errors for wrong JSON types', async () => {
    const t = jsonTable('{"a": "text"}', '{"a": null}', '[10, 20]');
    const r = t.select({
      k: t.c.k,
      dflt: t.c.data.json.get('missing', 7),
      at: t.c.data.json.at('missing'),
      idx: t.c.data.get(1),
      asInt: t.c.data.json.get('a').json.asInt(),
      unwrap: t.c.data.json.get('a').json.asStr({ unwrap: true }),
      list: t.c.data.json.asList({ default: [] }),
    });
    expect(await printed(r)).toEqual([
      ['1', '7', 'null', 'None', 'Error', 'text', 'Error'],
      ['2', '7', 'null', 'None', 'None', 'Error', 'Error'],
      ['3', '7', 'null', '20', 'None', 'Error', '10,20'],
    ]);
  });

  it('gives the default for JSON null and None when unwrap is asked with a default (test_json.py::test_json_convert_default_unwrap)', async () => {
    const t = cw.tableFromRows(cw.schema({ k: cw.INT, data: cw.JSON.optional(), dflt: cw.INT.optional() }), [
      { k: 1, data: new Json(42), dflt: 2 },
      { k: 2, data: Json.NULL, dflt: 2 },
      { k: 3, data: null, dflt: 2 },
    ]);
    const r = t.select({
      k: t.c.k,
      constant: t.c.data.json.asInt({ default: 2, unwrap: true }),
      column: t.c.data.json.asInt({ default: t.c.dflt, unwrap: true }),
      str: t.c.data.json.asStr({ default: 'bar', unwrap: true }),
    });
    expect(String(r.schema.columns.find((c) => c.name === 'constant')!.dtype)).toBe('INT');
    expect(await printed(r)).toEqual([
      ['1', '42', '42', 'Error'],
      ['2', '2', '2', 'bar'],
      ['3', '2', '2', 'bar'],
    ]);
  });

  it('errs on JSON null and None when unwrap is asked and the default is None (test_json.py::test_json_convert_default_unwrap_null)', async () => {
    const t = cw.tableFromRows(cw.schema({ k: cw.INT, data: cw.JSON.optional(), dflt: cw.INT.optional() }), [
      { k: 1, data: new Json(42), dflt: 2 },
      { k: 2, data: Json.NULL, dflt: 2 },
      { k: 3, data: null, dflt: null },
    ]);
    const r = t.select({ k: t.c.k, v: t.c.data.json.asInt({ default: t.c.dflt, unwrap: true }) });
    expect(await printed(r)).toEqual([
      ['1', '42'],
      ['2', '2'],
      ['3', 'Error'],
    ]);
    const noDefault = t.select({ k: t.c.k, v: t.c.data.json.asInt({ unwrap: true }) });
    expect(await printed(noDefault)).toEqual([
      ['1', '42'],
      ['2', 'Error'],
      ['3', 'Error'],
    ]);
  });

  it('wraps a plain-value default of get in Json (test_json.py::test_json_get_default)', async () => {
    const t = jsonTable(
      '{"a": {"b": 1}}',
      '{"a": {"b": null}}',
      '{"a": {}}',
      '{"a": [1, 2, 3]}',
      '{"a": 42}',
      '{"a": null}',
      '{}',
      '[1, 2, 3]',
      'null',
      '1',
      '"foo"',
    );
    const r = t.select({ k: t.c.k, result: t.c.data.json.get('a', { b: 42 }) });
    expect(String(r.schema.columns.find((c) => c.name === 'result')!.dtype)).toBe('JSON');
    const rows = await tableToRows<{ k: number; result: unknown }>(r);
    for (const row of rows) expect(row.result).toBeInstanceOf(Json);
    expect(rows.sort((a, b) => a.k - b.k).map((row) => String(row.result))).toEqual([
      '{"b": 1}',
      '{"b": null}',
      '{}',
      '[1, 2, 3]',
      '42',
      'null',
      '{"b": 42}',
      '{"b": 42}',
      '{"b": 42}',
      '{"b": 42}',
      '{"b": 42}',
    ]);
    const more = await tableToRows<{ n: unknown; s: unknown; l: unknown; j: unknown }>(
      jsonTable('{}').select({
        n: cw.this.data.json.get('a', 7),
        s: cw.this.data.json.get('a', 'x'),
        l: cw.this.data.json.get('a', [1, 'y']),
        j: cw.this.data.json.get('a', new Json(true)),
      }),
    );
    expect(more.map((row) => [row.n, row.s, row.l, row.j].map(String))).toEqual([
      ['7', '"x"', '[1, "y"]', 'true'],
    ]);
    expect(more[0]!.n).toEqual(new Json(7));
  });
});

describe('Expr.get on JSON (Pathway test_json.py::test_json_get_default)', () => {
  it('wraps an object-literal default in Json, on cw.this and on a typed column alike', async () => {
    const t = jsonTable('{}', '{"a": 1}');
    const viaThis = t.select({ k: cw.this.k, r: cw.this.data.get('a', { b: 42 }) });
    expect(await printed(viaThis)).toEqual([
      ['1', '{"b": 42}'],
      ['2', '1'],
    ]);
    const rows = await tableToRows<{ r: unknown }>(t.select({ r: t.c.data.get('a', 7) }));
    for (const row of rows) expect(row.r).toBeInstanceOf(Json);
  });
});
