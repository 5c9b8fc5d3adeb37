// Types of the s3rver test server (it ships none): only what the tests use.
declare module 's3rver';
