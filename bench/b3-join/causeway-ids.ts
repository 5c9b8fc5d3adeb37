// B3 on Causeway, diagnostic (no target): the subscription takes each row's id (`onRawBatch`), so the join makes its
// pair ids, as every Causeway join did before they were made only when read (see causeway-program.ts).
import { CausewayJoin } from './causeway-program.js';
import { runJoin } from './workload.js';

runJoin('causeway-ids', (sink) => new CausewayJoin(sink, true));
