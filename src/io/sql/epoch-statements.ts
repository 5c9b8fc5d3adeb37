// An epoch's changes as batched multi-row SQL statements, for the writers that talk to a server (PostgreSQL,
// MySQL/MariaDB): a change stream appends rows with `time` and `diff`; a snapshot deletes retracted keys and upserts
// the rest. What differs between dialects (placeholders, quoting, the upsert clause, batch sizes) is a `SqlDialect`.
//
// Algorithm (snapshot): an epoch is consolidated -- a key with an insertion exists afterwards (an update is -old +new)
// and is upserted with its last inserted row; a key with only retractions is deleted. Deletes run before upserts.
// Invariants: statements hold at most `rowsPerStatement(width)` rows, and past `maxStatementBytes` of parameters no
// further row; parameters follow the placeholders' order.

import type { EpochChanges } from '../sink.js';

/** One statement and its parameters. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

/** Converts a cell of a column to the statement parameter written for it. */
export type CellToSql = (value: unknown) => unknown;

/** What the statement builders need to know of a dialect. */
export interface SqlDialect {
  /** Quotes a column name. */
  quoteId(name: string): string;
  /** The placeholder of parameter number `n` (1-based): `?` or `$n`. */
  placeholder(n: number): string;
  /** The clause after `INSERT ... VALUES ...` that makes it an upsert on the key columns (both quoted). */
  upsertClause(pkCols: readonly string[], otherCols: readonly string[]): string;
  /** How many rows of `width` parameters one statement may hold. */
  rowsPerStatement(width: number): number;
  /**
   * Where the whole statement travels in one packet (MySQL's `max_allowed_packet`): the parameter bytes after which a
   * statement is closed, whatever its row count (estimated from above; a statement always takes at least one row).
   */
  maxStatementBytes?: number;
  /** Whether a diff of ±n is written as n rows of ±1 (as Pathway writes them) rather than one row of ±n. */
  expandDiffs: boolean;
}

/** The table a batcher writes to. */
export interface StatementTarget {
  /** The quoted (possibly schema-qualified) table name. */
  target: string;
  /** The table's columns, in row order. */
  columns: readonly string[];
  /** The parameter conversion of each column. */
  toSql: readonly CellToSql[];
}

/** An upper bound of the bytes a parameter takes in a statement (UTF-8 text, hex-escaped bytes, numbers). */
function paramBytes(v: unknown): number {
  if (typeof v === 'string') return 3 * v.length + 2;
  if (v instanceof Uint8Array) return 2 * v.byteLength + 3;
  return 32;
}

/** `(p1, p2, ...)` for `width` parameters after the first `offset`. */
function tuple(d: SqlDialect, offset: number, width: number): string {
  let s = '(';
  for (let i = 1; i <= width; i++) s += (i > 1 ? ', ' : '') + d.placeholder(offset + i);
  return s + ')';
}

/** Builds a change stream's INSERT statements: the rows, then `time` and `diff`. */
export class ChangeBatcher {
  private readonly head: string;
  private readonly width: number;
  private readonly perStatement: number;

  /** Prepares the statement head for `t`. */
  constructor(
    private readonly d: SqlDialect,
    private readonly t: StatementTarget,
  ) {
    const cols = [...t.columns, 'time', 'diff'].map((c) => d.quoteId(c)).join(', ');
    this.head = `INSERT INTO ${t.target} (${cols}) VALUES `;
    this.width = t.columns.length + 2;
    this.perStatement = d.rowsPerStatement(this.width);
  }

  /** The statements writing one epoch. */
  statements({ time, rows, diffs }: EpochChanges): SqlStatement[] {
    const out: SqlStatement[] = [];
    const f = this.t.toSql;
    const n = this.t.columns.length;
    let params: unknown[] = [];
    let tuples: string[] = [];
    const budget = this.d.maxStatementBytes;
    let bytes = 0;
    const emit = (): void => {
      out.push({ sql: this.head + tuples.join(', '), params });
      params = [];
      tuples = [];
      bytes = 0;
    };
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      const d = diffs[r]!;
      const copies = this.d.expandDiffs ? Math.abs(d) : 1;
      const diff = this.d.expandDiffs ? Math.sign(d) : d;
      for (let k = 0; k < copies; k++) {
        tuples.push(tuple(this.d, params.length, this.width));
        for (let i = 0; i < n; i++) {
          const p = f[i]!(row[i]);
          params.push(p);
          if (budget !== undefined) bytes += paramBytes(p);
        }
        params.push(time, diff);
        if (tuples.length >= this.perStatement || (budget !== undefined && bytes >= budget)) emit();
      }
    }
    if (tuples.length > 0) emit();
    return out;
  }
}

