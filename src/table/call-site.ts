// Finds the user's line that built a plan node, so errors point at the user's code, not at ours.

import { fileURLToPath } from 'node:url';
import path from 'node:path';

const ourRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The first stack frame outside Causeway's own `src/` (e.g. `app.ts:12:7`), or undefined. */
export function userCallSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack;
  Error.stackTraceLimit = limit;
  if (!stack) return undefined;
  for (const line of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m) continue;
    let file = m[1]!;
    if (file.startsWith('file://')) file = fileURLToPath(file);
    if (file.startsWith('node:') || file.includes('node_modules')) continue;
    if (file.startsWith(ourRoot) && !/\.test\.ts$/.test(file)) continue;
    return `${path.relative(process.cwd(), file)}:${m[2]}:${m[3]}`;
  }
  return undefined;
}
