/** The setup command's configuration: the only reader of process.env in this package. */

/** What `pnpm --filter @kaiku/hubspot setup` needs. */
export interface SetupConfig {
  appId: number;
  developerApiKey: string;
  publicUrl: string;
  apiBaseUrl: string;
  /** A token of one HubSpot account, to create the contact properties there (optional). */
  accessToken: string | null;
  /** Also create the custom event definition in that account (Enterprise). */
  customEvents: boolean;
}

/** HubSpot's API, unless HUBSPOT_API_BASE_URL points elsewhere. */
export const DEFAULT_API_BASE_URL = 'https://api.hubapi.com';

function publicUrlProblem(url: string | undefined): string | null {
  if (!url) return 'KAIKU_PUBLIC_URL (the public HTTPS address of your Kaiku proxy, e.g. https://kaiku.example.com)';
  try {
    const parsed = new URL(url);
    const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
    return parsed.protocol === 'https:' || local ? null : 'KAIKU_PUBLIC_URL must start with https:// (HubSpot calls only HTTPS action URLs)';
  } catch {
    return `KAIKU_PUBLIC_URL is not a URL: "${url}"`;
  }
}

/** Reads and checks the setup configuration; the error lists everything missing at once. */
export function loadSetupConfig(env: Record<string, string | undefined> = process.env): SetupConfig {
  const problems: string[] = [];
  const appId = Number(env.HUBSPOT_APP_ID);
  if (!Number.isSafeInteger(appId) || appId <= 0) problems.push('HUBSPOT_APP_ID (your HubSpot app id, a number shown in the developer account)');
  if (!env.HUBSPOT_DEVELOPER_API_KEY) problems.push('HUBSPOT_DEVELOPER_API_KEY (the developer API key of your HubSpot developer account)');
  const urlProblem = publicUrlProblem(env.KAIKU_PUBLIC_URL);
  if (urlProblem) problems.push(urlProblem);
  if (problems.length > 0) throw new Error(`Set these environment variables and run setup again:\n- ${problems.join('\n- ')}`);
  return {
    appId,
    developerApiKey: env.HUBSPOT_DEVELOPER_API_KEY ?? '',
    publicUrl: (env.KAIKU_PUBLIC_URL ?? '').replace(/\/+$/, ''),
    apiBaseUrl: env.HUBSPOT_API_BASE_URL || DEFAULT_API_BASE_URL,
    accessToken: env.HUBSPOT_ACCESS_TOKEN || null,
    customEvents: env.HUBSPOT_CUSTOM_EVENTS === 'true',
  };
}
