// schemaFromDict (Pathway's pw.schema_from_dict) and parseDtype: dtypes by name, column definitions as plain data,
// clear errors for bad input.

import { describe, expect, it } from 'vitest';
import * as cw from '../index.js';

describe('schemaFromDict', () => {
  it('reads the example of Pathway docs: dtype names, primary key and default value', () => {
    const s = cw.schemaFromDict({
      key: { dtype: 'int', primary_key: true },
      data: { dtype: 'int', default_value: 0 },
    });
    expect(s.names).toEqual(['key', 'data']);
    expect(s.primaryKeyColumns()).toEqual(['key']);
    expect(s.defaultValues()).toEqual({ data: 0 });
    expect(s.typehints()).toEqual({ key: cw.INT, data: cw.INT });
  });

  it('takes dtypes, dtype names and camel-cased options; a definition without a dtype is ANY', () => {
    const s = cw.schemaFromDict({
      a: cw.FLOAT,
      b: 'str',
      c: { dtype: cw.BOOL, primaryKey: true, defaultValue: false, description: 'flag' },
      d: {},
    });
    expect(s.typehints()).toEqual({ a: cw.FLOAT, b: cw.STR, c: cw.BOOL, d: cw.ANY });
    expect(s.column('c')).toMatchObject({
      primaryKey: true,
      hasDefault: true,
      defaultValue: false,
      description: 'flag',
    });
  });

  it('refuses a definition with an unknown key or of the wrong kind, naming the column', () => {
    expect(() => cw.schemaFromDict({ a: { dtype: 'int', primarykey: true } as never })).toThrow(
      'schemaFromDict: column "a" has unknown key primarykey',
    );
    expect(() => cw.schemaFromDict({ a: 3 as never })).toThrow('schemaFromDict: column "a" must be a dtype');
    expect(() => cw.schemaFromDict({ a: 'integer' })).toThrow('unknown dtype "integer"');
  });
});

describe('parseDtype', () => {
  it('reads dtypes as they print and as Python names them', () => {
    const cases: [string, cw.DType][] = [
      ['INT', cw.INT],
      ['float', cw.FLOAT],
      ['Str', cw.STR],
      ['typing.Any', cw.ANY],
      ['pathway.Json', cw.JSON],
      ['DATE_TIME_UTC', cw.DATE_TIME_UTC],
      ['pathway.Duration', cw.DURATION],
      ['Optional(STR)', cw.STR.optional()],
      ['Optional[str]', cw.STR.optional()],
      ['str | None', cw.STR.optional()],
      ['None | int', cw.INT.optional()],
      ['List(INT)', cw.list(cw.INT)],
      ['list[Optional[float]]', cw.list(cw.FLOAT.optional())],
      ['Tuple(INT, List(STR))', cw.tuple(cw.INT, cw.list(cw.STR))],
      ['tuple[int, str]', cw.tuple(cw.INT, cw.STR)],
    ];
    for (const [name, dtype] of cases) expect(String(cw.parseDtype(name)), name).toBe(String(dtype));
  });

  it('reads back every dtype it prints', () => {
    const all = [
      cw.INT,
      cw.POINTER,
      cw.BYTES,
      cw.NONE,
      cw.DATE_TIME_NAIVE,
      cw.tuple(cw.INT, cw.tuple(cw.STR)).optional(),
    ];
    for (const d of all) expect(String(cw.parseDtype(String(d)))).toBe(String(d));
  });

  it('explains names it cannot read', () => {
    expect(() => cw.parseDtype('Set(INT)')).toThrow("unknown type constructor 'Set'");
    expect(() => cw.parseDtype('List(INT')).toThrow("'(' is not closed by ')'");
    expect(() => cw.parseDtype('int | str')).toThrow('only `T | None` unions are dtypes');
    expect(() => cw.parseDtype('Optional(INT, STR)')).toThrow('Optional takes one dtype');
  });
});
