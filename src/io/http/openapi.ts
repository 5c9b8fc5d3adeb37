// The OpenAPI 3 description of a webserver's REST routes, generated from their request schemas
// (served at `/_schema` and `/openapi.json`, as Pathway's webserver serves `/_schema`).

import type { DType } from '../../table/dtype.js';
import type { Schema } from '../../table/schema.js';

/** How a route documents itself (Pathway's `EndpointDocumentation`). */
export interface EndpointDocumentation {
  /** One-line summary of the endpoint. */
  summary?: string;
  /** Longer description (Markdown). */
  description?: string;
  /** OpenAPI tags grouping endpoints. */
  tags?: readonly string[];
}

/** What the OpenAPI generator needs to know of one route. */
export interface RouteDescription {
  readonly path: string;
  readonly methods: readonly string[];
  readonly schema: Schema<any>;
  readonly documentation: EndpointDocumentation;
}

/** A JSON Schema object (the subset OpenAPI 3.0 uses). */
export type JsonSchemaObject = Record<string, unknown>;

/** The JSON Schema of a column's dtype (`nullable` for optional columns, OpenAPI 3.0 style). */
export function dtypeJsonSchema(dtype: DType): JsonSchemaObject {
  const base = dtype.unoptional();
  let out: JsonSchemaObject;
  switch (base.name) {
    case 'INT':
      out = { type: 'integer' };
      break;
    case 'FLOAT':
      out = { type: 'number' };
      break;
    case 'BOOL':
      out = { type: 'boolean' };
      break;
    case 'STR':
    case 'POINTER':
      out = { type: 'string' };
      break;
    case 'BYTES':
      out = { type: 'string', format: 'byte' };
      break;
    case 'DATE_TIME_NAIVE':
    case 'DATE_TIME_UTC':
      out = { type: 'string', format: 'date-time' };
      break;
    case 'DURATION':
      out = { type: 'string', format: 'duration' };
      break;
    case 'List':
      out = { type: 'array', items: base.inner[0] ? dtypeJsonSchema(base.inner[0]) : {} };
      break;
    case 'Tuple':
      out = {
        type: 'array',
        items: base.inner.length > 0 ? { oneOf: base.inner.map((d) => dtypeJsonSchema(d)) } : {},
        minItems: base.inner.length,
        maxItems: base.inner.length,
      };
      break;
    default:
      // JSON, ANY: any value.
      out = {};
  }
  if (dtype.isOptional && base.name !== 'ANY' && base.name !== 'JSON') out.nullable = true;
  return out;
}

/** The JSON Schema of a request body fitting `schema` (required = columns without default and not optional). */
export function schemaJsonSchema(schema: Schema<any>): JsonSchemaObject {
  const properties: Record<string, JsonSchemaObject> = {};
  const required: string[] = [];
  for (const c of schema.columns) {
    const p = dtypeJsonSchema(c.dtype);
    if (c.hasDefault) p.default = c.defaultValue ?? null;
    if (c.description !== undefined) p.description = c.description;
    properties[c.name] = p;
    if (!c.hasDefault && !c.dtype.isOptional && c.dtype.name !== 'ANY') required.push(c.name);
  }
  const out: JsonSchemaObject = { type: 'object', properties };
  if (required.length > 0) out.required = required;
  return out;
}

const ERROR_BODY: JsonSchemaObject = {
  type: 'object',
  properties: { error: { type: 'string' }, field: { type: 'string' } },
  required: ['error'],
};

function errorResponse(description: string): JsonSchemaObject {
  return { description, content: { 'application/json': { schema: ERROR_BODY } } };
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function operation(route: RouteDescription, method: string): JsonSchemaObject {
  const doc = route.documentation;
  const op: JsonSchemaObject = {
    operationId: `${method.toLowerCase()}${route.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
  };
  if (doc.summary !== undefined) op.summary = doc.summary;
  if (doc.description !== undefined) op.description = doc.description;
  if (doc.tags !== undefined && doc.tags.length > 0) op.tags = [...doc.tags];
  const body = schemaJsonSchema(route.schema);
  if (BODY_METHODS.has(method)) {
    op.requestBody = { required: true, content: { 'application/json': { schema: body } } };
  } else {
    const props = body.properties as Record<string, JsonSchemaObject>;
    const required = new Set((body.required as string[] | undefined) ?? []);
    op.parameters = Object.entries(props).map(([name, schema]) => ({
      name,
      in: 'query',
      required: required.has(name),
      schema,
    }));
  }
  op.responses = {
    '200': {
      description: 'The answer computed by the pipeline',
      content: { 'application/json': { schema: {} } },
    },
    '400': errorResponse('The request does not fit the schema (the message names the field)'),
    '413': errorResponse('The request body is larger than the limit'),
    '500': errorResponse('The answer could not be computed (an error value)'),
    '504': errorResponse('The pipeline did not answer in time'),
  };
  return op;
}

/** The OpenAPI 3.0 document of `routes`. */
export function openApiDocument(
  routes: readonly RouteDescription[],
  info: { title: string; version: string; serverUrl?: string },
): JsonSchemaObject {
  const paths: Record<string, Record<string, JsonSchemaObject>> = {};
  for (const r of routes) {
    const item: Record<string, JsonSchemaObject> = (paths[r.path] ??= {});
    for (const m of r.methods) item[m.toLowerCase()] = operation(r, m);
  }
  const doc: JsonSchemaObject = {
    openapi: '3.0.3',
    info: { title: info.title, version: info.version },
    paths,
  };
  if (info.serverUrl !== undefined) doc.servers = [{ url: info.serverUrl }];
  return doc;
}
