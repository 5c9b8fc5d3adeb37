// A child program for the permission test when the tests run as root (root reads any file): run as an ordinary
// user, it reads a directory (argv[2]) of JSON-lines files and prints the names read and the error-log messages.

import * as cw from '../../index.js';
import { LiveView } from '../testing/live-view.test-util.js';
import { read } from './index.js';

const schema = cw.schema({ name: cw.STR, age: cw.INT });
const view = new LiveView(read(process.argv[2]!, { format: 'jsonlines', schema, mode: 'static' }));
const log = new LiveView(cw.globalErrorLog());
await cw.build({ terminateOnError: false }).run();
console.log(
  JSON.stringify({
    names: view.values().map((r) => r.name),
    errors: log.values().map((r) => String(r.message)),
  }),
);
