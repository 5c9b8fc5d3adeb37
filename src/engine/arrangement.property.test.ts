// Property test of the arrangement: after every epoch of a random update stream, the index holds exactly the
// integrated input, grouped by index key, with no empty group left behind. Keyed arrangements (one row per key, as
// tables are) get upsert streams, whose update pairs take the in-place replacement path, in both pair orders and
// with index keys that change. Each runs for both group layouts (rows in one slot, cells inline), and a stream whose
// rows change width checks that an inline arrangement falls back to row slots without losing anything.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Arrangement } from './arrangement.js';
import { Batch } from './batch.js';
import { Circuit } from './circuit.js';
import { InputOperator } from './input-operator.js';
import { keyFromValue, type Key } from './key.js';
import {
  PROPERTY_RUNS,
  ReferenceInput,
  canonical,
  canonicalEntries,
  epochsArb,
  stepSync,
} from './testing-helpers.test-util.js';

type Row = [number, string] | [number, string, string]; // [index key, value, optional extra cell]

/** The index's contents as canonical triples; fails when a group is empty or holds a row of another index key. */
function indexContents(a: Arrangement<Row>): string[] {
  const triples: [Key, Row, number][] = [];
  for (const [ik, g] of a.index) {
    expect(g.length).toBeGreaterThan(0);
    const u = a.groupOf(ik)!;
    u.keys.forEach((k, i) => {
      expect(u.rows[i]![0]).toBe(ik);
      triples.push([k, u.rows[i]!, u.diffs[i]!]);
    });
  }
  return canonical(triples);
}

function build(keyed: boolean, inlineRows: boolean) {
  const c = new Circuit();
  const input = c.add(new InputOperator<Row>());
  const a = c.add(new Arrangement<Row>(input, (_k, r) => r[0], { keyed, inlineRows }));
  return { c, input, a };
}

const rowArb: fc.Arbitrary<Row> = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom('a', 'b', 'c'));
// Mostly two cells, sometimes three: an inline arrangement meets a row of another width at a random epoch.
const mixedRowArb: fc.Arbitrary<Row> = fc.oneof(
  { weight: 4, arbitrary: rowArb },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom('a', 'b'), fc.constant('x')),
  },
);

describe.each([
  ['row slots', false],
  ['inline rows', true],
])('Arrangement (property, %s)', (_layout, inlineRows) => {
  it.each([
    ['', rowArb],
    [' when rows change width (inline layout falls back to row slots)', mixedRowArb],
  ])(
    'indexes exactly the integrated input after every epoch of random inserts and deletes%s',
    (_what, arb) => {
      fc.assert(
        fc.property(epochsArb(arb, { ids: 4 }), (epochs) => {
          const { c, input, a } = build(false, inlineRows);
          const ref = new ReferenceInput<Row>();
          epochs.forEach((cmds, t) => {
            const b = ref.apply(cmds);
            for (let i = 0; i < b.keys.length; i++) input.push(b.keys[i]!, b.rows[i]!, b.diffs[i]!);
            stepSync(c, t + 1);
            expect(indexContents(a)).toEqual(canonicalEntries(ref.entries));
          });
        }),
        PROPERTY_RUNS,
      );
    },
  );

  it('keyed: indexes exactly the current rows after every epoch of random upserts and deletes', () => {
    const command = fc.record({
      id: fc.integer({ min: 0, max: 5 }),
      row: fc.option(mixedRowArb, { nil: null }),
      retractFirst: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(fc.array(command, { maxLength: 6 }), { minLength: 1, maxLength: 8 }), (epochs) => {
        const { c, input, a } = build(true, inlineRows);
        const rows = new Map<number, Row>();
        epochs.forEach((cmds, t) => {
          // Net effect per id within the epoch: at most one retraction and one insertion per key, in either order.
          const before = new Map<number, Row | undefined>();
          for (const cmd of cmds) {
            if (!before.has(cmd.id)) before.set(cmd.id, rows.get(cmd.id));
            if (cmd.row === null) rows.delete(cmd.id);
            else rows.set(cmd.id, cmd.row);
          }
          const b = new Batch<Row>();
          for (const [id, old] of before) {
            const now = rows.get(id);
            const key = keyFromValue(id);
            // A fresh copy of the old row, as a source that re-reads it would send: found by value, not identity.
            const retract = () => old !== undefined && b.push(key, [...old], -1);
            const insert = () => now !== undefined && b.push(key, now, 1);
            if (cmds.find((cmd) => cmd.id === id)!.retractFirst) {
              retract();
              insert();
            } else {
              insert();
              retract();
            }
          }
          for (let i = 0; i < b.keys.length; i++) input.push(b.keys[i]!, b.rows[i]!, b.diffs[i]!);
          stepSync(c, t + 1);
          const expected = [...rows].map(([id, row]) => [keyFromValue(id), row, 1] as [Key, Row, number]);
          expect(indexContents(a)).toEqual(canonical(expected));
        });
      }),
      PROPERTY_RUNS,
    );
  });
});
