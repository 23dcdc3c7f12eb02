/**
 * For tests outside this package (the end-to-end suite): zapier-platform-core's app tester bound to this
 * app, so that they need not depend on zapier-platform-core themselves. Not part of the Zapier bundle's API.
 */
import zapier from 'zapier-platform-core';
import app from './index.js';

export type { PlainInputField } from 'zapier-platform-core';

/** Runs one method of the app (a function or field list of it) with a partial bundle, as Zapier would. */
export type AppRunner = <T>(method: unknown, bundle?: Record<string, unknown>) => Promise<T>;

/** An app tester for this app with the given connection. */
export function createRunner(authData: Record<string, string>): AppRunner {
  const tester = zapier.createAppTester(app) as unknown as (method: unknown, bundle: unknown) => Promise<unknown>;
  return <T>(method: unknown, bundle: Record<string, unknown> = {}) => tester(method, { authData, inputData: {}, ...bundle }) as Promise<T>;
}
