// A TCP proxy for reliability tests: clients connect through it to a real service, and the test cuts every
// connection (`drop()`) or refuses new ones for a while (`pause()`), as a service restart would, without
// disturbing other tests that use the same service directly.

import { createServer, connect, type Server, type Socket } from 'node:net';

/** A running proxy in front of `127.0.0.1:targetPort`. */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private paused = false;
  /** Number of client connections accepted so far. */
  connections = 0;
  /** The port clients connect to (after `start()`). */
  port = 0;

  /** Creates a proxy to the service on `targetPort` (and `targetHost`). */
  constructor(
    readonly targetPort: number,
    readonly targetHost = '127.0.0.1',
  ) {}

  /** Listens on a free local port. */
  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (this.paused) {
        client.destroy();
        return;
      }
      this.connections++;
      const upstream = connect(this.targetPort, this.targetHost);
      this.sockets.add(client).add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  /** Cuts every open connection (clients see a reset, as when the service restarts). */
  drop(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  /** Cuts every connection and refuses new ones until `resume()` (the service is down). */
  pause(): void {
    this.paused = true;
    this.drop();
  }

  /** Accepts connections again (the service is back). */
  resume(): void {
    this.paused = false;
  }

  /** Stops the proxy. */
  async close(): Promise<void> {
    this.drop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
