// Test helpers for the PostgreSQL connector: an admin client on the shared test server, unique object names, and
// cleanup of what a test created (tables, publications, and replication slots, which would otherwise hold WAL).

import type { Client } from 'pg';
import { loadPg } from './connection.js';

/** The shared test server. */
export const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' } as const;

/** A unique lowercase name with `prefix`. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Runs SQL on the test database with a short-lived admin connection. */
export class PgAdmin {
  private client: Client | undefined;
  private readonly tables = new Set<string>();
  private readonly slots = new Set<string>();
  private readonly publications = new Set<string>();

  /** A connected client (opened on first use). */
  async connection(): Promise<Client> {
    if (!this.client) {
      const pg = await loadPg();
      this.client = new pg.Client(PG);
      this.client.on('error', () => undefined);
      await this.client.connect();
    }
    return this.client;
  }

  /** Runs one statement. */
  async query<R extends Record<string, unknown> = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<R[]> {
    const c = await this.connection();
    return (await c.query<R>(sql, params)).rows;
  }

  /** Remembers objects to drop in `cleanup()`. */
  track(what: { table?: string; slot?: string; publication?: string }): void {
    if (what.table) this.tables.add(what.table);
    if (what.slot) this.slots.add(what.slot);
    if (what.publication) this.publications.add(what.publication);
  }

  /** Whether a replication slot exists. */
  async slotExists(slot: string): Promise<boolean> {
    return (await this.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot])).length > 0;
  }

  /** Drops everything tracked (slots first: they pin WAL), then closes the connection. */
  async cleanup(): Promise<void> {
    for (const slot of this.slots) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await this.query(
            'SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1',
            [slot],
          );
          break;
        } catch (e) {
          if (Date.now() > deadline) throw e;
          // The walsender of a just-stopped reader still holds it.
          await this.query(
            'SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = $1 AND active_pid IS NOT NULL',
            [slot],
          ).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
    for (const p of this.publications) await this.query(`DROP PUBLICATION IF EXISTS "${p}"`);
    for (const t of this.tables) await this.query(`DROP TABLE IF EXISTS "${t}"`);
    this.slots.clear();
    this.publications.clear();
    this.tables.clear();
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }
}
