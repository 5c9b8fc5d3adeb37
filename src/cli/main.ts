// The `causeway` command: `causeway run app.ts` runs a pipeline file written in TypeScript, no build step.

import { readFileSync } from 'node:fs';
import { runCommand } from './run-command.js';

/** The text of `causeway --help`. */
export const HELP = `causeway -- live-data pipelines in TypeScript

Usage:
  causeway run <app.ts|app.js> [args...]   run a pipeline file (TypeScript runs as is: no build step)
  causeway --help                          this text
  causeway --version                       the installed version

A pipeline file builds tables and calls cw.run():

  import * as cw from 'causeway';
  const words = cw.io.fs.read('words.jsonl', { format: 'jsonlines', schema: cw.schema({ word: cw.STR }) });
  cw.io.csv.write(words.groupBy('word').reduce({ word: cw.this.word, n: cw.reducers.count() }), 'counts.csv');
  await cw.run();

Arguments after the file name reach the pipeline as process.argv.slice(2).
Ctrl-C (SIGINT) or SIGTERM stops the sources, finishes the epoch in flight, flushes and closes the sinks.
Exit status: 0 when the run ends, 1 when it fails (the error is printed), 2 on a usage error.
`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs the command line `argv` (without node and the script); resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (command === 'run') {
    const [file, ...args] = rest;
    if (file === undefined || file === '--help' || file === '-h') {
      process.stdout.write(HELP);
      return file === undefined ? 2 : 0;
    }
    return runCommand(file, args);
  }
  process.stderr.write(`causeway: unknown command "${command}"\n\n${HELP}`);
  return 2;
}
