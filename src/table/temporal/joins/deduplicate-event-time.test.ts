// `deduplicate` (src/table/deduplicate.ts) over an event-time column: keeping the latest event per instance, the
// usual time-series use of an acceptor, with late and out-of-order events.

import { afterEach, describe, it } from 'vitest';
import * as cw from '../../../index.js';
import { tableFromMarkdown } from '../../../testing/index.js';
import { DateTimeUtc } from '../../values/date-time.js';
import { expectRows, expectStream } from './expect-rows.test-util.js';

afterEach(() => cw.clearGraph());

describe('deduplicate over event time', () => {
  it('keeps the latest event per sensor; late (older) events do not replace it', async () => {
    const readings = tableFromMarkdown(`
      sensor | event_time | value | __time__
      a      | 10         | 1     |    2
      b      | 11         | 5     |    2
      a      | 13         | 2     |    4
      a      | 12         | 9     |    6
      b      | 20         | 6     |    6`);
    const latest = readings.deduplicate({
      value: cw.this.event_time,
      instance: cw.this.sensor,
      acceptor: (next: number, kept: number) => next > kept,
    });
    await expectStream(
      latest,
      `sensor | event_time | value | __time__ | __diff__
      a      | 10         | 1     | 2        | 1
      b      | 11         | 5     | 2        | 1
      a      | 10         | 1     | 4        | -1
      a      | 13         | 2     | 4        | 1
      b      | 11         | 5     | 6        | -1
      b      | 20         | 6     | 6        | 1`,
    );
  });

  it('compares date-time event times', async () => {
    const readings = tableFromMarkdown(
      `
      sensor | event_time                | value | __time__
      a      | 2024-01-01T00:00:10+00:00 | 1     |    2
      a      | 2024-01-01T00:00:05+00:00 | 2     |    4
      a      | 2024-01-01T00:00:30+00:00 | 3     |    6`,
      { schema: cw.schema({ sensor: cw.STR, event_time: cw.DATE_TIME_UTC, value: cw.INT }) },
    );
    const latest = readings.deduplicate({
      value: cw.this.event_time,
      instance: cw.this.sensor,
      acceptor: (next: DateTimeUtc, kept: DateTimeUtc) => next.ms > kept.ms,
    });
    await expectRows(
      latest.select({ sensor: cw.this.sensor, value: cw.this.value }),
      `sensor | value\na | 3`,
    );
  });
});
