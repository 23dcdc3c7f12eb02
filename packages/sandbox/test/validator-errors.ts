/** What a client sees of a validator's refusal: the Graph error a validator throws, as the sandbox would answer it. */
import { GraphError } from '../src/graph-error.js';

/** Runs `run` and returns the thrown Graph error's HTTP status with Meta's `message`, `code` and `error_data.details`. */
export function failure(run: () => unknown): { status: number; message: string; code: number; details: string } {
  try {
    run();
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    const body = error.toBody().error as { message: string; code: number; error_data: { details: string } };
    return { status: error.init.status, message: body.message, code: body.code, details: body.error_data.details };
  }
  throw new Error('expected a GraphError');
}

/** Runs `run` and returns the thrown Graph error's whole body (without the random fbtrace_id) with the HTTP status. */
export function rejection(run: () => unknown): Record<string, unknown> {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  if (!(thrown instanceof GraphError)) throw new Error(`expected a Graph error, got ${thrown === undefined ? 'acceptance' : String(thrown)}`);
  const { fbtrace_id: _trace, ...error } = thrown.toBody().error;
  return { status: thrown.init.status, ...error };
}

/** Meta's template-creation error body: code 100 with the subcode (if any), user title and message. */
export function templateError(subcode: number | undefined, title: string, message: string): Record<string, unknown> {
  return {
    message: '(#100) Invalid parameter',
    type: 'OAuthException',
    code: 100,
    error_data: { messaging_product: 'whatsapp', details: message },
    ...(subcode === undefined ? {} : { error_subcode: subcode }),
    is_transient: false,
    error_user_title: title,
    error_user_msg: message,
  };
}
