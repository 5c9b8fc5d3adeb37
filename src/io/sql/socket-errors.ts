// The socket error codes after which every SQL client may simply reconnect; each dialect adds its server's own
// transient codes (restarts, deadlocks, too many connections).

/** Node socket errors of a dropped or unreachable server: worth retrying with backoff. */
export const SOCKET_ERROR_CODES: readonly string[] = [
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
];
