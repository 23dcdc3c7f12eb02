/**
 * What a zap user sees of an error. Kept apart from helpers.ts, which imports nock: importing nock switches its
 * HTTP interception on for the whole Jest worker, so a test file that uses real HTTP must not import it.
 */

/** What a zap user would see of an error: its class and, for JSON-encoded messages, their fields. */
export interface SeenError {
  name: string;
  message: string;
  code?: string;
  status?: number;
  delay?: number;
}

/** Awaits a promise that must fail and decodes Zapier's JSON-encoded error message. */
export async function failure(promise: Promise<unknown>): Promise<SeenError> {
  try {
    await promise;
  } catch (error) {
    const { name, message } = error as Error;
    try {
      const decoded = JSON.parse(message) as Omit<SeenError, 'name'>;
      return { name, ...decoded };
    } catch {
      return { name, message };
    }
  }
  throw new Error('Expected the call to fail, but it succeeded.');
}
