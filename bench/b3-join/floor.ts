// B3 data floor: a process that only generates the tables and updates, so reports can show engine
// RSS above what the data alone costs.
import { runJoinFloor } from './workload.js';

runJoinFloor();
