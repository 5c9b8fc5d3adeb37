// Fixpoint iteration over tables (Pathway's `pw.iterate`): the body is built once over placeholder tables and its
// plan nodes are lowered into the engine's nested circuit (IterateOperator); what does not depend on the loop is
// computed outside it and enters as a constant.
//
// Algorithm: (1) call the body with one placeholder table per input; returned tables named like an input are
//   iterated (fed back), every other input is a constant. (2) Walk the plan from the returned tables: a node
//   depends on the loop when it reaches an iterated placeholder; the loop-free nodes where the walk stops
//   (constant inputs, tables built outside the body) become extra constant inputs of the IterateOperator.
//   (3) At lowering, a `NestedLowering` context lowers the loop-dependent nodes into the inner circuit, mapping
//   placeholders and loop-free nodes to the inner input operators. Returned tables not named like an input are
//   lowered outside the loop over the final iterated tables.
// Invariants: each plan node is lowered at most once per context; iterated outputs are fed back in the input's
//   column order; a placeholder is never lowered outside its loop.

import { IterateOperator, IterateProjection } from '../engine/iterate.js';
import type { Circuit } from '../engine/circuit.js';
import { MapOperator } from '../engine/linear-operators.js';
import type { Operator } from '../engine/operator.js';
import { unifyDtypes } from './dtype.js';
import { GraphBuildError } from './errors.js';
import { planNode, type LoweringContext, type PlanNode, type SourceBinding } from './plan.js';
import { Table, type Row } from './table.js';
import { userCallSite } from './call-site.js';
import { Universe } from './universe.js';

/** Options of `cw.iterate`. */
export interface IterateTableOptions {
  /** Stop after this many applications of the body even without a fixpoint (Pathway's `iteration_limit`). */
  limit?: number;
}

/** The tables a loop body receives and returns, by name. */
export type TableRecord = Record<string, Table<any>>;

/**
 * Lowers plan nodes into another circuit: nodes found in `substitutes` become the given operators, nodes for which
 * `fromParent` holds are lowered by the parent context, every other node is lowered here (once).
 */
export class NestedLowering implements LoweringContext {
  private readonly memo = new Map<PlanNode, Operator<unknown[]>>();

  /** Creates a context over `circuit`; `label` prefixes operator names in error messages. */
  constructor(
    readonly circuit: Circuit,
    private readonly parent: LoweringContext,
    substitutes: ReadonlyMap<PlanNode, Operator<unknown[]>>,
    private readonly fromParent: (node: PlanNode) => boolean,
    private readonly label: string,
  ) {
    for (const [node, op] of substitutes) this.memo.set(node, op);
  }

  /** True when the body is lowered into a circuit of its own (not the parent's, as outputs after the loop are). */
  get nested(): boolean {
    return this.circuit !== this.parent.circuit;
  }

  lower(node: PlanNode): Operator<unknown[]> {
    let op = this.memo.get(node);
    if (op !== undefined) return op;
    if (this.fromParent(node)) {
      op = this.parent.lower(node);
    } else {
      const inputs = node.inputs.map((n) => this.lower(n));
      op = node.lower(this, inputs);
    }
    this.memo.set(node, op);
    return op;
  }

  addSource(_source: SourceBinding): void {
    throw new GraphBuildError(
      'a data source cannot be read inside the body of cw.iterate: build it outside and pass it in the tables record',
    );
  }

  bindNode(op: Operator, node: PlanNode): void {
    this.parent.bindNode(op, node);
  }

  add<TOp extends Operator<any>>(op: TOp, node: PlanNode): TOp {
    // Lowering over the parent's own circuit (outputs computed after the loop): the parent names operators.
    if (this.circuit === this.parent.circuit) return this.parent.add(op, node);
    this.circuit.add(op);
    this.bindNode(op, node);
    // Names the operator, as the runtime does, so error values say where they happened.
    op.errorLabel = `${this.label}: ${node.site ? `${node.kind} at ${node.site}` : node.kind}`;
    return op;
  }
}

function isTable(x: unknown): x is Table<any> {
  return x instanceof Table;
}

function checkRecord(what: string, record: unknown, site: string | undefined): asserts record is TableRecord {
  if (typeof record !== 'object' || record === null || isTable(record) || Array.isArray(record)) {
    throw new GraphBuildError(`${what} must be a record of tables, like { vertices, edges }`, site);
  }
  for (const [name, t] of Object.entries(record)) {
    if (!isTable(t)) throw new GraphBuildError(`${what}: "${name}" is not a table`, site);
  }
}

