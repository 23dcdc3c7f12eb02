/**
 * The public URL of the Kaiku deployment this app is built for: its help pages are linked from the connection
 * fields. The build replaces this module with the deployment's URL (`pnpm connectors --public-url …`).
 */
import { DEFAULT_PUBLIC_URL } from '@kaiku/shared/links';

/** The deployment's public URL (the documented default in the committed source). */
export const PUBLIC_URL: string = DEFAULT_PUBLIC_URL;
