// B3 join on Causeway: pending until the Table API lands (#2). The integrator replaces this file
// with a `runJoin('causeway', (sink) => engine)` call, as in db-ivm.ts.
import { emitSkipped } from '../harness/child.js';

emitSkipped('causeway implementation pending');
