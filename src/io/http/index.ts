// `cw.io.http`: serving a pipeline as a REST API (webserver + restConnector), reading HTTP streams, writing to HTTP.

export { webserver, Webserver, type WebserverOptions } from './webserver.js';
export {
  restConnector,
  type RestConnector,
  type RestConnectorOptions,
  type HttpMethod,
} from './rest-connector.js';
export { openApiDocument, schemaJsonSchema, type EndpointDocumentation } from './openapi.js';
export { read, type HttpReadOptions, type HttpReadFormat } from './http-reader.js';
export { safeUrl, type RetryPolicy } from './http-request.js';
export { write, type HttpWriteOptions } from './http-writer.js';
