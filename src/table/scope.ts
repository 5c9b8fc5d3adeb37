// Scopes resolve column references (`cw.this.x`, `t.c.x`, `cw.left.x`) to positions in the row an operator sees.

import type { Scope } from './expression-compiler.js';
import type { TableSlot } from './expression.js';
import { GraphBuildError } from './errors.js';

/** Raised when the program is built for a wrong column name or a reference to a table that is not in scope. */
export class ColumnResolutionError extends GraphBuildError {
  /** Stable error code. */
  override readonly code = 'COLUMN_NOT_FOUND';

  /** Creates the error; the message already says where. */
  constructor(message: string) {
    super(message);
    this.name = 'ColumnResolutionError';
  }
}

/** The error for `cw.<slot>.id` on a table that has a data column named "id" as well as its row id. */
export function ambiguousIdError(slot: string, site: string | undefined): ColumnResolutionError {
  return new ColumnResolutionError(
    `cw.${slot}.id is ambiguous: the table has a column named "id" as well as its row id; use t.c.id for the column and t.id for the row id, or rename the column${where(site)}`,
  );
}

/**
 * The row id of a join side named by a placeholder (`cw.left.id`): `table.id`, or the ambiguity error when the table
 * also has a data column named "id".
 */
export function sideRowId<T>(
  table: { readonly id: T; readonly columns: readonly { readonly name: string }[] },
  slot: TableSlot,
  site: string | undefined,
): T {
  if (typeof slot === 'string' && table.columns.some((c) => c.name === 'id'))
    throw ambiguousIdError(slot, site);
  return table.id;
}

/** One table visible in a scope: its identity, names it answers to, columns and where they sit in the row. */
export interface ScopeSlot {
  readonly table: object;
  readonly aliases: readonly ('this' | 'left' | 'right')[];
  readonly columns: readonly string[];
  readonly offset: number;
  readonly idPosition: number | 'key';
  /** Columns this slot answers for when `cw.this.<name>` is ambiguous (a join's equal-named key columns). */
  readonly prefer?: readonly string[];
}

function where(site: string | undefined): string {
  return site ? ` (at ${site})` : '';
}

/** A scope over one or more slots laid out side by side in the operator's row. */
export class SlotScope implements Scope {
  /** Creates a scope from slots. */
  constructor(readonly slots: readonly ScopeSlot[]) {}

  private find(slot: TableSlot, name: string | undefined, site: string | undefined): ScopeSlot {
    if (typeof slot === 'string') {
      const matching = this.slots.filter((s) => s.aliases.includes(slot));
      if (matching.length === 1) return matching[0]!;
      if (slot === 'this' && name !== undefined) {
        const having = this.slots.filter((s) => s.columns.includes(name));
        if (having.length === 1) return having[0]!;
        const preferred = having.find((s) => s.prefer?.includes(name));
        if (preferred) return preferred;
        if (having.length > 1) {
          throw new ColumnResolutionError(
            `column "${name}" is ambiguous here: both sides of the join have it; use cw.left.${name} or cw.right.${name}${where(site)}`,
          );
        }
      }
      if (matching.length === 0) {
        throw new ColumnResolutionError(
          `cw.${slot} cannot be used here${slot === 'this' ? '' : ': it is only valid inside a join'}${where(site)}`,
        );
      }
      return matching[0]!;
    }
    const s = this.slots.find((x) => x.table === slot);
    if (s === undefined) {
      throw new ColumnResolutionError(
        `a column of another table was used here${name ? ` ("${name}")` : ''}; that table is not part of this operation -- join it first or use a table with the same universe${where(site)}`,
      );
    }
    return s;
  }

  column(slot: TableSlot, name: string, site: string | undefined): number {
    const s = this.find(slot, name, site);
    // Row-id references go to `id`; "id" here is a data column of that name when the table has one.
    if (name === 'id' && !s.columns.includes('id')) return this.idOrThrow(slot, site);
    const i = s.columns.indexOf(name);
    if (i < 0) {
      throw new ColumnResolutionError(
        `no column "${name}"; available columns: ${s.columns.join(', ') || '(none)'}${where(site)}`,
      );
    }
    return s.offset + i;
  }

  private idOrThrow(slot: TableSlot, site: string | undefined): number {
    const p = this.id(slot, site);
    if (p === 'key')
      throw new ColumnResolutionError(`internal: id of the row key requested as a column${where(site)}`);
    return p;
  }

  id(slot: TableSlot, site: string | undefined): number | 'key' {
    // In a join, `cw.this.id` is the joined row's own id (Pathway), not either side's: the slot of the row key.
    if (slot === 'this' && this.slots.filter((x) => x.aliases.includes('this')).length > 1) {
      if (this.slots.some((x) => x.idPosition === 'key' && x.aliases.length === 0)) return 'key';
    }
    const s = this.find(slot, undefined, site);
    // `cw.this.id` of a table with a data column "id": say so rather than silently hand out the row id.
    if (typeof slot === 'string' && s.columns.includes('id')) throw ambiguousIdError(slot, site);
    return s.idPosition;
  }

  rowObject(): readonly (readonly [string, number])[] {
    const seen = new Set<string>();
    const out: [string, number][] = [];
    for (const s of this.slots) {
      s.columns.forEach((c, i) => {
        if (seen.has(c)) return;
        seen.add(c);
        out.push([c, s.offset + i]);
      });
    }
    return out;
  }
}
