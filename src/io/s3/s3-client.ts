// S3 connection settings and the lazily loaded AWS SDK client (an optional peer dependency).

import type { S3Client } from '@aws-sdk/client-s3';
import { ConnectorError } from '../connector-error.js';

/** Where the bucket lives and how to sign in (credentials are never printed). */
export interface S3Connection {
  /** Region (default `us-east-1`). */
  region?: string;
  /** Endpoint of an S3-compatible store (MinIO, s3rver, R2...). */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), needed by most S3-compatible stores (default: true with an endpoint). */
  forcePathStyle?: boolean;
  /** Access keys; without them the SDK's default chain (environment, profile, instance role) is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Loads the AWS SDK S3 module. */
export async function s3Sdk(): Promise<typeof import('@aws-sdk/client-s3')> {
  try {
    return await import('@aws-sdk/client-s3');
  } catch {
    throw new ConnectorError(
      's3',
      '@aws-sdk/client-s3',
      'the package is not installed',
      'npm install @aws-sdk/client-s3',
    );
  }
}

/** Creates a client for `connection`. */
export async function s3Client(connection: S3Connection = {}): Promise<S3Client> {
  const sdk = await s3Sdk();
  return new sdk.S3Client({
    region: connection.region ?? 'us-east-1',
    endpoint: connection.endpoint,
    forcePathStyle: connection.forcePathStyle ?? connection.endpoint !== undefined,
    credentials: connection.credentials,
  });
}

/** A ConnectorError for an SDK failure on `object`, with a fix for the usual causes (no secrets in it). */
export function s3Error(object: string, e: unknown): ConnectorError {
  const name = (e as { name?: string }).name ?? 'Error';
  const fix =
    name === 'NoSuchBucket'
      ? 'create the bucket or fix its name'
      : name === 'InvalidAccessKeyId' || name === 'SignatureDoesNotMatch' || name === 'AccessDenied'
        ? 'check the access key id and secret'
        : 'check the endpoint, region and credentials';
  return new ConnectorError('s3', object, `${name}: ${(e as Error).message}`, fix, { cause: e });
}
