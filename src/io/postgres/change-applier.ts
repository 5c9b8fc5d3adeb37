// Applying pgoutput messages to a source context: one transaction = one atomic unit; inserts upsert by primary key,
// updates upsert the new row (deleting the old key when the key changed), deletes retract by key. A table read as
// append-only takes inserts only: an update, delete or truncate is reported as a source error and skipped.
//
// State: relations (oid -> column positions of the schema's columns, for the table read), the transaction in
// progress, handedLsn / handedEndLsn (commit LSN and end LSN of the last transaction handed whole).
// Invariants: a transaction whose commit LSN is <= handedLsn was handed already and is skipped (the server replays
// from the acknowledged position after a reconnect); rows of other tables in the publication are ignored.

import type { Schema } from '../../table/schema.js';
import type { SourceContext } from '../source.js';
import { splitName } from './connection.js';
import { RowSink } from './copy-reader.js';
import { decodePgOutput, formatLsn, type Lsn, type Tuple } from './pgoutput.js';
import type { ReplicationConnection } from './replication-connection.js';

/** Turns the slot's messages into context calls. */
export class ChangeApplier {
  /** Decodes rows and hands them to the context (also used for the snapshot). */
  readonly rowSink: RowSink;
  /** Commit LSN of the last transaction handed to the context. */
  handedLsn: Lsn = 0n;
  /** End LSN of that transaction: what is acknowledged once committed. */
  handedEndLsn: Lsn = 0n;
  private readonly relations = new Map<number, number[] | null>();
  private readonly schemaName: string;
  private readonly tableName: string;
  private inTx = false;
  private skipping = false;
  private txLsn: Lsn = 0n;
  private position = '';
  private repl: ReplicationConnection | undefined;
  private paused = false;
  private changes = 0;

  /** Applies changes of `table` to `ctx`. */
  constructor(
    private readonly ctx: SourceContext,
    private readonly schema: Schema<any>,
    table: string,
    private readonly object: string,
    private readonly appendOnly = false,
  ) {
    this.rowSink = new RowSink(ctx, schema, object);
    const parts = splitName(table);
    this.schemaName = parts.length > 1 ? parts[0]! : 'public';
    this.tableName = parts[parts.length - 1]!;
  }

  /** Rows handed so far (snapshot included). */
  get rows(): number {
    return this.rowSink.rows;
  }

  /** The connection to pause for backpressure. */
  attach(repl: ReplicationConnection): void {
    this.repl = repl;
    this.paused = false;
  }

  /** Drops the transaction in progress (the connection dropped; it will be streamed again). */
  abortTransaction(): void {
    if (this.inTx) this.ctx.abortUnit();
    this.inTx = false;
    this.skipping = false;
  }

  /** Applies one pgoutput message. */
  onMessage(payload: Buffer): void {
    const m = decodePgOutput(payload);
    switch (m.tag) {
      case 'begin':
        if (m.finalLsn <= this.handedLsn) {
          this.skipping = true;
          return;
        }
        this.skipping = false;
        this.inTx = true;
        this.txLsn = m.finalLsn;
        this.position = `transaction at lsn ${formatLsn(m.finalLsn)}`;
        this.ctx.beginUnit();
        return;
      case 'commit':
        if (this.skipping) {
          this.skipping = false;
          return;
        }
        if (this.inTx) this.ctx.endUnit();
        this.inTx = false;
        this.handedLsn = this.txLsn;
        this.handedEndLsn = m.endLsn;
        this.checkBackpressure();
        return;
      case 'relation': {
        const r = m.relation;
        if (r.schema !== this.schemaName || r.name !== this.tableName) {
          this.relations.set(r.oid, null);
          return;
        }
        const index = this.schema.names.map((n) => r.columns.indexOf(n));
        const missing = this.schema.names.filter((_, i) => index[i]! < 0);
        if (missing.length > 0) {
          throw Object.assign(
            new Error(`has no column ${missing.map((x) => `"${x}"`).join(', ')} (it was altered)`),
            { transient: false },
          );
        }
        this.relations.set(r.oid, index);
        return;
      }
      case 'insert': {
        if (this.skipping) return;
        const index = this.relations.get(m.relation);
        if (!index) return;
        this.upsert(m.new, index);
        break;
      }
      case 'update': {
        if (this.skipping) return;
        const index = this.relations.get(m.relation);
        if (!index || this.refused('an update')) return;
        if (m.old !== undefined) {
          // The key changed (or REPLICA IDENTITY FULL): retract the old key unless it is the new one.
          const oldKey = this.keyValues(m.old, index);
          const newKey = this.keyValues(m.new, index);
          if (oldKey !== undefined && (newKey === undefined || !sameKey(oldKey, newKey)))
            this.ctx.delete(oldKey, this.position);
        }
        const fallback = m.old;
        const tuple =
          fallback === undefined || m.oldIsKey
            ? m.new
            : m.new.map((v, i) => (v === undefined ? fallback[i] : v));
        this.upsert(tuple, index);
        break;
      }
      case 'delete': {
        if (this.skipping) return;
        const index = this.relations.get(m.relation);
        if (!index || this.refused('a delete')) return;
        const key = this.keyValues(m.old, index);
        if (key === undefined) {
          this.ctx.error(
            this.position,
            'a deleted row came without its primary key: set REPLICA IDENTITY FULL on the table, or make the ' +
              "schema's primary key the table's",
          );
        } else this.ctx.delete(key, this.position);
        break;
      }
      case 'truncate':
        // Every row of the table goes (Pathway's reader reflects truncations), in the transaction's atomic unit.
        if (m.relations.some((oid) => this.relations.get(oid)) && !this.refused('a truncate'))
          this.ctx.deleteAll();
        return;
      default:
        return;
    }
    if (++this.changes % 1024 === 0) this.checkBackpressure();
  }

  /** True (reporting it) when the table is read as append-only: `what` (an update, delete, truncate) is skipped. */
  private refused(what: string): boolean {
    if (!this.appendOnly) return false;
    this.ctx.error(
      this.position,
      `${what} in a table read as append-only (appendOnly: true); the change is skipped`,
    );
    return true;
  }

  private upsert(tuple: Tuple, index: readonly number[]): void {
    const sink = this.rowSink;
    sink.rows++;
    const values = sink.decode(tuple, index, this.position);
    if (values !== undefined) sink.insert(values, this.position);
  }

  /** Values in column order with only the primary-key columns decoded; undefined when they were not sent. */
  private keyValues(tuple: Tuple, index: readonly number[]): unknown[] | undefined {
    const sink = this.rowSink;
    const out = new Array<unknown>(index.length).fill(null);
    for (const i of sink.keyColumns) {
      const f = tuple[index[i]!];
      if (f === undefined || f === null) return undefined;
      try {
        out[i] = sink.decoder.cell(i, f);
      } catch {
        return undefined;
      }
    }
    return out;
  }

  private checkBackpressure(): void {
    if (this.paused) return;
    const wait = this.ctx.backpressure();
    if (wait === undefined) return;
    const repl = this.repl;
    this.paused = true;
    repl?.pause();
    void wait.then(() => {
      if (this.repl !== repl) return;
      this.paused = false;
      repl?.resume();
    });
  }
}

function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x !== null && y !== null && typeof x === 'object' && String(x) === String(y)) continue;
    return false;
  }
  return true;
}
