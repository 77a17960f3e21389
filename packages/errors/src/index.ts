export { AtriumError, type ErrorDetail, isAtriumError } from './atrium-error.ts';
export { type ErrorCode, errorCodes } from './error-codes.ts';
