import { type ErrorCode, errorCodes } from './error-codes.ts';

/** A problem with one part of the input: a JSON pointer into the document and what is wrong. */
export interface ErrorDetail {
  /** JSON pointer into the request or document, e.g. `/objects/2/fields/5/apiName`. */
  path: string;
  /** A stable sub-code, e.g. `RESERVED_API_NAME`. */
  code: string;
  message: string;
}

/** An error safe to show to clients: a stable code, a clear message, optional per-item details. */
export class AtriumError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'AtriumError';
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = details;
  }

  toJSON(): { code: ErrorCode; message: string; details: ErrorDetail[] } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isAtriumError(error: unknown): error is AtriumError {
  return error instanceof AtriumError;
}
