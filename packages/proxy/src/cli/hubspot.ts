/**
 * `pnpm kaiku hubspot …`: a one-time install link (OAuth), or connect a workspace with a private app token (stored encrypted),
 * switch the Enterprise custom event on or off, disconnect. Connecting also creates the documented contact
 * properties and the subscription that feeds inbound messages to the CRM sink.
 */
import { connectAccount, enableCustomEvents, hubspotUrl, INSTALL_ROUTES, uninstall } from '@kaiku/hubspot';
import { chooseHubspotNumbers, createLinkCode, hubspotNumbers, linkHubspotAccount, unlinkHubspotAccount } from '../actions/hubspot-account.js';
import type { CommandContext, CommandResult, Options } from './commands.js';

function text(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

async function workspaceId(ctx: CommandContext, options: Options): Promise<string> {
  const id = text(options, 'workspace');
  if (!id) throw new Error('Missing --workspace (the workspace id from: pnpm kaiku workspace list).');
  if ((await ctx.store.getWorkspace(id)) === null) throw new Error(`There is no workspace "${id}". List them with: pnpm kaiku workspace list.`);
  return id;
}


/** `hubspot connect --workspace <id> --access-token <private app token> [portal id]`. */
export async function hubspotConnect(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const workspace = await workspaceId(ctx, options);
  const token = text(options, 'access-token');
  if (!token) throw new Error('Missing --access-token (a HubSpot private app token with the crm.objects.contacts read/write and crm.schemas.contacts.write scopes).');
  const given = args[0] === undefined ? undefined : Number(args[0]);
  if (given !== undefined && (!Number.isSafeInteger(given) || given <= 0)) throw new Error(`"${args[0]}" is not a HubSpot portal id (a number, shown as Hub ID in HubSpot).`);
  const connected = await connectAccount({ apiBaseUrl: ctx.config.hubspotApiBaseUrl, accessToken: token, ...(given ? { portalId: given } : {}) });
  await linkHubspotAccount(ctx.store, ctx.secrets, workspace, connected.portalId, { accessToken: token, refreshToken: null, expiresAt: null });
  const lines = [
    `Connected HubSpot account ${connected.portalId} to workspace ${workspace}: inbound WhatsApp messages are logged on the contacts' timelines.`,
    connected.createdProperties.length ? `Created contact properties: ${connected.createdProperties.join(', ')}.` : 'The contact properties were already there.',
    `Enterprise accounts can also get a custom event: pnpm kaiku hubspot events on --workspace ${workspace}`,
  ];
  return { lines, data: { workspace_id: workspace, portal_id: connected.portalId, created_properties: connected.createdProperties } };
}

/** `hubspot events on|off --workspace <id>`: the custom event per inbound message (Enterprise tiers). */
export async function hubspotEvents(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const workspace = await workspaceId(ctx, options);
  const on = args[0] === 'on';
  if (args[0] !== 'on' && args[0] !== 'off') throw new Error('Say "on" or "off": pnpm kaiku hubspot events on --workspace <id>.');
  const account = await ctx.store.getHubspotAccount(workspace);
  if (account === null) throw new Error(`Workspace ${workspace} is not connected to HubSpot. Connect it first: pnpm kaiku hubspot connect --workspace ${workspace} --access-token <token>.`);
  const created = on ? await enableCustomEvents({ apiBaseUrl: ctx.config.hubspotApiBaseUrl, accessToken: ctx.secrets.decrypt(account.accessTokenEnc) }) : false;
  await ctx.store.updateWorkspaceSettings(workspace, { hubspotCustomEvents: on });
  const lines = [`HubSpot custom events are ${on ? 'on' : 'off'} for workspace ${workspace}.`];
  if (created) lines.push('Created the "WhatsApp message received" event definition in HubSpot.');
  return { lines, data: { workspace_id: workspace, custom_events: on, created_event_definition: created } };
}

/**
 * `hubspot link-code --workspace <id>`: a one-time link (30 minutes) that installs the HubSpot app for this
 * workspace. Hand it to the HubSpot account's admin; nothing else names the workspace.
 */
export async function hubspotLinkCode(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const workspace = await workspaceId(ctx, options);
  const { publicUrl, hubspotClientId, hubspotClientSecret } = ctx.config;
  if (publicUrl === null || hubspotClientId === null || hubspotClientSecret === null) {
    throw new Error('Installing the HubSpot app needs KAIKU_PUBLIC_URL, HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET (your HubSpot app\'s credentials). Set them and try again.');
  }
  const { code, expiresAt } = await createLinkCode(ctx.store, workspace, new Date());
  const url = `${hubspotUrl(publicUrl, INSTALL_ROUTES.install)}?code=${code}`;
  return {
    lines: [
      `Open this link as a Super Admin of the HubSpot account to install Kaiku there for workspace ${workspace}:`,
      url,
      `It works once, until ${expiresAt.toISOString()}.`,
    ],
    data: { workspace_id: workspace, url, expires_at: expiresAt.toISOString() },
  };
}

/** Uninstalls the app at HubSpot for an OAuth account (revoking its tokens); private app tokens stay the admin's to revoke. */
async function uninstallAtHubspot(ctx: CommandContext, workspace: string): Promise<string | null> {
  const account = await ctx.store.getHubspotAccount(workspace);
  if (account === null || account.refreshTokenEnc === null) return null;
  const { hubspotApiBaseUrl: apiBaseUrl, hubspotClientId: clientId, hubspotClientSecret: clientSecret } = ctx.config;
  if (clientId === null || clientSecret === null) return 'Set HUBSPOT_CLIENT_ID and HUBSPOT_CLIENT_SECRET to uninstall at HubSpot too; meanwhile remove the app in HubSpot\'s Connected apps settings.';
  try {
    const done = await uninstall({ apiBaseUrl, clientId, clientSecret }, ctx.secrets.decrypt(account.refreshTokenEnc));
    return done ? `Uninstalled the app from HubSpot account ${account.portalId} and revoked its tokens.` : `HubSpot account ${account.portalId} had already uninstalled the app.`;
  } catch (error) {
    return `HubSpot did not confirm the uninstall (${(error as Error).message}); remove the app in HubSpot's Connected apps settings.`;
  }
}

/** `hubspot disconnect --workspace <id>`: uninstalls an OAuth install at HubSpot, then forgets the account. */
export async function hubspotDisconnect(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const workspace = await workspaceId(ctx, options);
  const uninstalled = await uninstallAtHubspot(ctx, workspace);
  const removed = await unlinkHubspotAccount(ctx.store, workspace);
  const lines = [removed ? `Disconnected workspace ${workspace} from HubSpot.` : `Workspace ${workspace} was not connected to HubSpot.`];
  if (uninstalled !== null) lines.push(uninstalled);
  return { lines, data: { workspace_id: workspace, disconnected: removed } };
}

/**
 * `hubspot numbers --workspace <id> [<phone number id>… | all]`: which business numbers' inbound messages are written
 * into HubSpot (default all); without numbers, shows the choice.
 */
export async function hubspotNumbersCommand(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const workspace = await workspaceId(ctx, options);
  const chosen = args.length === 0 ? await hubspotNumbers(ctx.store, workspace) : await chooseHubspotNumbers(ctx.store, workspace, args.length === 1 && args[0] === 'all' ? null : args);
  const what = chosen === null ? 'every business number' : `business number${chosen.length === 1 ? '' : 's'} ${chosen.join(', ')}`;
  return { lines: [`Inbound WhatsApp messages to ${what} are written into HubSpot for workspace ${workspace}.`], data: { workspace_id: workspace, phone_number_ids: chosen } };
}

/** The HubSpot commands by their two words (one dispatch line in `commands.ts`). */
export const hubspotCommands = {
  'hubspot connect': hubspotConnect,
  'hubspot events': hubspotEvents,
  'hubspot disconnect': hubspotDisconnect,
  'hubspot link-code': hubspotLinkCode,
  'hubspot numbers': hubspotNumbersCommand,
};

/** The help lines of the HubSpot commands. */
export const hubspotUsage = `  hubspot link-code --workspace <id>   (a one-time link that installs the HubSpot app for the workspace)
  hubspot connect --workspace <id> --access-token <private app token> [portal id]
  hubspot events on|off --workspace <id>
  hubspot numbers --workspace <id> [<phone number id>… | all]   (which numbers' messages go to HubSpot; default all)
  hubspot disconnect --workspace <id>`;
