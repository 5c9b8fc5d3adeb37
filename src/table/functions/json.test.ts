import { describe, expect, it } from 'vitest';
import { Json } from '../values/json.js';
import { asBool, asDict, asFloat, asInt, asList, asStr, jsonGet, jsonItem, jsonPath } from './json.js';

const doc = new Json({ a: 1, b: [10, 'x', null], c: { d: { e: true } }, n: null, f: 1.5 });

describe('jsonGet', () => {
  it('returns members and elements as Json', () => {
    expect(jsonGet(doc, 'a')).toEqual(new Json(1));
    expect(jsonGet(jsonGet(doc, 'b') as Json, 1)).toEqual(new Json('x'));
    expect(jsonGet(doc, 'n')).toEqual(Json.NULL);
  });

  it('returns the default (null unless given) when missing', () => {
    expect(jsonGet(doc, 'zzz')).toBeNull();
    expect(jsonGet(doc, 'zzz', 0)).toBe(0);
    expect(jsonGet(jsonGet(doc, 'b') as Json, 3, 'none')).toBe('none');
    expect(jsonGet(jsonGet(doc, 'b') as Json, -1)).toBeNull();
    expect(jsonGet(doc, 0)).toBeNull();
    expect(jsonGet(new Json('str'), 'a')).toBeNull();
    expect(jsonGet(doc, 'toString')).toBeNull();
  });
});

describe('jsonItem and jsonPath', () => {
  it('throws on a missing member in strict access', () => {
    expect(jsonItem(doc, 'a')).toEqual(new Json(1));
    expect(() => jsonItem(doc, 'zzz')).toThrow(
      'JSON object has no key "zzz"; use jsonGet(json, key, default) to allow it',
    );
    expect(() => jsonItem(new Json([1]), 5)).toThrow(/JSON array has no index 5/);
  });

  it('follows a path and gives null when a step is missing', () => {
    expect(jsonPath(doc, ['c', 'd', 'e'])).toEqual(new Json(true));
    expect(jsonPath(doc, ['b', 0])).toEqual(new Json(10));
    expect(jsonPath(doc, ['b', 5, 'x'])).toBeNull();
    expect(jsonPath(doc, [])).toEqual(doc);
  });
});

describe('json as* conversions', () => {
  it('unwraps values of the right type and null for JSON null', () => {
    expect(asInt(new Json(3))).toBe(3);
    expect(asFloat(new Json(3))).toBe(3);
    expect(asFloat(new Json(1.5))).toBe(1.5);
    expect(asStr(new Json('s'))).toBe('s');
    expect(asBool(new Json(false))).toBe(false);
    expect(asList(new Json([1, 'a']))).toEqual([new Json(1), new Json('a')]);
    expect(asDict(new Json({ k: [1] }))).toEqual({ k: new Json([1]) });
    for (const f of [asInt, asFloat, asStr, asBool, asList, asDict]) expect(f(Json.NULL)).toBeNull();
  });

  it('throws naming the expected and actual types', () => {
    expect(() => asInt(new Json(1.5))).toThrow('cannot convert JSON float to int');
    expect(() => asInt(new Json('1'))).toThrow('cannot convert JSON string to int');
    expect(() => asFloat(new Json(true))).toThrow('cannot convert JSON bool to float');
    expect(() => asStr(new Json(1))).toThrow('cannot convert JSON int to str');
    expect(() => asBool(new Json('true'))).toThrow('cannot convert JSON string to bool');
    expect(() => asList(new Json({}))).toThrow('cannot convert JSON object to list');
    expect(() => asDict(new Json([]))).toThrow('cannot convert JSON array to dict');
  });
});
