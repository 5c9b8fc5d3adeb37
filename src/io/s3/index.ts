// S3 and S3-compatible stores: read the objects under a prefix (static, or polled for changes), write an object
// per epoch.

export { read, type S3ReadOptions, type S3Format } from './s3-read.js';
export { write, type S3WriteOptions } from './s3-write.js';
export type { S3Connection } from './s3-client.js';
