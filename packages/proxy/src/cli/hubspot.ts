/**
 * `pnpm kaiku hubspot …`: connect a workspace to a HubSpot account (private app token, stored encrypted),
 * switch the Enterprise custom event on or off, disconnect. Connecting also creates the documented contact
 * properties and the subscription that feeds inbound messages to the CRM sink.
 */
import { connectAccount, enableCustomEvents, HUBSPOT_SINK_NAME } from '@kaiku/hubspot';
import type { Store } from '../store/types.js';
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

async function ensureSinkSubscription(store: Store, workspace: string): Promise<void> {
  const existing = await store.listSubscriptions(workspace);
  if (existing.some((s) => s.sink === HUBSPOT_SINK_NAME && s.event === 'inbound_message')) return;
  await store.createSubscription({ workspaceId: workspace, event: 'inbound_message', targetUrl: null, sink: HUBSPOT_SINK_NAME, secret: null, filter: null, source: 'hubspot' });
}

/** `hubspot connect --workspace <id> --access-token <private app token> [portal id]`. */
export async function hubspotConnect(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const workspace = await workspaceId(ctx, options);
  const token = text(options, 'access-token');
  if (!token) throw new Error('Missing --access-token (a HubSpot private app token with the crm.objects.contacts read/write and crm.schemas.contacts.write scopes).');
  const given = args[0] === undefined ? undefined : Number(args[0]);
  if (given !== undefined && (!Number.isSafeInteger(given) || given <= 0)) throw new Error(`"${args[0]}" is not a HubSpot portal id (a number, shown as Hub ID in HubSpot).`);
  const connected = await connectAccount({ apiBaseUrl: ctx.config.hubspotApiBaseUrl, accessToken: token, ...(given ? { portalId: given } : {}) });
  await ctx.store.upsertHubspotAccount({
    workspaceId: workspace, portalId: connected.portalId, accessTokenEnc: ctx.secrets.encrypt(token), refreshTokenEnc: null, expiresAt: null,
  });
  await ensureSinkSubscription(ctx.store, workspace);
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

/** `hubspot disconnect --workspace <id>`. */
export async function hubspotDisconnect(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const workspace = await workspaceId(ctx, options);
  const removed = await ctx.store.deleteHubspotAccount(workspace);
  for (const subscription of await ctx.store.listSubscriptions(workspace)) {
    if (subscription.sink === HUBSPOT_SINK_NAME) await ctx.store.deleteSubscription(workspace, subscription.id);
  }
  return { lines: [removed ? `Disconnected workspace ${workspace} from HubSpot.` : `Workspace ${workspace} was not connected to HubSpot.`], data: { workspace_id: workspace, disconnected: removed } };
}

/** The HubSpot commands by their two words (one dispatch line in `commands.ts`). */
export const hubspotCommands = {
  'hubspot connect': hubspotConnect,
  'hubspot events': hubspotEvents,
  'hubspot disconnect': hubspotDisconnect,
};

/** The help lines of the HubSpot commands. */
export const hubspotUsage = `  hubspot connect --workspace <id> --access-token <private app token> [portal id]
  hubspot events on|off --workspace <id>
  hubspot disconnect --workspace <id>`;
