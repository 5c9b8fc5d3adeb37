// Test fixtures for the MySQL connector: the test server, unique table names, an admin connection, and whether a
// server has a binary log that streaming reads can follow (`CAUSEWAY_MYSQL_BINLOG_PORT` names one, default 3306).

import type { Connection } from 'mysql2/promise';
import type { MysqlConnectionOptions } from './mysql-connection.js';

/** The shared test server (MariaDB 10.11 in CI). */
export const MYSQL: MysqlConnectionOptions = {
  host: '127.0.0.1',
  port: Number(process.env.CAUSEWAY_MYSQL_PORT ?? 3306),
  user: 'root',
  database: 'test',
};

/**
 * A server with `log_bin=ON, binlog_format=ROW` for streaming tests: `CAUSEWAY_MYSQL_BINLOG_PORT` if set, else the
 * shared server if its binlog is on, else a second instance on port 3307 if one runs; undefined when none does.
 */
export const MYSQL_BINLOG: MysqlConnectionOptions | undefined = await findBinlogServer();

async function findBinlogServer(): Promise<MysqlConnectionOptions | undefined> {
  const env = process.env.CAUSEWAY_MYSQL_BINLOG_PORT;
  const ports = env ? [Number(env)] : [MYSQL.port!, 3307];
  for (const port of ports) if (await hasRowBinlog({ ...MYSQL, port })) return { ...MYSQL, port };
  return undefined;
}

/** A table name no other test uses. */
export function uniqueTable(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** An admin connection to `server` (the caller ends it). */
export async function admin(server: MysqlConnectionOptions = MYSQL): Promise<Connection> {
  const mysql = await import('mysql2/promise');
  return mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    database: server.database,
    dateStrings: true,
  });
}

/** Runs statements on `server` with a short-lived connection. */
export async function sql(
  statements: string | string[],
  server: MysqlConnectionOptions = MYSQL,
): Promise<unknown[]> {
  const c = await admin(server);
  try {
    const out: unknown[] = [];
    for (const s of Array.isArray(statements) ? statements : [statements]) out.push((await c.query(s))[0]);
    return out;
  } finally {
    await c.end();
  }
}

/** Whether `server` answers and follows changes in a ROW binary log. */
export async function hasRowBinlog(server: MysqlConnectionOptions): Promise<boolean> {
  try {
    const [rows] = (await sql(
      "SHOW VARIABLES WHERE Variable_name IN ('log_bin', 'binlog_format')",
      server,
    )) as [{ Variable_name: string; Value: string }[]];
    const v = new Map(rows.map((r) => [r.Variable_name, r.Value]));
    return v.get('log_bin') === 'ON' && v.get('binlog_format') === 'ROW';
  } catch {
    return false;
  }
}
