import { execFileSync, spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('examples/live-demo.ts', () => {
  it('replays the bundled orders as files and prints the final per-region revenue (batch mode)', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/live-demo.ts', '--fast'], {
      encoding: 'utf8',
    });
    expect(out).toContain('east    |     55 |   166 |    9073.90');
    expect(out).toContain('south   |     69 |   221 |   14229.30');
    expect(out).toContain('Done: every event applied');
  }, 60_000);

  it('streams the orders and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/live-demo.ts']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 3000));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out).toContain('Stopped (Ctrl-C): the epoch in flight was completed');
    expect(out).toMatch(/region {2}\| orders/);
    expect(code).toBe(0);
  }, 60_000);
});
