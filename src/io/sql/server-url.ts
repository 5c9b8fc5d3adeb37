// Parsing a SQL server URL (`postgres://user:password@host:5432/db`, `mysql://...`) into its decoded parts, with the
// dialect's defaults; a malformed URL is a ConnectorError that shows the expected form (never the password).

import { ConnectorError } from '../connector-error.js';

/** The decoded parts of a server URL. */
export interface ServerUrl {
  /** The parsed URL (for dialect-specific query parameters such as `sslmode`). */
  url: URL;
  /** Host, or the default. */
  host: string;
  /** Port, or the default. */
  port: number;
  /** User (decoded), or the default. */
  user: string;
  /** Password (decoded), undefined when none. */
  password: string | undefined;
  /** The database named by the path (decoded); empty when none. */
  database: string;
}

/** What a dialect assumes when the URL leaves a part out, and the form shown when it is malformed. */
export interface ServerUrlDefaults {
  /** Default port (5432, 3306). */
  port: number;
  /** Default user (`postgres`, `root`). */
  user: string;
  /** The expected form, for the error message: `mysql://user:password@host:3306/db`. */
  example: string;
}

/** Parses `text`; a malformed URL throws a ConnectorError of `connector` showing `defaults.example`. */
export function parseServerUrl(connector: string, text: string, defaults: ServerUrlDefaults): ServerUrl {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConnectorError(
      connector,
      'connection',
      `is not a valid ${defaults.example.split('//')[0]}// URL`,
      `write ${defaults.example}`,
    );
  }
  return {
    url,
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : defaults.port,
    user: decodeURIComponent(url.username) || defaults.user,
    password: decodeURIComponent(url.password) || undefined,
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
}
