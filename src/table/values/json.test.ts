import { describe, expect, it } from 'vitest';
import { keyFromValue } from '../../engine/key.js';
import { Json, dumpJson, formatNumber, jsonTypeName } from './json.js';

describe('formatNumber', () => {
  it.each([
    [3, '3'],
    [-0, '0'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e-7, '1.5e-07'],
    [1e16, '1e+16'],
    [1.5e300, '1.5e+300'],
    [9.1e15, '9100000000000000.0'],
    [1 / 3, '0.3333333333333333'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ])('prints %s as Python does', (x, s) => {
    expect(formatNumber(x)).toBe(s);
  });
});

describe('Json', () => {
  it('prints like json.dumps', () => {
    expect(new Json({ a: [1, 0.5, null, 'é'], b: true }).toString()).toBe(
      '{"a": [1, 0.5, null, "é"], "b": true}',
    );
    expect(dumpJson('x"y')).toBe('"x\\"y"');
    expect(Json.NULL.toString()).toBe('null');
  });

  it('prints non-ASCII characters as they are (test_json.py::test_json_doesnt_enforce_ascii)', () => {
    expect(new Json({ data: 'żółć' }).toString()).toBe('{"data": "żółć"}');
    expect(new Json({ szczęście: ['szczęśliwość', '😀'] }).toString()).toBe(
      '{"szczęście": ["szczęśliwość", "😀"]}',
    );
  });

  it('still escapes quotes, backslashes and control characters', () => {
    expect(dumpJson('a"b\\c\n\t\u0001\u001f')).toBe('"a\\"b\\\\c\\n\\t\\u0001\\u001f"');
    expect(Json.parse(new Json({ 'k"\n': 'ż\u0000' }).toString()).value).toEqual({ 'k"\n': 'ż\u0000' });
  });

  it('unwraps a Json given whole or inside arrays and objects, copying only what holds one', () => {
    expect(new Json(new Json(1)).value).toBe(1);
    expect(new Json([new Json('a'), { b: new Json([new Json(2)]) }]).value).toEqual(['a', { b: [2] }]);
    const plain = { a: [1, { b: 2 }] };
    expect(new Json(plain).value).toBe(plain);
    const mixed = { keep: [1], wrapped: new Json(true) };
    const held = new Json(mixed).value as { keep: number[]; wrapped: boolean };
    expect(held).toEqual({ keep: [1], wrapped: true });
    expect(held.keep).toBe(mixed.keep);
    expect(mixed.wrapped).toBeInstanceOf(Json);
  });

  it('wraps a part of another Json as it is (ofPlain), and unwraps again afterwards', () => {
    const doc = { big: [1, 2, 3] };
    expect(Json.ofPlain(doc).value).toBe(doc);
    expect(new Json([new Json(1)]).value).toEqual([1]);
  });

  it('parses text and reports bad JSON', () => {
    expect(Json.parse('{"a": 1}').value).toEqual({ a: 1 });
    expect(() => Json.parse('{a')).toThrow(/cannot parse "\{a" as JSON/);
  });

  it('compares deeply regardless of key order and hashes alike', () => {
    const a = new Json({ x: 1, y: [1, { z: null }] });
    const b = new Json({ y: [1, { z: null }], x: 1 });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(new Json({ x: 1 }))).toBe(false);
    expect(keyFromValue(a)).toBe(keyFromValue(b));
    expect(keyFromValue(new Json('a'))).not.toBe(keyFromValue('a'));
    expect(keyFromValue(new Json([1]))).not.toBe(keyFromValue([1]));
  });

  it('serializes as its value and names its types', () => {
    expect(JSON.stringify({ j: new Json([1, 'a']) })).toBe('{"j":[1,"a"]}');
    expect([null, true, 1, 1.5, 's', [], {}].map((v) => jsonTypeName(v))).toEqual([
      'null',
      'bool',
      'int',
      'float',
      'string',
      'array',
      'object',
    ]);
  });
});
