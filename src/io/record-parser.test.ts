import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cw from '../index.js';
import { RecordParser } from './record-parser.js';

/** The coercions of text fields as first written (trim, then test), which the fast paths must equal. */
function reference(kind: 'int' | 'float' | 'bool', raw: string): unknown {
  const t = raw.trim();
  if (kind === 'int') return /^[+-]?\d+$/.test(t) ? Number(t) : 'error';
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
