/**
 * The Graph version in a path. Meta serves every version up to its newest (an expired one is served as the
 * oldest still available) and serves unversioned paths with the app's default version; a version newer than
 * any it has is not a version it knows, and the path is refused as an unknown object (unconfirmed wording).
 */
import { unknownObject } from '../graph-error.js';

/** The newest Graph API version the sandbox knows (Meta's latest when this was written). */
export const LATEST_GRAPH_VERSION = 'v26.0';

const VERSION = /^v(\d+)\.(\d+)$/;

function major(version: string): number {
  return Number(VERSION.exec(version)?.[1] ?? Number.NaN);
}

/** Whether a path segment is written as a version (`v24.0`). */
export function looksLikeVersion(segment: string): boolean {
  return VERSION.test(segment);
}

/** Throws Meta's unknown-object error for a version newer than both Meta's latest and the configured one. */
export function checkVersion(segment: string, configured: string, method: string): void {
  const newest = Math.max(major(LATEST_GRAPH_VERSION), major(configured));
  if (major(segment) > newest) throw unknownObject(segment, method === 'POST' ? 'post' : method === 'DELETE' ? 'delete' : 'get');
}
