// Tokens of the SQL `cw.sql` reads (sql-parser.ts): numbers, 'strings', names, "quoted" or `quoted` names, operators.

import { SqlError } from './sql-error.js';

/** A token: a number, a 'string', a name, a "quoted" name, an operator, or the end. */
export type Token = { readonly t: 'num' | 'str' | 'id' | 'qid' | 'op' | 'end'; readonly v: string };

/** Words that end an expression or a clause: not taken as a name where one may follow. */
export const KEYWORDS = new Set(
  (
    'SELECT FROM WHERE GROUP BY HAVING AS AND OR NOT IS NULL TRUE FALSE CASE WHEN THEN ELSE END JOIN INNER LEFT ' +
    'RIGHT FULL OUTER CROSS ON USING UNION ALL INTERSECT WITH DISTINCT DIV ORDER LIMIT EXCEPT BETWEEN'
  ).split(' '),
);

/** The tokens of `sql`, ending with an `end` token; an unexpected character is an `SqlError`. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  // Blanks and comments; numbers; 'strings'; "quoted" and `quoted` names; names; operators.
  const re = new RegExp(
    [
      String.raw`\s+|--[^\n]*`,
      String.raw`(\d+\.\d*|\.\d+|\d+)`,
      String.raw`'((?:[^']|'')*)'`,
      String.raw`"((?:[^"]|"")*)"|\`([^\`]*)\``,
      String.raw`([A-Za-z_][A-Za-z0-9_]*)`,
      String.raw`(==|!=|<>|<=|>=|[-+*/%=<>(),.;])`,
    ].join('|'),
    'y',
  );
  let at = 0;
  while (at < sql.length) {
    re.lastIndex = at;
    const m = re.exec(sql);
    if (m === null) throw new SqlError(`unexpected character ${JSON.stringify(sql[at])} at ${at}`, sql);
    at = re.lastIndex;
    if (m[1] !== undefined) out.push({ t: 'num', v: m[1] });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2].replace(/''/g, "'") });
    else if (m[3] !== undefined) out.push({ t: 'qid', v: m[3].replace(/""/g, '"') });
    else if (m[4] !== undefined) out.push({ t: 'qid', v: m[4] });
    else if (m[5] !== undefined) out.push({ t: 'id', v: m[5] });
    else if (m[6] !== undefined) out.push({ t: 'op', v: m[6] });
  }
  out.push({ t: 'end', v: '' });
  return out;
}
