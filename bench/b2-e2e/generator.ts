// B2's load generator (a separate process): appends JSON lines `{"word": ..., "t": <ms>}` to a file at a steady
// rate, in 5 ms ticks, then prints how many lines it wrote. `t` is the wall-clock time of the append.
// Usage: tsx generator.ts <file> <words/s> <seconds> <seed>

import { appendFileSync, writeFileSync } from 'node:fs';

const [file, rateText, secondsText, seedText] = process.argv.slice(2);
const rate = Number(rateText);
const seconds = Number(secondsText);
let seed = Number(seedText ?? 1) >>> 0;
const VOCABULARY = 10_000;

function nextWord(): string {
  // xorshift32: the same words for the same seed.
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return `w${(seed >>> 0) % VOCABULARY}`;
}

writeFileSync(file!, '');
const start = performance.timeOrigin + performance.now();
let written = 0;
const tickMs = 5;
function tick(): void {
  const now = performance.timeOrigin + performance.now();
  const due = Math.min(Math.floor(((now - start) / 1000) * rate), Math.floor(rate * seconds));
  if (due > written) {
    const t = now.toFixed(3);
    let text = '';
    for (let i = written; i < due; i++) text += `{"word":"${nextWord()}","t":${t}}\n`;
    appendFileSync(file!, text);
    written = due;
  }
  if (written >= rate * seconds) {
    process.stdout.write(`${written}\n`);
    return;
  }
  setTimeout(tick, tickMs);
}
tick();
