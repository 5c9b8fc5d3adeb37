// Plan nodes: the immutable description of a dataflow built by the Table API, lowered onto the engine at run time.
// This is the one seam between tables and the engine: tables build plan nodes; only `lower` touches engine operators.

import type { Circuit } from '../engine/circuit.js';
import type { Operator } from '../engine/operator.js';

/** What a plan node needs from the lowering: the circuit and the lowered form of other nodes. */
export interface LoweringContext {
  /** The circuit being built. */
  readonly circuit: Circuit;
  /** The operator of another plan node (lowered once, shared by every consumer). */
  lower(node: PlanNode): Operator<unknown[]>;
  /** Registers an input operator fed by the runtime from a data source. */
  addSource(source: SourceBinding): void;
  /** Adds an operator to the circuit, naming it for errors (the user's line that built the node). */
  add<TOp extends Operator<any>>(op: TOp, node: PlanNode): TOp;
  /** Records that `op` lowers `node`, for routing its errors (`localErrorLog`); nested circuits' operators too. */
  bindNode(op: Operator, node: PlanNode): void;
  /** True while lowering into a nested circuit (the body of `cw.iterate`), whose steps are its iterations. */
  readonly nested?: boolean;
}

/** One dataflow node of a table program. */
export interface PlanNode {
  /** What the node does (`select`, `filter`, `join`, ...). */
  readonly kind: string;
  /** Upstream nodes. */
  readonly inputs: readonly PlanNode[];
  /** The user's line that created the node. */
  readonly site: string | undefined;
  /** Creates the engine operator(s) for this node, given the operators of its inputs (in order). */
  lower(ctx: LoweringContext, inputs: readonly Operator<unknown[]>[]): Operator<unknown[]>;
  /** Unique, in creation order (`lastPlanNodeId`). */
  readonly id: number;
}

/** A timed update of a static source. */
export interface TimedUpdate {
  readonly time: number;
  readonly key: string;
  readonly row: unknown[];
  readonly diff: number;
}

/** How the runtime feeds an input operator: a static list of timed updates, or a live driver. */
export type SourceBinding =
  | {
      readonly kind: 'static';
      readonly input: import('../engine/input-operator.js').InputOperator<unknown[]>;
      readonly updates: readonly TimedUpdate[];
    }
  | {
      readonly kind: 'live';
      readonly input: import('../engine/input-operator.js').InputOperator<unknown[]>;
      readonly driver: LiveDriver;
    };

/** A live source: the runtime calls `start`, the driver pushes updates and commits epochs until it finishes. */
export interface LiveDriver {
  /** Starts producing; `commit()` asks the runtime to close the current epoch. */
  start(io: LiveSourceIo): void | Promise<void>;
  /** Stops producing (graceful shutdown). */
  stop?(): void | Promise<void>;
  /** Set for a source fed by the program itself (an async transformer's results): see `LiveFollower`. */
  readonly follower?: LiveFollower;
}

/**
 * A live source whose rows come from the program's own output (Pathway's async transformer): it has nothing to wait
 * for once every other source has ended, so the run ends it when it is quiescent: every other source ended, no step
 * in flight, and every follower idle (a follower's results may feed another follower).
 */
export interface LiveFollower {
  /** True when the source has nothing in flight and nothing left to push. */
  idle(): boolean;
  /** Called once, when the run is quiescent: the source then calls `finish()`. */
  end(): void;
}

/** What a live source may do. */
export interface LiveSourceIo {
  /** Stages one update for the next epoch. */
  push(key: string, row: unknown[], diff: number): void;
  /** Closes the current epoch (the runtime steps the circuit). */
  /** Resolves to true when the epoch was computed and written to the sinks, false when the run failed. */
  commit(): Promise<boolean>;
  /** Declares the source finished. */
  finish(): void;
  /** A follower (`LiveDriver.follower`) says it may have become idle: the run checks whether it is quiescent. */
  idle(): void;
  /**
   * Reports a record the source could not turn into a row (malformed input): it becomes an error-log row naming
   * the source and the position, or stops the run when `terminateOnError` is on. Never a silent drop.
   */
  error(source: string, position: string, reason: string): void;
}

let nodeIds = 0;

/** The id of the last plan node made (0 before any): nodes made later have larger ids. */
export function lastPlanNodeId(): number {
  return nodeIds;
}

/** Helper to make a plan node from a lowering function. */
export function planNode(
  kind: string,
  inputs: readonly PlanNode[],
  site: string | undefined,
  lower: (ctx: LoweringContext, inputs: readonly Operator<unknown[]>[]) => Operator<unknown[]>,
): PlanNode {
  return { kind, inputs, site, lower, id: ++nodeIds };
}
