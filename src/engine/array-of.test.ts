import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { arrayOf } from './array-of.js';

/**
 * Runs a script in a fresh node with V8's natives (`%InYoungGeneration`): `make(i)` is called 2M times with every result
 * kept alive (so V8 sees its allocation site's objects survive and may pretenure it), then prints how many of 1,000
 * new results are still allocated in the young generation.
 */
function youngAfterSurvival(make: string): number {
  const script = `
    const arrayOf = ${arrayOf.toString()};
    const make = ${make};
    const keep = [];
    for (let i = 0; i < 2e6; i++) keep.push(make(i));
    let young = 0;
    for (let i = 0; i < 1000; i++) if (%InYoungGeneration(make(i))) young++;
    console.log(young, keep.length);`;
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '-e', script], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return Number(child.stdout.split(' ')[0]);
}

describe('arrayOf', () => {
  it('returns a fresh array of its arguments', () => {
    const a = arrayOf<unknown>(1, 'x');
    expect(a).toEqual([1, 'x']);
    expect(a).not.toBe(arrayOf<unknown>(1, 'x'));
    expect(arrayOf()).toEqual([]);
  });

  it("is never pretenured by V8, where an array literal whose arrays survive is (the premise of arrayOf's use)", () => {
    // A literal's allocation site is decided "tenure" once its arrays survive: new ones go to the old generation.
    expect(youngAfterSurvival('(i) => [i, i, i]')).toBe(0);
    // arrayOf's arrays have no allocation site: however many survive, new ones are young.
    expect(youngAfterSurvival('(i) => arrayOf(i, i, i)')).toBe(1000);
  }, 30_000);
});
