// Test helper: a private NATS server or Mosquitto broker that requires a user name and password, started on a free
// port for one test (the shared test services accept anonymous clients, so they cannot test refused logins).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A running broker that accepts only `user` / `pass`; `stop()` ends it and removes its files. */
export interface AuthBroker {
  readonly port: number;
  readonly user: string;
  readonly pass: string;
  stop(): Promise<void>;
}

const USER = 'alice';
const PASS = 'right-pass-4f9c';

/** The path of a server binary: Debian installs both in /usr/sbin, which a non-root PATH may lack. */
function binary(name: string): string {
  const sbin = `/usr/sbin/${name}`;
  return existsSync(sbin) ? sbin : name;
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `port` accepts a TCP connection; rejects after `timeoutMs` or when the process exits. */
async function waitForPort(
  port: number,
  child: ChildProcess,
  log: () => string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`broker exited with ${child.exitCode}: ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`broker did not listen on ${port} within ${timeoutMs} ms: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts `command args` in the background and waits until it listens on `port`. */
async function start(
  command: string,
  args: readonly string[],
  port: number,
  dir: string,
): Promise<AuthBroker> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  child.once('error', (e) => (output += String(e)));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(port, child, () => output.trim().split('\n').slice(-3).join(' | '));
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, user: USER, pass: PASS, stop };
}

/** A NATS server (core only, no JetStream) that requires `user` / `pass`. */
export async function startAuthNats(): Promise<AuthBroker> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-nats-auth-'));
  return start(
    binary('nats-server'),
    ['-a', '127.0.0.1', '-p', String(port), '--user', USER, '--pass', PASS],
    port,
    dir,
  );
}

/** A Mosquitto broker that refuses anonymous clients and accepts `user` / `pass`. */
export async function startAuthMosquitto(): Promise<AuthBroker> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-mqtt-auth-'));
  const passwords = path.join(dir, 'passwords');
  const made = spawnSync(binary('mosquitto_passwd'), ['-b', '-c', passwords, USER, PASS], {
    encoding: 'utf8',
  });
  if (made.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`mosquitto_passwd failed: ${made.error?.message ?? made.stderr}`);
  }
  // A broker started as root drops to the mosquitto user before it reads the password file.
  chmodSync(dir, 0o755);
  chmodSync(passwords, 0o644);
  const config = path.join(dir, 'mosquitto.conf');
  writeFileSync(
    config,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwords}`,
      'persistence false',
      '',
    ].join('\n'),
  );
  return start(binary('mosquitto'), ['-c', config], port, dir);
}
