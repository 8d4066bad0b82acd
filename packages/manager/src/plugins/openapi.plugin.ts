// OpenAPI 3 generated from the route schemas, served at /v1/openapi.json and browsable at /docs.
// The /docs page itself is public (the generic Swagger UI, no data); the document it loads needs a
// credential, like every other API route — see docs-auth.ts for how the browser supplies one.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { docsRequestInterceptor } from './docs-auth.js';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'nqvm manager API',
        version: '0.1.0',
        description:
          'Control plane for microVMs. Errors are {error, suggestion?, fault_message?, code}. ' +
          'Every route but /health needs a bearer token (or, for this page, a ticket).',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Swagger UI's Request type is its own (url + headers, as used here); the function runs in the browser.
    // Deep links would rewrite the fragment (#ticket=...) before the document is fetched.
    uiConfig: {
      requestInterceptor: docsRequestInterceptor as never,
      persistAuthorization: false,
      deepLinking: false,
    },
  });
  app.get('/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
