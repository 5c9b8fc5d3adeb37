// Connecting to an MQTT broker: the first connection retried with backoff, later drops reconnected by mqtt.js with
// a growing delay, refused logins and unreachable brokers reported as a ConnectorError without the password.

import type { IClientOptions, MqttClient } from 'mqtt';
import { ConnectorError } from '../connector-error.js';
import { backoffDelay, redactUri, type ReconnectOptions } from '../reconnect.js';

/** How to reach the broker. */
export interface MqttConnectionOptions {
  /** `mqtt://host:1883` (`mqtts://`, `ws://` too); credentials in the uri or in `username`/`password`. */
  uri: string;
  username?: string;
  /** Never shown in names or messages. */
  password?: string;
  /** The client id (required for a persistent session). */
  clientId?: string;
  /** Reconnection with backoff when the connection drops (and for the first connection). */
  reconnect?: ReconnectOptions;
}

/** mqtt.js internals used to restart its reconnect timer with a longer period (public API has no backoff). */
interface ReconnectTimer {
  reconnecting: boolean;
  _clearReconnect(): void;
  _setupReconnect(): void;
}

/**
 * Connects and resolves once the broker accepted the connection. Drops later are reconnected with exponential
 * backoff by the returned client. `clean: false` keeps the session (subscriptions, queued QoS 1 messages).
 */
export async function connectMqtt(
  options: MqttConnectionOptions,
  extra: IClientOptions,
  object: string,
  signal?: AbortSignal,
  prepare?: (client: MqttClient) => void,
): Promise<MqttClient> {
  const mqtt = await import('mqtt');
  const reconnect = options.reconnect ?? {};
  const max = reconnect.maxAttempts ?? 20;
  const client = mqtt.connect(options.uri, {
    username: options.username,
    password: options.password,
    clientId: options.clientId,
    reconnectPeriod: backoffDelay(1, reconnect),
    connectTimeout: 10_000,
    ...extra,
  });
  // Before the first packet: a persistent session delivers queued messages right after the CONNACK.
  prepare?.(client);
  let attempts = 0;
  let connected = false;
  client.on('connect', () => {
    attempts = 0;
    connected = true;
    client.options.reconnectPeriod = backoffDelay(1, reconnect);
  });
  return new Promise<MqttClient>((resolve, reject) => {
    const fail = (e: ConnectorError): void => {
      client.end(true);
      reject(e);
    };
    const onAbort = (): void => fail(new ConnectorError('mqtt', object, 'connection aborted'));
    signal?.addEventListener('abort', onAbort, { once: true });
    client.on('close', () => {
      attempts++;
      if (!connected && attempts >= max) {
        fail(
          new ConnectorError(
            'mqtt',
            redactUri(options.uri),
            `cannot connect after ${attempts} attempts`,
            'check that the broker runs and the uri is right',
          ),
        );
        return;
      }
      // Each failed attempt of an outage waits longer (mqtt.js itself retries at a fixed period).
      const timer = client as unknown as ReconnectTimer;
      client.options.reconnectPeriod = backoffDelay(attempts + 1, reconnect);
      if (timer.reconnecting) {
        timer._clearReconnect();
        timer._setupReconnect();
      }
    });
    client.on('error', (e: Error & { code?: unknown }) => {
      // Connack refusals: 4 / 5 (MQTT 3.1.1), 134 / 135 (MQTT 5): bad user name or password, not authorized.
      if (
        e.code === 4 ||
        e.code === 5 ||
        e.code === 134 ||
        e.code === 135 ||
        /authori[sz]ed/i.test(e.message)
      )
        fail(
          new ConnectorError(
            'mqtt',
            redactUri(options.uri),
            'connection refused: bad user name or password, or not authorized',
            'check the credentials',
          ),
        );
    });
    client.once('connect', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(client);
    });
  });
}
