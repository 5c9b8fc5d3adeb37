// B1 data floor: a process that only generates the word stream, so reports can show engine RSS
// above what the data alone costs.
import { runWordCountFloor } from './workload.js';

runWordCountFloor();
