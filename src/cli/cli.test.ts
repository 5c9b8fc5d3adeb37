import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/causeway.js', import.meta.url));
const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'causeway-cli-'));
writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], onStdout?: (text: string, kill: (sig: NodeJS.Signals) => void) => void) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      onStdout?.(out, (sig) => child.kill(sig));
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

describe('causeway CLI', () => {
  it('prints help with --help and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/causeway run <app.ts/);
  });

  it('runs a TypeScript pipeline file without a build step, passing its arguments', async () => {
    writeFileSync(
      join(dir, 'sum.ts'),
      `import * as cw from ${JSON.stringify(entry)};
const t = cw.io.custom.fromIterable([{ x: 1 }, { x: 2 }], { schema: cw.schema({ x: cw.INT }), mode: 'static' });
const total: cw.Table<{ s: number }> = t.reduce({ s: cw.reducers.sum(t.c.x) });
cw.subscribe(total, { onChange: (_k, r, _t, add) => { if (add) console.log('sum=' + r.s + ' args=' + process.argv.slice(2).join(',')); } });
await cw.run();`,
    );
    const r = await cli(['run', 'sum.ts', 'a', 'b']);
    expect(r.err).toBe('');
    expect(r.out).toContain('sum=3 args=a,b');
    expect(r.code).toBe(0);
  });

  it('exits 2 for a missing file and 1 for a failing pipeline', async () => {
    expect((await cli(['run', 'nope.ts'])).code).toBe(2);
    writeFileSync(join(dir, 'fail.ts'), `throw new Error('boom');`);
    const r = await cli(['run', 'fail.ts']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('boom');
  });

  it('stops a streaming pipeline cleanly on SIGINT: the last epoch completes and sinks end', async () => {
    writeFileSync(
      join(dir, 'forever.ts'),
      `import * as cw from ${JSON.stringify(entry)};
class Ticks extends cw.io.custom.ConnectorSubject<{ n: number }> {
  async run() { let n = 0; while (!this.signal.aborted) { this.next({ n: n++ }); await new Promise((r) => setTimeout(r, 5)); } }
}
const t = cw.io.custom.read(new Ticks(), { schema: cw.schema({ n: cw.INT }), autocommitDurationMs: 10 });
cw.subscribe(t.reduce({ c: cw.reducers.count() }), {
  onTimeEnd: () => console.log('epoch'),
  onEnd: () => console.log('ended cleanly'),
});
await cw.run();
console.log('exit');`,
    );
    let sent = false;
    const r = await cli(['run', 'forever.ts'], (out, kill) => {
      if (!sent && out.split('epoch').length > 3) {
        sent = true;
        kill('SIGINT');
      }
    });
    expect(r.out).toContain('ended cleanly');
    expect(r.out.trimEnd().endsWith('exit')).toBe(true);
    expect(r.code).toBe(0);
  }, 30_000);
});
