/**
 * The commands of `pnpm kaiku`: workspaces, connections and API keys, without hand-written SQL.
 * Each command returns lines to print (or JSON with `--json`); errors are thrown with what to do.
 */
import type { Config } from '../config.js';
import { addConnection, createApiKey } from '../actions/manage-workspace.js';
import type { Secrets } from '../secrets.js';
import type { Store } from '../store/types.js';
import { hubspotCommands, hubspotUsage } from './hubspot.js';
import { connectionRemove, keyRevoke, workspaceDelete } from './remove.js';
import { userCommands, userUsage } from './users.js';

/** Parsed options of one command. */
export type Options = Record<string, string | boolean | undefined>;

/** What a command needs. */
export interface CommandContext {
  config: Config;
  store: Store;
  secrets: Secrets;
  fetch?: typeof fetch;
}

/** A command's answer: human lines and the same facts as data. */
export interface CommandResult {
  lines: string[];
  data: unknown;
}

function required(options: Options, name: string, hint: string): string {
  const value = options[name];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new Error(`Missing --${name} (${hint}).`);
}

function optional(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

async function workspaceCreate(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const name = args[0] ?? optional(options, 'name');
  if (!name) throw new Error('Give the workspace a name: pnpm kaiku workspace create "Acme Oy".');
  const workspace = await ctx.store.createWorkspace({ name });
  return { lines: [`Created workspace ${workspace.id} (${workspace.name}).`, `Next: pnpm kaiku connection add --workspace ${workspace.id} …`], data: { id: workspace.id, name: workspace.name } };
}

async function workspaceList(ctx: CommandContext): Promise<CommandResult> {
  const workspaces = await ctx.store.listWorkspaces();
  const data = workspaces.map((w) => ({ id: w.id, name: w.name, created_at: w.createdAt.toISOString() }));
  return { lines: data.length === 0 ? ['No workspaces yet. Create one with: pnpm kaiku workspace create <name>.'] : data.map((w) => `${w.id}  ${w.name}`), data };
}

async function connectionAdd(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const result = await addConnection(ctx.store, ctx.secrets, {
    workspaceId: required(options, 'workspace', 'the workspace id from: pnpm kaiku workspace list'),
    wabaId: required(options, 'waba-id', 'the WhatsApp Business Account id from Meta\'s dashboard'),
    phoneNumberId: required(options, 'phone-number-id', 'the phone number id from Meta\'s dashboard'),
    accessToken: required(options, 'access-token', 'a system user access token with whatsapp_business_messaging'),
    appSecret: required(options, 'app-secret', 'the Meta app\'s secret, which signs webhooks'),
    graphBaseUrl: optional(options, 'graph-base-url') ?? 'https://graph.facebook.com',
    graphVersion: optional(options, 'graph-version') ?? 'v24.0',
    publicUrl: ctx.config.publicUrl,
    move: options.move === true,
    operator: true,
    ...(optional(options, 'verify-token') ? { verifyToken: optional(options, 'verify-token') } : {}),
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  const c = result.connection;
  const lines = [`Connected ${c.displayPhoneNumber} (${c.verifiedName ?? 'no verified name'}), phone number id ${c.phoneNumberId}, to workspace ${c.workspaceId}.`];
  for (const step of result.steps) lines.push(`${step.outcome === 'ok' ? '✓' : step.outcome === 'failed' ? '✗' : '–'} ${step.message}`);
  return { lines, data: { id: c.id, workspace_id: c.workspaceId, waba_id: c.wabaId, phone_number_id: c.phoneNumberId, display_phone_number: c.displayPhoneNumber, webhook_registered: result.webhookRegistered, callback_url: result.callbackUrl, steps: result.steps } };
}

async function connectionList(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const connections = await ctx.store.listConnections(optional(options, 'workspace'));
  const data = connections.map((c) => ({ id: c.id, workspace_id: c.workspaceId, waba_id: c.wabaId, phone_number_id: c.phoneNumberId, display_phone_number: c.displayPhoneNumber, graph_base_url: c.graphBaseUrl }));
  return { lines: data.length === 0 ? ['No connections yet.'] : data.map((c) => `${c.phone_number_id}  ${c.display_phone_number}  workspace ${c.workspace_id}  WABA ${c.waba_id}  ${c.graph_base_url}`), data };
}

async function keyCreate(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const workspaceId = required(options, 'workspace', 'the workspace id from: pnpm kaiku workspace list');
  if ((await ctx.store.getWorkspace(workspaceId)) === null) throw new Error(`There is no workspace "${workspaceId}". List them with: pnpm kaiku workspace list.`);
  const { key, record } = await createApiKey(ctx.store, workspaceId, optional(options, 'name') ?? 'default');
  return { lines: [`API key for workspace ${workspaceId} (shown once, store it now):`, key], data: { id: record.id, workspace_id: workspaceId, name: record.name, key } };
}

async function keyList(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const workspaceId = required(options, 'workspace', 'the workspace id from: pnpm kaiku workspace list');
  const keys = await ctx.store.listApiKeys(workspaceId);
  const data = keys.map((k) => ({ id: k.id, name: k.name, prefix: k.prefix, created_at: k.createdAt.toISOString(), revoked: k.revokedAt !== null }));
  return { lines: data.length === 0 ? ['No API keys yet.'] : data.map((k) => `${k.id}  ${k.prefix}…  ${k.name}${k.revoked ? '  (revoked)' : ''}`), data };
}

/** Every command by its two words. */
export const commands: Record<string, (ctx: CommandContext, options: Options, args: string[]) => Promise<CommandResult>> = {
  'workspace create': workspaceCreate,
  'workspace list': workspaceList,
  'workspace delete': workspaceDelete,
  'connection add': connectionAdd,
  'connection list': connectionList,
  'connection remove': connectionRemove,
  'key create': keyCreate,
  'key list': keyList,
  'key revoke': keyRevoke,
  ...hubspotCommands,
  ...userCommands,
};

/** The help text. */
export const usage = `Usage: pnpm kaiku <command> [options] [--json]

  workspace create <name>
  workspace list
  workspace delete <id> --yes             deletes it with its keys, numbers, messages and contacts
  connection add --workspace <id> --waba-id <id> --phone-number-id <id> --access-token <token> --app-secret <secret>
                 [--verify-token <text>] [--graph-base-url https://graph.facebook.com] [--graph-version v24.0]
                 [--move]                 take a number another workspace holds
  connection list [--workspace <id>]
  connection remove --phone-number-id <id>
  key create --workspace <id> [--name <label>]
  key list --workspace <id>
  key revoke <key id> --workspace <id>
${hubspotUsage}
${userUsage}

Configuration comes from the environment (DATABASE_URL or KAIKU_DATA_DIR, KAIKU_ENCRYPTION_KEY, KAIKU_PUBLIC_URL).`;
