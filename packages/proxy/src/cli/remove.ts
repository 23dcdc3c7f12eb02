/** The undoing commands of `pnpm kaiku`: revoke a key, disconnect a number, delete a workspace. */
import type { CommandContext, CommandResult, Options } from './commands.js';

function text(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** `key revoke <key-id> --workspace <id>`: the key stops working at once; it stays listed as revoked. */
export async function keyRevoke(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const workspaceId = text(options, 'workspace');
  const keyId = args[0] ?? text(options, 'id');
  if (!workspaceId || !keyId) throw new Error('Name the key and its workspace: pnpm kaiku key revoke <key id> --workspace <id> (ids from: pnpm kaiku key list --workspace <id>).');
  if (!(await ctx.store.revokeApiKey(workspaceId, keyId))) throw new Error(`Workspace ${workspaceId} has no API key ${keyId}. List its keys with: pnpm kaiku key list --workspace ${workspaceId}.`);
  return { lines: [`Revoked API key ${keyId}; requests with it now get 401.`], data: { id: keyId, workspace_id: workspaceId, revoked: true } };
}

/** `connection remove --phone-number-id <id>`: the number is disconnected; its messages stay with the workspace. */
export async function connectionRemove(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const phoneNumberId = args[0] ?? text(options, 'phone-number-id');
  if (!phoneNumberId) throw new Error('Name the number: pnpm kaiku connection remove --phone-number-id <id> (from: pnpm kaiku connection list).');
  const connection = await ctx.store.findConnectionByPhoneNumberId(phoneNumberId);
  if (connection === null) throw new Error(`Phone number id ${phoneNumberId} is not connected. See the connected numbers with: pnpm kaiku connection list.`);
  await ctx.store.deleteConnection(phoneNumberId);
  return {
    lines: [`Disconnected ${connection.displayPhoneNumber} (phone number id ${phoneNumberId}) from workspace ${connection.workspaceId}. Its messages stay; webhooks for it are no longer accepted.`],
    data: { phone_number_id: phoneNumberId, workspace_id: connection.workspaceId, removed: true },
  };
}

/** `workspace delete <id> --yes`: deletes the workspace and everything kept for it; without --yes it says what would go. */
export async function workspaceDelete(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const id = args[0] ?? text(options, 'workspace');
  if (!id) throw new Error('Name the workspace: pnpm kaiku workspace delete <id> --yes (ids from: pnpm kaiku workspace list).');
  const workspace = await ctx.store.getWorkspace(id);
  if (workspace === null) throw new Error(`There is no workspace "${id}". List them with: pnpm kaiku workspace list.`);
  const connections = await ctx.store.listConnections(id);
  if (options.yes !== true) {
    const numbers = connections.map((c) => c.displayPhoneNumber).join(', ') || 'no numbers';
    throw new Error(`This deletes workspace ${id} (${workspace.name}) with its ${numbers}, API keys, messages, contacts and subscriptions, for good. Run it again with --yes to go ahead.`);
  }
  await ctx.store.deleteWorkspace(id);
  return { lines: [`Deleted workspace ${id} (${workspace.name}).`], data: { id, name: workspace.name, deleted: true } };
}
