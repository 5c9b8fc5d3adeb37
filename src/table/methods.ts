// Table methods defined outside table.ts: each file augments the Table class; importing it installs the methods.

import './set-operations.js';
import './await-futures.js';
import './update-rows.js';
import './universe-ops.js';
import './type-ops.js';
import './table-empty.js';
import './concat-reindex.js';
import './split.js';
import './flatten.js';
import './ix.js';
import './sort.js';
import './deduplicate.js';
import './update-streams.js';
import './from-columns.js';
import './debug.js';
import './rename-ops.js';
import './table-slice.js';
import './table-joins.js';
import './join-chain.js';
import './temporal/index.js';
