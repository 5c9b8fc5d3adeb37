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
});
