/** Steps the console's browser tests share. */
import { demoSignInUrl } from '@kaiku/proxy';
import type { Page } from 'playwright-core';
import type { Kaiku } from '../harness/index.js';

/** Signs `page` in as the demo workspace's admin with the one-time demo link, and waits for the console's navigation. */
export async function signInWithDemoLink(page: Page, kaiku: Kaiku): Promise<void> {
  await page.goto(await demoSignInUrl(kaiku.store, kaiku.workspaceId, kaiku.proxyUrl));
  await page.getByRole('link', { name: 'Inbox' }).waitFor();
}
