// The circuit's forgetting pass at the engine level: an operator marking forgetting gets a second evaluation per epoch,
// only what its output reaches runs in it, outputs taking no parts get one batch per epoch, and the filter drops it.
import { describe, expect, it } from 'vitest';
import { Batch, EMPTY_BATCH } from './batch.js';
import { Circuit } from './circuit.js';
import { ForgettingFilterOperator } from './forgetting-filter.js';
import { InputOperator, OutputOperator } from './input-operator.js';
import { keyFromValue } from './key.js';
import { FlatMapOperator } from './linear-operators.js';
import { Operator, inForgettingPass } from './operator.js';
import { stepSync } from './testing-helpers.test-util.js';

/** Passes its input on, and in the forgetting pass retracts every row it passed in the epoch's own pass. */
class ForgetAll extends Operator<string> {
  private passed = new Batch<string>();
  constructor(input: Operator<string>) {
    super([input]);
    this.marksForgetting = true;
  }
  get name(): string {
    return 'forget-all';
  }
  eval(): void {
    if (inForgettingPass()) {
      const out = new Batch<string>();
      out.append(this.passed, -1);
      this.passed = new Batch<string>();
      this.output = out.keys.length === 0 ? EMPTY_BATCH : out;
      return;
    }
    const inb = this.inputs[0]!.output as Batch<string>;
    this.passed.append(inb);
    this.output = inb;
  }
}

/** Counts its evaluations and in which pass; passes its input on. */
class Counting extends FlatMapOperator<string, string> {
  passes: boolean[] = [];
  constructor(input: Operator<string>) {
    super(input, (k, r, d, out) => out.push(k, r, d));
  }
  override eval(): void {
    this.passes.push(inForgettingPass());
    super.eval();
  }
}

/** An output callback recording each batch as its time and its updates (`+row` / `-row`), sorted. */
function recorder(into: [number, string[]][]): (b: Batch<string>, t: number) => void {
  return (b, t) => void into.push([t, b.rows.map((r, i) => `${b.diffs[i]! > 0 ? '+' : '-'}${r}`).sort()]);
}

/** The program after two epochs, each inserting one row through the marked forget (`a`, then `b`). */
function afterTwoEpochs() {
  const p = program();
  p.marked.push(keyFromValue(1), 'a', 1);
  stepSync(p.c, 1);
  p.marked.push(keyFromValue(2), 'b', 1);
  stepSync(p.c, 2);
  return p;
}

function program() {
  const c = new Circuit();
  const marked = c.add(new InputOperator<string>());
  const other = c.add(new InputOperator<string>());
  const forget = c.add(new ForgetAll(marked));
  const downstream = c.add(new Counting(forget));
  const elsewhere = c.add(new Counting(other));
  const batches: [number, string[]][] = [];
  c.add(new OutputOperator<string>(downstream, recorder(batches)));
  const parts: [number, string[]][] = [];
  c.add(new OutputOperator<string>(downstream, recorder(parts), { acceptsParts: true }));
  const filtered: [number, string[]][] = [];
  const filter = c.add(new ForgettingFilterOperator<string>(forget, false));
  c.add(new OutputOperator<string>(filter, (b, t) => void filtered.push([t, b.rows.slice().sort()])));
  return { c, marked, other, downstream, elsewhere, batches, parts, filtered };
}

describe('the forgetting pass', () => {
  it("evaluates what the marked retractions reach, and nothing else, after the epoch's own pass", () => {
    const p = program();
    p.marked.push(keyFromValue(1), 'a', 1);
    p.other.push(keyFromValue(2), 'b', 1);
    stepSync(p.c, 1);
    expect(p.downstream.passes).toEqual([false, true]);
    // Idle in the forgetting pass (its input gives nothing there): not evaluated.
    expect(p.elsewhere.passes).toEqual([false]);
  });

  it('hands an output taking no parts one batch per epoch, and one taking parts each pass', () => {
    const p = afterTwoEpochs();
    // Each epoch's insertion is forgotten in the same epoch: the whole batch nets out.
    expect(p.batches).toEqual([
      [1, ['+a', '-a']],
      [2, ['+b', '-b']],
    ]);
    expect(p.parts).toEqual([
      [1, ['+a']],
      [1, ['-a']],
      [2, ['+b']],
      [2, ['-b']],
    ]);
  });

  it('ForgettingFilterOperator drops the forgetting pass', () => {
    const p = afterTwoEpochs();
    expect(p.filtered).toEqual([
      [1, ['a']],
      [2, ['b']],
    ]);
  });
});