/** Marks which plan nodes depend on the loop (reach an iterated placeholder). */
function loopDependence(iterated: ReadonlySet<PlanNode>): (node: PlanNode) => boolean {
  const known = new Map<PlanNode, boolean>();
  const depends = (node: PlanNode): boolean => {
    let d = known.get(node);
    if (d !== undefined) return d;
    d = iterated.has(node) || node.inputs.some(depends);
    known.set(node, d);
    return d;
  };
  return depends;
}

/** Loop-free nodes where a walk from `roots` through loop-dependent nodes stops, in first-seen order. */
function loopFreeFrontier(
  roots: readonly PlanNode[],
  depends: (n: PlanNode) => boolean,
  iterated: ReadonlySet<PlanNode>,
): PlanNode[] {
  const out: PlanNode[] = [];
  const seen = new Set<PlanNode>();
  const stack = roots.slice().reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (!depends(node)) out.push(node);
    else if (!iterated.has(node))
      for (let i = node.inputs.length - 1; i >= 0; i--) stack.push(node.inputs[i]!);
  }
  return out;
}

/**
 * Applies `fn` to `tables` until the returned tables named like inputs stop changing (a fixpoint) or `limit`
 * iterations ran (Pathway's `pw.iterate`). Inputs not returned are constants; returned tables with other names
 * are computed from the final iterated tables. Streaming inputs update the fixpoint incrementally.
 *
 * @example
 * // `edges` holds a self-loop for every vertex, so a vertex stays reached.
 * const { reach } = cw.iterate(({ reach, edges }) => ({
 *   reach: reach.join(edges, reach.c.v.eq(edges.c.from)).select({ v: cw.right.to }).groupBy('v').reduce({ v: cw.this.v }),
 * }), {}, { reach: roots, edges });
 */
