/** A problem the API reported: its stable code, message and per-field details. */
export interface ProblemDetail {
  path: string;
  code: string;
  message: string;
}

/** An error answer of the Atrium API (REST problem+json or GraphQL `errors`). */
export class AtriumApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ProblemDetail[];

  constructor(code: string, message: string, status: number, details: ProblemDetail[] = []) {
    super(message);
    this.name = 'AtriumApiError';
    this.code = code;
    this.status = status;
    this.details = details;
  }
}
