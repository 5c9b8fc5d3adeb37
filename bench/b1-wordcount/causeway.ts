// B1 on Causeway, no row id read: rows appended with `appendRawRows` and counts subscribed with `onRawRows`, so no id
// is ever made (see causeway-program.ts).
import { CausewayWordCount } from './causeway-program.js';
import { runWordCount } from './workload.js';

runWordCount('causeway', (sink) => new CausewayWordCount(sink, false));
