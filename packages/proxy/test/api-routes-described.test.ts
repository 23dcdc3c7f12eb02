/** Every route of the routes table is in the API description that /v1/openapi.json is built from. */
import { describe, expect, it } from '@jest/globals';
import { apiOperations } from '../src/http/api-description.js';
import { openApiPath, routes } from '../src/http/routes.js';

describe('routes table ↔ API description', () => {
  const described = new Set(apiOperations.map((op) => `${op.method.toUpperCase()} ${op.path}`));
  const served = routes.filter((route) => route.path.startsWith('/v1/')).map((route) => `${route.method.toUpperCase()} ${openApiPath(route.path)}`);

  it('describes every /v1 route', () => {
    expect(served.filter((route) => !described.has(route))).toEqual([]);
  });

  it('serves every described operation', () => {
    expect([...described].filter((operation) => !served.includes(operation))).toEqual([]);
  });

  it('guards public routes: only health, metrics, the OpenAPI document, the help pages, signing in and out go without a key', () => {
    expect(routes.filter((route) => route.auth === 'none').map((route) => `${route.method} ${route.path}`).sort())
      .toEqual(['delete /v1/session', 'get /docs', 'get /docs/:lang', 'get /docs/:lang/:page', 'get /healthz', 'get /metrics', 'get /v1/openapi.json', 'post /v1/session', 'post /v1/session/invite', 'post /v1/session/link']);
  });

  it('marks the same operations public in the description', () => {
    const publicOps = apiOperations.filter((op) => op.public === true).map((op) => `${op.method} ${op.path}`).sort();
    expect(publicOps).toEqual(['delete /v1/session', 'get /v1/openapi.json', 'post /v1/session', 'post /v1/session/invite', 'post /v1/session/link']);
  });
});