export function iterate<TIn extends TableRecord, TOut extends TableRecord>(
  fn: (tables: TIn) => TOut,
  options: IterateTableOptions,
  tables: TIn,
): TOut;
/** `cw.iterate(fn, { t })` with a body returning one table: the result is that table at the fixpoint. */
export function iterate<TIn extends Record<string, Table<any>>, TRow extends Row>(
  fn: (tables: TIn) => Table<TRow>,
  optionsOrTables: IterateTableOptions | TIn,
  maybeTables?: TIn,
): Table<TRow>;
/** `cw.iterate(fn, tables)`: iterates to a fixpoint without a limit. */
export function iterate<TIn extends TableRecord, TOut extends TableRecord>(
  fn: (tables: TIn) => TOut,
  tables: TIn,
): TOut;
export function iterate<TIn extends TableRecord, TOut extends TableRecord>(
  fn: (tables: TIn) => TOut,
  optionsOrTables: IterateTableOptions | TIn,
  maybeTables?: TIn,
): TOut {
  const site = userCallSite();
  const options: IterateTableOptions = maybeTables === undefined ? {} : optionsOrTables;
  const tables = (maybeTables ?? optionsOrTables) as TIn;
  checkRecord('cw.iterate(fn, options, tables): tables', tables, site);
  const limit = options.limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new GraphBuildError(`cw.iterate: limit must be a positive integer, got ${String(limit)}`, site);
  }
  const names = Object.keys(tables);
  if (names.length === 0) throw new GraphBuildError('cw.iterate needs at least one table to iterate', site);

  // Placeholders: iterated ones are lowered only by substitution; constant ones are the outer table itself.
  const placeholders = new Map<string, Table<any>>();
  const placeholderNodes = new Map<string, PlanNode>();
  const iteratedSet = new Set<PlanNode>();
  for (const name of names) {
    const outer = tables[name]!;
    const node = planNode('iterate-input', [outer.node], site, (_ctx, ops) => {
      if (iteratedSet.has(node)) {
        throw new GraphBuildError(
          `the table "${name}" of a cw.iterate body was used outside the body; use the tables cw.iterate returns`,
          site,
        );
      }
      return ops[0]!;
    });
    placeholderNodes.set(name, node);
    placeholders.set(name, new Table(outer.columns, node, new Universe(), `${name} (iterate)`));
  }

  let result: unknown = fn(Object.fromEntries(placeholders) as TIn);
  // A body iterating one table may return that table alone (Pathway's collatz example); the result is then a table.
  const single = isTable(result);
  if (single) {
    if (names.length !== 1) {
      throw new GraphBuildError(
        'the body of cw.iterate returned a single table but iterates several; return a record of tables, like { vertices }',
        site,
      );
    }
    result = { [names[0]!]: result };
  }
  checkRecord('the body of cw.iterate returned a value that', result, site);
  const iteratedNames = Object.keys(result).filter((n) => names.includes(n));
  if (iteratedNames.length === 0) {
    throw new GraphBuildError(
      `the body of cw.iterate returned no table named like an input (${names.join(', ')}), so nothing is iterated`,
      site,
    );
  }
  for (const n of iteratedNames) iteratedSet.add(placeholderNodes.get(n)!);
  const order = iteratedNames.map((n) => tables[n]!.columnNames());
  iteratedNames.forEach((n, i) => {
    const got = result[n]!.columnNames();
    if (got.slice().sort().join(',') !== order[i]!.slice().sort().join(',')) {
      throw new GraphBuildError(
        `the body of cw.iterate returned "${n}" with columns [${got.join(', ')}] but the input has [${order[i]!.join(', ')}]; ` +
          'an iterated table must keep its columns',
        site,
      );
    }
  });

  const depends = loopDependence(iteratedSet);
  const bodyRoots = iteratedNames.map((n) => result[n]!.node);
  const constants = loopFreeFrontier(bodyRoots, depends, iteratedSet);
  const iteratedPlaceholders = iteratedNames.map((n) => placeholderNodes.get(n)!);
  const outerInputs = [...iteratedNames.map((n) => tables[n]!.node), ...constants];

  const loopNode = planNode('iterate', outerInputs, site, (ctx, ops) => {
    const body = (inner: Circuit, innerInputs: readonly Operator<any>[]) => {
      const subs = new Map<PlanNode, Operator<unknown[]>>();
      iteratedPlaceholders.forEach((p, i) => subs.set(p, innerInputs[i] as Operator<unknown[]>));
      constants.forEach((c, j) => subs.set(c, innerInputs[iteratedNames.length + j] as Operator<unknown[]>));
      const ictx = new NestedLowering(inner, ctx, subs, () => false, `iterate at ${site ?? '?'}`);
      return iteratedNames.map((n, i) => {
        const t = result[n]!;
        const op = ictx.lower(t.node);
        const got = t.columnNames();
        const want = order[i]!;
        if (got.join(',') === want.join(',')) return op;
        const idx = want.map((c) => got.indexOf(c));
        return ictx.add(new MapOperator<unknown[], unknown[]>(op, (r) => idx.map((j) => r[j])), t.node);
      });
    };
    const op = new IterateOperator(ops, body, { iterated: iteratedNames.length, maxIterations: limit });
    return ctx.add(op, loopNode);
  });

  const out: Record<string, Table<any>> = {};
  const projections = new Map<PlanNode, PlanNode>();
  iteratedNames.forEach((n, i) => {
    const input = tables[n]!;
    const body = result[n]!;
    const node = planNode('iterate-output', [loopNode], site, (ctx, ops) =>
      ctx.add(new IterateProjection<unknown[]>(ops[0] as unknown as IterateOperator, i), node),
    );
    projections.set(placeholderNodes.get(n)!, node);
    const columns = input.columns.map((c) => {
      const b = body.columns.find((x) => x.name === c.name)!;
      return { name: c.name, dtype: unifyDtypes(c.dtype, b.dtype) };
    });
    // A body that keeps its input's ids (withColumns) keeps the outer universe; one that narrows it (filter) a subset.
    const inner = placeholders.get(n)!.universe;
    const universe = body.universe.isEqualTo(inner)
      ? input.universe
      : body.universe.isSubsetOf(inner)
        ? new Universe(input.universe)
        : new Universe();
    out[n] = new Table(columns, node, universe, `${n} (iterated)`);
  });

  // Other returned tables: the body's plan lowered once more, outside the loop, over the final iterated tables.
  const extraNames = Object.keys(result).filter((n) => !names.includes(n));
  const projectionNodes = [...projections.values()];
  const outside = new WeakMap<LoweringContext, NestedLowering>();
  for (const n of extraNames) {
    const t = result[n]!;
    if (!depends(t.node)) {
      out[n] = t;
      continue;
    }
    const node = planNode('iterate-extra-output', projectionNodes, site, (ctx, ops) => {
      let octx = outside.get(ctx);
      if (octx === undefined) {
        const subs = new Map<PlanNode, Operator<unknown[]>>();
        iteratedPlaceholders.forEach((p, i) => subs.set(p, ops[i]!));
        octx = new NestedLowering(
          ctx.circuit,
          ctx,
          subs,
          (x) => !depends(x),
          `after iterate at ${site ?? '?'}`,
        );
        outside.set(ctx, octx);
      }
      return octx.lower(t.node);
    });
    out[n] = new Table(t.columns, node, new Universe(), `${n} (iterate)`);
  }
  return (single ? (out as Record<string, unknown>)[names[0]!] : out) as TOut;
}
