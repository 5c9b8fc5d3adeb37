// `cw.io.http`: serving a pipeline as a REST API (webserver + restConnector), reading HTTP streams, writing to HTTP.

export { webserver, Webserver, type WebserverOptions } from './webserver.js';
export {
  restConnector,
  type RestConnector,
  type RestConnectorOptions,
  type HttpMethod,
} from './rest-connector.js';
export { openApiDocument, schemaJsonSchema, type EndpointDocumentation } from './openapi.js';
