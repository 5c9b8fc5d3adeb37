// `cw.io.slack.sendAlerts` (Pathway's `pw.io.slack.send_alerts`): every row inserted into a column's table becomes a
// message in a Slack channel, posted to Slack's `chat.postMessage` (retractions send nothing).

import { userCallSite } from '../../table/call-site.js';
import { GraphBuildError } from '../../table/errors.js';
import type { ColumnRef } from '../../table/expression.js';
import { Table } from '../../table/table.js';
import { ConnectorError } from '../connector-error.js';
import { writeSink, type EpochChanges, type Sink } from '../sink.js';

/** Options of `sendAlerts`. */
export interface SlackAlertOptions {
  /** Slack's API base (default `https://slack.com/api`; a proxy or a test server elsewhere). */
  apiUrl?: string;
}

/** Posts each inserted row's alert as a message (see the header); a refused post stops the run with Slack's reason. */
class SlackSink implements Sink {
  readonly name: string;
  private at = -1;

  constructor(
    private readonly column: string,
    private readonly channel: string,
    private readonly token: string,
    private readonly apiUrl: string,
  ) {
    this.name = `slack(${channel})`;
  }

  open(columns: readonly string[]): void {
    this.at = columns.indexOf(this.column);
  }

  async write(changes: EpochChanges): Promise<void> {
    for (let i = 0; i < changes.rows.length; i++) {
      for (let n = 0; n < changes.diffs[i]!; n++) await this.post(String(changes.rows[i]![this.at]));
    }
  }

  private async post(text: string): Promise<void> {
    const res = await fetch(`${this.apiUrl}/chat.postMessage`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text, channel: this.channel }).toString(),
    });
    const body = await res.text();
    let reason: string | undefined;
    if (!res.ok) reason = `HTTP ${res.status}`;
    else {
      try {
        const answer = JSON.parse(body) as { ok?: boolean; error?: string };
        if (answer.ok === false) reason = answer.error ?? 'not ok';
      } catch {
        // Not JSON: a proxy's plain answer; the status said it was taken.
      }
    }
    if (reason !== undefined) {
      throw new ConnectorError(
        'slack',
        this.channel,
        `the message was refused: ${reason}`,
        'check the token and channel id',
      );
    }
  }
}

/**
 * Sends every value inserted into `alerts`' column to the Slack channel `channelId`, a message each:
 * `cw.io.slack.sendAlerts(alerts.c.message, process.env.SLACK_CHANNEL_ID, process.env.SLACK_TOKEN)`.
 */
export function sendAlerts(
  alerts: ColumnRef<any, string>,
  channelId: string,
  token: string,
  options: SlackAlertOptions = {},
): void {
  if (!(alerts.slot instanceof Table)) {
    throw new GraphBuildError(
      'slack.sendAlerts() needs a column of a table (t.c.message), not of cw.this / cw.left / cw.right',
      userCallSite(),
    );
  }
  const table = alerts.slot;
  writeSink(
    table,
    new SlackSink(
      alerts.name,
      channelId,
      token,
      (options.apiUrl ?? 'https://slack.com/api').replace(/\/$/, ''),
    ),
  );
}
