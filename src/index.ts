// Causeway's main entry point: `import * as cw from 'causeway'`.

import { placeholder } from './table/columns.js';

export * from './table/index.js';
/** Connectors: `cw.io.fs.read(...)`, `cw.io.custom.fromIterable(...)`, `cw.io.subscribe(...)`. */
export * as io from './io/index.js';
/** Made-up streams for demos and tests (Pathway's `pw.demo`): `cw.demo.rangeStream()`, `cw.demo.replayCsv(...)`. */
export * as demo from './io/demo/index.js';
/** A schema inferred from a CSV file's header and values (Pathway's `pw.schema_from_csv`). */
export { schemaFromCsv, type SchemaFromCsvOptions } from './io/csv/schema-from-csv.js';
export { keyToString, keyFromString, keyFromValues, type Key } from './engine/key.js';

const thisPlaceholder = placeholder('this');
/** Columns of the table a method is called on: `t.filter(cw.this.age.gt(3))`. */
export { thisPlaceholder as this };
/** Columns of the left side of a join. */
export const left = placeholder('left');
/** Columns of the right side of a join. */
export const right = placeholder('right');
