// Append-only properties of tables (Pathway's column property `append_only`, `Table.is_append_only`): which of a
// table's data columns only grow, and whether its rows are never removed. Each method that makes a table records them
// from its inputs' (see append-only.ts for the rules); a table nobody recorded them for has none (Pathway's default).

/** Which of a table's columns only grow, and whether its ids do. */
export interface AppendOnlyProps {
  /** No row is ever removed (Pathway's universe property `append_only`). */
  readonly id: boolean;
  /** Names of the data columns whose values are never retracted. */
  readonly columns: ReadonlySet<string>;
}

/** The properties of a table nothing is known about: nothing only grows. */
export const NOT_APPEND_ONLY: AppendOnlyProps = { id: false, columns: new Set() };

const recorded = new WeakMap<object, AppendOnlyProps>();

/** The append-only properties recorded for `table` (none recorded: `NOT_APPEND_ONLY`). */
export function appendOnlyOf(table: object): AppendOnlyProps {
  return recorded.get(table) ?? NOT_APPEND_ONLY;
}

/** Records `table`'s append-only properties (once, by the method making it); returns the table. */
export function recordAppendOnly<T extends object>(table: T, props: AppendOnlyProps): T {
  recorded.set(table, props);
  return table;
}
