// `causeway run app.ts`: loads TypeScript through tsx's loader in this process and imports the pipeline file.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Imports `file` (TypeScript or JavaScript) with `args` as its arguments; resolves to the exit status. */
export async function runCommand(file: string, args: readonly string[]): Promise<number> {
  const path = resolve(file);
  if (!existsSync(path)) {
    process.stderr.write(`causeway run: no such file: ${file}\n`);
    return 2;
  }
  // The pipeline sees itself as the script: process.argv = [node, app.ts, ...args].
  process.argv = [process.argv[0]!, path, ...args];
  if (/\.[cm]?tsx?$/.test(path)) {
    const { register } = await import('tsx/esm/api');
    register();
  }
  try {
    await import(pathToFileURL(path).href);
    return 0;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    const code = (e as { code?: string }).code;
    if (code === 'ERR_REQUIRE_CYCLE_MODULE' || code === 'ERR_REQUIRE_ASYNC_MODULE')
      process.stderr.write(
        `\ncauseway run: ${file} was loaded as CommonJS; add "type": "module" to the package.json next to it ` +
          `(or name it .mts) so top-level await works\n`,
      );
    return 1;
  }
}
