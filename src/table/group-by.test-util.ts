// The poll of Pathway's groupby-reduce guide, shared by the groupBy tests.

import { tableFromMarkdown } from '../testing/index.js';

/** Votes on whether foods are fruits or vegetables (Pathway's groupby-reduce guide). */
export const poll = () =>
  tableFromMarkdown(`
      | food_item | label     | vote | fractional_vote
    0 | tomato    | fruit     | 1    | 0.5
    1 | tomato    | vegetable | 0    | 0.5
    2 | apple     | fruit     | 1    | 1
    3 | apple     | vegetable | 0    | 0
    4 | pepper    | vegetable | 1    | 0.5
    5 | pepper    | fruit     | 0    | 0.5`);
