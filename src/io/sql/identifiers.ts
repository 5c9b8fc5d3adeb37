// Identifier quoting of the SQL dialects: standard double quotes (PostgreSQL, SQLite) and MySQL's backticks.

/** Quotes an identifier the standard way: `"name"` with quotes doubled (PostgreSQL, SQLite). */
export function quoteDoubleQuoted(name: string): string {
  return '"' + name.replaceAll('"', '""') + '"';
}

/** Quotes an identifier the MySQL way: `name` in backticks, backticks doubled. */
export function quoteBackticked(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`';
}
