// B1 on Causeway, diagnostic (no target): each append returns its row's id (`appendRaw`) and the subscription takes
// the counts' ids (`onRawBatch`), so every id is made, as before ids were made only when read (see causeway-program.ts).
import { CausewayWordCount } from './causeway-program.js';
import { runWordCount } from './workload.js';

runWordCount('causeway-ids', (sink) => new CausewayWordCount(sink, true));
