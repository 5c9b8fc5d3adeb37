// B3 on Causeway, the sink reading rows only: the join's pair ids are never made (see causeway-program.ts).
import { CausewayJoin } from './causeway-program.js';
import { runJoin } from './workload.js';

runJoin('causeway', (sink) => new CausewayJoin(sink, false));
