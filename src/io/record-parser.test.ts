import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { RecordParser } from './record-parser.js';

/** The coercions of text fields as first written (trim, then test), which the fast paths must equal. */
function reference(kind: 'int' | 'float' | 'bool', raw: string): unknown {
  const t = raw.trim();
  if (kind === 'int') return /^[+-]?\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? Number(t) : 'error';
  if (kind === 'float') {
    if (t === '') return 'error';
    const n = Number(t);
    if (!Number.isNaN(n) || t === 'NaN' || t === 'nan') return n;
    if (t === 'inf' || t === 'Infinity') return Infinity;
    if (t === '-inf' || t === '-Infinity') return -Infinity;
    return 'error';
  }
  const l = t.toLowerCase();
  if (['true', '1', 'yes', 'on', 't', 'y'].includes(l)) return true;
  if (['false', '0', 'no', 'off', 'f', 'n'].includes(l)) return false;
  return 'error';
}

const field = fc.oneof(
  fc.stringMatching(/^[ +\-0-9.eE]{0,20}$/),
  fc.constantFrom(
    'true',
    'false',
    ' TRUE ',
    'yes',
    '0',
    '-0',
    '+7',
    '\u00a012',
    '0x1F',
    'nan',
    'NaN',
    '-inf',
    '',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.string({ maxLength: 6 }),
);

describe('RecordParser.parseFields', () => {
  it('coerces INT, FLOAT and BOOL text fields exactly as trim-then-parse does', () => {
    const p = new RecordParser(cw.schema({ i: cw.INT, f: cw.FLOAT, b: cw.BOOL }), { emptyIsNull: false });
    fc.assert(
      fc.property(fc.constantFrom<'int' | 'float' | 'bool'>('int', 'float', 'bool'), field, (kind, raw) => {
        const at = kind === 'int' ? 0 : kind === 'float' ? 1 : 2;
        const fields = ['0', '0', 'true'];
        fields[at] = raw;
        const row = p.parseFields(fields, [0, 1, 2]);
        const want = reference(kind, raw);
        if (want === 'error') expect(row).toBeUndefined();
        else expect(Object.is(row?.[at], want)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('RecordParser: None and durations in text fields', () => {
  const S = cw.schema({
    s: cw.STR.optional(),
    i: cw.INT.optional(),
    f: cw.FLOAT.optional(),
    b: cw.BOOL.optional(),
    j: cw.JSON.optional(),
    req: cw.INT,
  });
  const p = new RecordParser(S);
  const index = [0, 1, 2, 3, 4, 5];

  it("reads an empty field, null or none as None in optional non-string columns (Pathway's can_represent_null_value)", () => {
    expect(p.parseFields(['', '', '', '', '', '7'], index)).toEqual(['', null, null, null, null, 7]);
    expect(p.parseFields(['None', 'None', ' null ', 'NONE', 'null', '7'], index)).toEqual([
      'None',
      null,
      null,
      null,
      new cw.Json(null),
      7,
    ]);
    // A required column still refuses them.
    expect(p.parseFields(['', '1', '', '', '', 'None'], index)).toBeUndefined();
    expect(p.lastError).toMatch(/field "req": expected an integer/);
  });

  it('reads durations as nanoseconds from numbers and integer text, as the writers write them', () => {
    const D = new RecordParser(cw.schema({ d: cw.DURATION }));
    const fromText = D.parseFields(['1500000000'], [0])![0] as cw.Duration;
    const fromNumber = D.parseObject({ d: 1_500_000_000 })![0] as cw.Duration;
    expect(fromText.toString()).toBe(fromNumber.toString());
    expect(fromNumber.equals(cw.Duration.fromMs(1500))).toBe(true);
  });
});

describe('RecordParser: integers beyond the exact range', () => {
  it('refuses an INT beyond ±(2^53 - 1) from text, a JSON number or a bigint instead of rounding it', () => {
    const P = new RecordParser(cw.schema({ i: cw.INT, f: cw.FLOAT }));
    expect(P.parseFields(['9007199254740991', '1'], [0, 1])).toEqual([9007199254740991, 1]);
    expect(P.parseFields(['-9007199254740991', '1'], [0, 1])).toEqual([-9007199254740991, 1]);
    expect(P.parseFields(['9007199254740993', '1'], [0, 1])).toBeUndefined();
    expect(P.lastError).toMatch(
      /field "i": expected an integer within ±\(2\^53 - 1\).*declare the column FLOAT or STR/,
    );
    expect(P.parseObject(JSON.parse('{"i": 12345678901234567890, "f": 1}'))).toBeUndefined();
    expect(P.parseValues([2n ** 60n, 1])).toBeUndefined();
    expect(P.parseValues([2n ** 52n, 2n ** 60n])).toEqual([2 ** 52, 2 ** 60]);
  });
});

describe('RecordParser: pointers', () => {
  it('reads a printed pointer (as the writers store one) back as the same id', () => {
    const key = cw.keyFromValues([42]);
    const P = new RecordParser(cw.schema({ p: cw.POINTER }));
    expect(P.parseFields([cw.keyToString(key)], [0])).toEqual([key]);
    expect(P.parseFields(['^' + 'Z'.repeat(25) + '!'], [0])).toBeUndefined();
    expect(P.lastError).toMatch(/field "p": expected a pointer/);
  });
});

describe('RecordParser: JSON documents', () => {
  const S = cw.schema({ j: cw.JSON });
  it('keeps a string in a JSON column of a JSON document, and parses JSON text elsewhere', () => {
    const doc = new RecordParser(S, { jsonDocuments: true });
    const text = new RecordParser(S);
    expect((doc.parseObject({ j: '123' })![0] as cw.Json).value).toBe('123');
    expect((doc.parseObject({ j: 123 })![0] as cw.Json).value).toBe(123);
    expect((text.parseObject({ j: '123' })![0] as cw.Json).value).toBe(123);
    // CSV fields are text even for a JSON-document parser.
    expect((doc.parseFields(['"x"'], [0])![0] as cw.Json).value).toBe('x');
  });
});

describe("RecordParser: empty and null text fields (Pathway's parse_with_type / parse_str_with_type)", () => {
  const bytes = (row: unknown[] | undefined) => row?.map((v) => (v instanceof Uint8Array ? [...v] : v));

  it('reads an empty BYTES field as empty bytes, optional or not (test_io.py::test_different_types_serialization[csv])', () => {
    const p = new RecordParser(cw.schema({ b: cw.BYTES, o: cw.BYTES.optional() }));
    expect(bytes(p.parseFields(['', ''], [0, 1]))).toEqual([[], []]);
    expect(bytes(p.parseFields(['AAH/', 'AAH/'], [0, 1]))).toEqual([
      [0, 1, 255],
      [0, 1, 255],
    ]);
    // `null` / `none` are base64 text in a BYTES column, as Pathway decodes them.
    expect(bytes(p.parseFields(['null', 'None'], [0, 1]))).toEqual([
      [...Buffer.from('null', 'base64')],
      [...Buffer.from('None', 'base64')],
    ]);
  });

  it('rejects an empty field in a required INT column and reads it as None in an optional one', () => {
    const p = new RecordParser(cw.schema({ req: cw.INT, opt: cw.INT.optional() }));
    expect(p.parseFields(['1', ''], [0, 1])).toEqual([1, null]);
    expect(p.parseFields(['', '1'], [0, 1])).toBeUndefined();
    expect(p.lastError).toBe('field "req" is empty');
  });

  it('gives an empty field the column default, but in STR and ANY columns, which keep their text', () => {
    const p = new RecordParser(
      cw.schema({
        i: cw.column(cw.INT, { defaultValue: 7 }),
        b: cw.column(cw.BYTES, { defaultValue: new Uint8Array([9]) }),
        s: cw.column(cw.STR, { defaultValue: 'dflt' }),
        a: cw.column(cw.ANY, { defaultValue: 'dflt' }),
      }),
    );
    expect(bytes(p.parseFields(['', '', '', ''], [0, 1, 2, 3]))).toEqual([7, [9], '', '']);
  });

  it('reads none, NULL and an empty field as None in an optional JSON column, and exactly null as the JSON null', () => {
    const p = new RecordParser(cw.schema({ j: cw.JSON.optional() }));
    for (const text of ['', 'none', 'NULL', ' null ']) expect(p.parseFields([text], [0])).toEqual([null]);
    expect(p.parseFields(['null'], [0])).toEqual([new cw.Json(null)]);
  });
});

describe('RecordParser: explicit nulls and defaults in JSON records', () => {
  const S = cw.schema({
    k: cw.STR,
    b: cw.column(cw.INT, { defaultValue: 0 }),
    c: cw.column(cw.STR.optional(), { defaultValue: 'default' }),
  });

  it('reads an explicit null as None and a missing field as the default (test_io.py::test_json_default_values)', () => {
    for (const p of [new RecordParser(S), new RecordParser(S, { jsonDocuments: true })]) {
      expect(p.parseObject({ k: 'a', b: 1, c: 'foo' })).toEqual(['a', 1, 'foo']);
      expect(p.parseObject({ k: 'b', b: 2, c: null })).toEqual(['b', 2, null]);
      expect(p.parseObject({ k: 'c' })).toEqual(['c', 0, 'default']);
      expect(p.parseValues(['b', 2, null])).toEqual(['b', 2, null]);
      expect(p.parseValues(['c', undefined, undefined])).toEqual(['c', 0, 'default']);
    }
  });

  it('rejects an explicit null in a required column even when it has a default (parse_value_from_json)', () => {
    const p = new RecordParser(S);
    expect(p.parseObject({ k: 'a', b: null })).toBeUndefined();
    expect(p.lastError).toBe('field "b" is null');
  });
});
