import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FlatJsonScanner } from './flat-json-scanner.js';

const NAMES = ['a', 'word', 't', 'constructor', '__proto__', 'x y'];

/** What JSON.parse makes of `line` per column, or 'invalid'. */
function reference(line: string): unknown[] | 'invalid' | 'not-flat' {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return 'invalid';
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return 'not-flat';
  return NAMES.map((n) => (Object.hasOwn(obj, n) ? (obj as Record<string, unknown>)[n] : undefined));
}

function scanned(line: string): unknown[] | undefined {
  const out = new Array<unknown>(NAMES.length);
  return new FlatJsonScanner(NAMES).scan(line, 0, line.length, out) ? out : undefined;
}

const key = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 4 }));
const primitive = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('a\\"b', 'é€😀', '\u2028'),
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e21, 123456789012345, 1234567890123456, -7, 0.1),
  fc.boolean(),
  fc.constant(null),
  fc.constant({ nested: 1 }),
  fc.constant([1, 2]),
);
const ws = fc.constantFrom('', ' ', '\t', '\r', '  \n');

/** A JSON object line with random spacing, then maybe damaged at one place. */
const line = fc
  .tuple(
    fc.array(fc.tuple(key, primitive, ws, ws), { maxLength: 6 }),
    ws,
    fc.option(
      fc.tuple(fc.nat(), fc.constantFrom('', '"', '\\', ',', '}', '{', 'x', '\u0001', '-', '.', 'e')),
    ),
  )
  .map(([fields, w, damage]) => {
    let s = `${w}{${fields.map(([k, v, a, b]) => `${a}${JSON.stringify(k)}${b}:${a}${JSON.stringify(v)}${b}`).join(',')}}${w}`;
    if (damage !== null) {
      const at = damage[0] % (s.length + 1);
      s = s.slice(0, at) + damage[1] + s.slice(at + (damage[1] === '' ? 1 : 0));
    }
    return s;
  });

describe('FlatJsonScanner', () => {
  it('gives exactly what JSON.parse gives per column whenever it accepts a line, and accepts flat objects', () => {
    fc.assert(
      fc.property(line, (l) => {
        const got = scanned(l);
        const want = reference(l);
        if (got !== undefined) {
          expect(want).not.toBe('invalid');
          expect(got).toEqual(want);
          for (let i = 0; i < got.length; i++) expect(Object.is(got[i], (want as unknown[])[i])).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts common flat lines and falls back on escapes, nesting and garbage', () => {
    expect(scanned('{"word":"w12","t":1732.5}')).toEqual([
      undefined,
      'w12',
      1732.5,
      undefined,
      undefined,
      undefined,
    ]);
    expect(scanned(' { "a" : -0 , "t":true,"zz":null } \r')).toEqual([
      -0,
      undefined,
      true,
      undefined,
      undefined,
      undefined,
    ]);
    expect(scanned('{"a":1,"a":2}')![0]).toBe(2);
    expect(scanned('{}')).toEqual(new Array(6).fill(undefined));
    for (const bad of [
      '{"a":"x\\"y"}',
      '{"a":{"b":1}}',
      '{"a":[1]}',
      '{"a":01}',
      '{"a":1,}',
      '{"a":1} x',
      '[1]',
      '',
      '{"a":1.}',
    ])
      expect(scanned(bad)).toBeUndefined();
  });

  it('matches keys in any order, also when the order changes between lines', () => {
    const s = new FlatJsonScanner(['a', 'b']);
    const out: unknown[] = [undefined, undefined];
    for (const [l, want] of [
      ['{"a":1,"b":2}', [1, 2]],
      ['{"b":3,"a":4}', [4, 3]],
      ['{"ab":5,"a":6}', [6, undefined]],
      ['{"a":7,"b":8}', [7, 8]],
    ] as const) {
      expect(s.scan(l, 0, l.length, out)).toBe(true);
      expect(out).toEqual(want);
    }
  });

  it('never accepts a line when a column name would need escaping in JSON', () => {
    const l = '{"q\\"":1}';
    expect(new FlatJsonScanner(['q"']).scan(l, 0, l.length, [undefined])).toBe(false);
  });
});