/** A Map key identifying a row's key parameters (single values as they are; tuples as unambiguous text). */
function keyId(params: readonly unknown[]): unknown {
  if (params.length === 1) {
    const v = params[0];
    return Buffer.isBuffer(v) ? v.toString('hex') : v;
  }
  let id = '';
  for (const v of params) {
    const s = Buffer.isBuffer(v) ? v.toString('hex') : v === null ? '' : String(v);
    // Length-prefixed, with null told apart from every string.
    id += v === null ? 'n;' : `${s.length}:${s};`;
  }
  return id;
}

/** Builds a snapshot's DELETE and upserting INSERT statements. */
export class SnapshotBatcher {
  private readonly pkCols: string[];
  private readonly pkLhs: string;
  private readonly insertHead: string;
  private readonly upsert: string;

  /** Prepares the statement parts for `t` keyed on the columns at `pkIndex`. */
  constructor(
    private readonly d: SqlDialect,
    private readonly t: StatementTarget,
    private readonly pkIndex: readonly number[],
  ) {
    this.pkCols = pkIndex.map((i) => d.quoteId(t.columns[i]!));
    this.pkLhs = this.pkCols.length === 1 ? this.pkCols[0]! : `(${this.pkCols.join(', ')})`;
    const others = t.columns.filter((_, i) => !pkIndex.includes(i)).map((c) => d.quoteId(c));
    this.insertHead = `INSERT INTO ${t.target} (${t.columns.map((c) => d.quoteId(c)).join(', ')}) VALUES `;
    this.upsert = d.upsertClause(this.pkCols, others);
  }

  private keyParams(row: readonly unknown[]): unknown[] {
    const f = this.t.toSql;
    const pk = this.pkIndex;
    const out = new Array<unknown>(pk.length);
    for (let j = 0; j < pk.length; j++) out[j] = f[pk[j]!]!(row[pk[j]!]);
    return out;
  }

  /** The statements bringing the table to the state after one epoch. */
  statements({ rows, diffs }: EpochChanges): SqlStatement[] {
    const upserts = new Map<unknown, readonly unknown[]>();
    for (let i = 0; i < rows.length; i++)
      if (diffs[i]! > 0) upserts.set(keyId(this.keyParams(rows[i]!)), rows[i]!);
    const deletes = new Map<unknown, unknown[]>();
    for (let i = 0; i < rows.length; i++) {
      if (diffs[i]! >= 0) continue;
      const p = this.keyParams(rows[i]!);
      const id = keyId(p);
      if (!upserts.has(id)) deletes.set(id, p);
    }
    return [...this.deleteStatements([...deletes.values()]), ...this.upsertStatements([...upserts.values()])];
  }

  private deleteStatements(keys: readonly unknown[][]): SqlStatement[] {
    const out: SqlStatement[] = [];
    const width = this.pkIndex.length;
    const per = this.d.rowsPerStatement(width);
    for (let start = 0; start < keys.length; start += per) {
      const part = keys.slice(start, start + per);
      const params = part.flat();
      const tuples = part.map((_, j) =>
        width === 1 ? this.d.placeholder(j + 1) : tuple(this.d, j * width, width),
      );
      out.push({ sql: `DELETE FROM ${this.t.target} WHERE ${this.pkLhs} IN (${tuples.join(', ')})`, params });
    }
    return out;
  }

  private upsertStatements(rows: readonly (readonly unknown[])[]): SqlStatement[] {
    const out: SqlStatement[] = [];
    const f = this.t.toSql;
    const width = this.t.columns.length;
    const per = this.d.rowsPerStatement(width);
    const budget = this.d.maxStatementBytes;
    let r = 0;
    while (r < rows.length) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      let bytes = 0;
      while (r < rows.length && tuples.length < per && (budget === undefined || bytes < budget)) {
        const row = rows[r++]!;
        tuples.push(tuple(this.d, params.length, width));
        for (let i = 0; i < width; i++) {
          const p = f[i]!(row[i]);
          params.push(p);
          if (budget !== undefined) bytes += paramBytes(p);
        }
      }
      out.push({ sql: `${this.insertHead}${tuples.join(', ')} ${this.upsert}`, params });
    }
    return out;
  }
}
