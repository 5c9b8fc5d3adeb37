import { describe, expect, it } from 'vitest';
import * as cw from '../../index.js';

describe('io.redpanda', () => {
  it("is the Kafka connector under Redpanda's name", () => {
    expect(cw.io.redpanda.read).toBe(cw.io.kafka.read);
    expect(cw.io.redpanda.write).toBe(cw.io.kafka.write);
  });
});
