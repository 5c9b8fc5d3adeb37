// Type tests of the file-system connector: row types from the schema, the `data` column of text formats, and the
// `_metadata` column with `withMetadata: true`.

import { describe, expectTypeOf, it } from 'vitest';
import * as cw from '../../index.js';
import type { Json } from '../../table/values/json.js';
import * as csv from '../csv/index.js';
import * as jsonlines from '../jsonlines/index.js';
import * as fs from './index.js';

type RowOf<T> = T extends cw.Table<infer R> ? { -readonly [K in keyof R]: R[K] } : never;
function rowOf<T extends cw.Table<any>>(_table: T): RowOf<T> {
  return undefined as never;
}

const Pet = cw.schema({ owner: cw.STR, age: cw.INT });

describe('fs.read types', () => {
  it('gives the schema row for csv and jsonlines, and data columns for the text formats', () => {
    expectTypeOf(rowOf(fs.read('x', { format: 'csv', schema: Pet }))).toEqualTypeOf<{
      owner: string;
      age: number;
    }>();
    expectTypeOf(rowOf(csv.read('x', { schema: Pet }))).toEqualTypeOf<{ owner: string; age: number }>();
    expectTypeOf(rowOf(jsonlines.read('x', { schema: Pet, mode: 'static' }))).toEqualTypeOf<{
      owner: string;
      age: number;
    }>();
    expectTypeOf(rowOf(fs.read('x', { format: 'plaintext' }))).toEqualTypeOf<{ data: string }>();
    expectTypeOf(rowOf(fs.read('x', { format: 'binary' }))).toEqualTypeOf<{ data: Uint8Array }>();
  });

  it('adds _metadata with withMetadata: true', () => {
    expectTypeOf(rowOf(csv.read('x', { schema: Pet, withMetadata: true }))).toEqualTypeOf<{
      owner: string;
      age: number;
      _metadata: Json;
    }>();
  });

  it('types onlyMetadata rows as _metadata alone', () => {
    expectTypeOf(rowOf(fs.read('x', { format: 'onlyMetadata' }))).toEqualTypeOf<{ _metadata: Json }>();
  });
});
