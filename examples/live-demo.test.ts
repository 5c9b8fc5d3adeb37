import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('examples/live-demo.ts', () => {
  it('replays the bundled orders and prints the final per-region revenue', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'examples/live-demo.ts', '--fast'], {
      encoding: 'utf8',
    });
    expect(out).toContain('east    |     55 |   166 |    9073.90');
    expect(out).toContain('south   |     69 |   221 |   14229.30');
    expect(out).toContain('Done: every event applied');
  }, 60_000);
});
