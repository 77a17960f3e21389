import { AtriumError, errorCodes, isAtriumError } from '@atrium/errors';
import type { FastifyInstance } from 'fastify';

/**
 * Errors as RFC 9457 problem documents with Atrium's stable codes. Only AtriumErrors and
 * fastify's own 4xx errors reach clients; everything else is masked and logged with the request id.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    let problem: AtriumError;
    if (isAtriumError(error)) problem = error;
    else if (typeof (error as { statusCode?: number }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500) {
      problem = new AtriumError('BAD_REQUEST', (error as Error).message);
    } else {
      request.log.error({ err: error, requestId: request.id }, 'internal error');
      problem = new AtriumError('INTERNAL', `internal error (request ${request.id})`);
    }
    const status = problem.code === 'BAD_REQUEST' ? ((error as { statusCode?: number }).statusCode ?? 400) : problem.status;
    reply
      .status(status)
      .type('application/problem+json')
      .send({
        type: `https://atrium.dev/errors/${problem.code}`,
        title: errorCodes[problem.code].title,
        status,
        code: problem.code,
        detail: problem.message,
        instance: request.url,
        requestId: request.id,
        ...(problem.details.length ? { errors: problem.details } : {}),
      });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .type('application/problem+json')
      .send({
        type: 'https://atrium.dev/errors/NOT_FOUND',
        title: errorCodes.NOT_FOUND.title,
        status: 404,
        code: 'NOT_FOUND',
        detail: `no route ${request.method} ${request.url}`,
        instance: request.url,
      });
  });
}
