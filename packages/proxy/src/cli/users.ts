/** `pnpm kaiku user …`: console users — create, list, remove, reset a password. */
import { createConsoleUser, generatePassword, removeConsoleUser, resetConsolePassword, userView } from '../actions/console-users.js';
import type { CommandContext, CommandResult, Options } from './commands.js';

function option(options: Options, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function need(options: Options, name: string, hint: string): string {
  const value = option(options, name);
  if (value === undefined) throw new Error(`Missing --${name} (${hint}).`);
  return value;
}

function passwordLines(given: string | undefined, password: string): string[] {
  return given === undefined ? ['Password (shown once; they can change it by asking an admin to reset it):', password] : [];
}

async function userCreate(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const given = option(options, 'password');
  const password = given ?? generatePassword();
  const user = await createConsoleUser(ctx.store, {
    workspaceId: need(options, 'workspace', 'the workspace id from: pnpm kaiku workspace list'),
    email: need(options, 'email', 'the address the person signs in with'),
    role: option(options, 'role') ?? 'agent',
    password,
  });
  return { lines: [`Created console user ${user.email} (${user.role}) in workspace ${user.workspace_id}.`, ...passwordLines(given, password)], data: { ...user, ...(given === undefined ? { password } : {}) } };
}

async function userList(ctx: CommandContext, options: Options): Promise<CommandResult> {
  const users = (await ctx.store.listConsoleUsers(option(options, 'workspace'))).map(userView);
  return { lines: users.length === 0 ? ['No console users yet. Add one with: pnpm kaiku user create --workspace <id> --email <address> --role admin.'] : users.map((u) => `${u.id}  ${u.email}  ${u.role}  workspace ${u.workspace_id}`), data: users };
}

async function userRemove(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const who = args[0] ?? need(options, 'email', 'the user\'s e-mail address or id');
  const user = await removeConsoleUser(ctx.store, null, who);
  return { lines: [`Removed console user ${user.email}; they are signed out everywhere.`], data: user };
}

async function userResetPassword(ctx: CommandContext, options: Options, args: string[]): Promise<CommandResult> {
  const who = args[0] ?? need(options, 'email', 'the user\'s e-mail address or id');
  const given = option(options, 'password');
  const password = given ?? generatePassword();
  const user = await resetConsolePassword(ctx.store, null, who, password);
  return { lines: [`New password set for ${user.email}; their sessions have ended.`, ...passwordLines(given, password)], data: { ...user, ...(given === undefined ? { password } : {}) } };
}

/** The user commands by their two words. */
export const userCommands = {
  'user create': userCreate,
  'user list': userList,
  'user remove': userRemove,
  'user reset-password': userResetPassword,
};

/** Their help lines. */
export const userUsage = `  user create --workspace <id> --email <address> [--role admin|agent] [--password <12+ characters>]   (a password is generated when none is given)
  user list [--workspace <id>]
  user remove <email or id>
  user reset-password <email or id> [--password <12+ characters>]`;
