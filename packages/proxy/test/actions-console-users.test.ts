/**
 * Console users as the CLI and `/v1/users` manage them: addresses and roles checked with words that say what to
 * write, the last admin kept, passwords stored as hashes only, and invitations that work once.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createConsoleUser, findUser, generatePassword, normalizeEmail, removeConsoleUser, resetConsolePassword, role, setConsoleUserRole, userView,
} from '../src/actions/console-users.js';
import { acceptInvite, INVITE_MS, inviteUser } from '../src/actions/invite-user.js';
import { verifyPassword } from '../src/actions/passwords.js';
import { tokenHash } from '../src/actions/sign-in.js';
import type { Store } from '../src/store/index.js';
import { openTestStore } from './store-fixtures.js';
import type { TestStore } from './store-fixtures.js';

let t: TestStore;
let store: Store;
beforeAll(async () => {
  t = await openTestStore('sqlite');
  store = t.store;
});
afterAll(async () => t.cleanup());

const PASSWORD = 'correct horse battery';

async function refusal(run: () => Promise<unknown> | unknown): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await run();
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('addresses, roles and generated passwords', () => {
  it('lower-cases and trims an address', () => {
    expect(normalizeEmail('  Aino.Virtanen@Example.COM ')).toBe('aino.virtanen@example.com');
    const longest = `${'a'.repeat(242)}@example.com`;
    expect(normalizeEmail(longest)).toBe(longest);
  });

  it.each([
    ['no @', 'aino.example.com'],
    ['nothing before @', '@example.com'],
    ['nothing after @', 'aino@'],
    ['a space inside', 'aino virtanen@example.com'],
    ['two @', 'aino@x@example.com'],
    ['text around it', 'Aino <aino@example.com>'],
    ['over 254 characters', `${'a'.repeat(243)}@example.com`],
  ])('refuses an address with %s, quoting it and giving an example', async (_label, email) => {
    const error = await refusal(() => normalizeEmail(email));
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe(`"${email.slice(0, 100)}" is not an e-mail address; console users sign in with theirs, e.g. aino@example.com.`);
    expect(error.details).toEqual({ field: 'email' });
  });

  it('knows the two roles and explains them when given another', async () => {
    expect(role('admin')).toBe('admin');
    expect(role('agent')).toBe('agent');
    const error = await refusal(() => role('Admin'));
    expect(error).toMatchObject({ code: 'validation_failed', details: { field: 'role' } });
    expect(error.message).toContain('"admin" (everything, including users) or "agent"');
  });

  it('generates 18-character URL-safe passwords that differ', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{18}$/);
    expect(generatePassword()).not.toBe(a);
  });
});

describe('creating, finding, changing and removing users', () => {
  it('creates a user with a hashed password, shown without the hash', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Users' });
    const view = await createConsoleUser(store, { workspaceId, email: ' Liisa@Example.com', role: 'admin', password: PASSWORD });
    expect(view).toEqual({ id: view.id, workspace_id: workspaceId, email: 'liisa@example.com', role: 'admin', status: 'active', created_at: view.created_at });
    expect(view.created_at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    const stored = await store.getConsoleUser(view.id);
    expect(stored?.passwordHash.startsWith('scrypt$')).toBe(true);
    expect(await verifyPassword(PASSWORD, stored?.passwordHash ?? '')).toBe(true);
  });

  it('refuses a short password, an unknown workspace and a taken address, each with its field', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Users' });
    const short = await refusal(() => createConsoleUser(store, { workspaceId, email: 'a@example.com', role: 'admin', password: 'short' }));
    expect(short).toMatchObject({ code: 'validation_failed', details: { field: 'password' } });
    expect(short.message).toContain('at least 12 characters');
    const noWorkspace = await refusal(() => createConsoleUser(store, { workspaceId: 'ws_missing', email: 'a@example.com', role: 'admin', password: PASSWORD }));
    expect(noWorkspace).toMatchObject({ code: 'not_found', details: { field: 'workspace' } });
    expect(noWorkspace.message).toContain('The workspace "ws_missing"');
    await createConsoleUser(store, { workspaceId, email: 'taken@example.com', role: 'agent', password: PASSWORD });
    const taken = await refusal(() => createConsoleUser(store, { workspaceId, email: 'TAKEN@example.com', role: 'agent', password: PASSWORD }));
    expect(taken).toMatchObject({ code: 'validation_failed', details: { field: 'email' } });
    expect(taken.message).toBe('There is already a console user taken@example.com. Reset their password instead, or use another address.');
  });

  it('finds a user by id or address, only in their own workspace unless any is allowed', async () => {
    const { id: mine } = await store.createWorkspace({ name: 'Mine' });
    const { id: theirs } = await store.createWorkspace({ name: 'Theirs' });
    const user = await createConsoleUser(store, { workspaceId: theirs, email: 'finder@example.com', role: 'agent', password: PASSWORD });
    expect((await findUser(store, theirs, user.id)).email).toBe('finder@example.com');
    expect((await findUser(store, theirs, ' Finder@Example.com ')).id).toBe(user.id);
    expect((await findUser(store, null, 'finder@example.com')).id).toBe(user.id);
    for (const idOrEmail of [user.id, 'finder@example.com', 'nobody@example.com', 'usr_missing']) {
      const error = await refusal(() => findUser(store, mine, idOrEmail));
      expect(error).toMatchObject({ code: 'not_found', details: { field: 'id' } });
      expect(error.message).toContain(`The console user "${idOrEmail}"`);
    }
  });

  it('keeps the last admin: neither removed nor made an agent, with what to do instead', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'One admin' });
    const admin = await createConsoleUser(store, { workspaceId, email: 'boss@example.com', role: 'admin', password: PASSWORD });
    const demote = await refusal(() => setConsoleUserRole(store, workspaceId, admin.id, 'agent'));
    expect(demote).toMatchObject({ code: 'last_admin', details: { field: 'id' } });
    expect(demote.message).toBe('boss@example.com is the workspace\'s last admin, so they cannot be made an agent: make another user an admin first (that user must have signed in once).');
    const remove = await refusal(() => removeConsoleUser(store, workspaceId, 'boss@example.com'));
    expect(remove.message).toContain('cannot be removed');

    const agent = await createConsoleUser(store, { workspaceId, email: 'helper@example.com', role: 'agent', password: PASSWORD });
    expect(await setConsoleUserRole(store, workspaceId, agent.id, 'admin')).toMatchObject({ id: agent.id, role: 'admin' });
    expect(await setConsoleUserRole(store, workspaceId, admin.id, 'agent')).toMatchObject({ id: admin.id, role: 'agent' });
    const badRole = await refusal(() => setConsoleUserRole(store, workspaceId, admin.id, 'owner'));
    expect(badRole.details).toEqual({ field: 'role' });
    expect(await removeConsoleUser(store, workspaceId, admin.id)).toMatchObject({ id: admin.id, email: 'boss@example.com' });
    expect(await store.getConsoleUser(admin.id)).toBeNull();
  });

  it('answers 404 when the user went away between finding and changing them', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Race' });
    const user = await createConsoleUser(store, { workspaceId, email: 'racer@example.com', role: 'agent', password: PASSWORD });
    const racing: Store = Object.assign(Object.create(store) as Store, {
      removeConsoleUserKeepingAdmin: async () => 'not_found' as const,
      setConsoleUserRole: async () => 'not_found' as const,
    });
    for (const run of [() => removeConsoleUser(racing, workspaceId, user.id), () => setConsoleUserRole(racing, workspaceId, user.id, 'admin')]) {
      const error = await refusal(run);
      expect(error).toMatchObject({ code: 'not_found', details: { field: 'id' } });
      expect(error.message).toContain('The console user "racer@example.com"');
    }
  });

  it('resets a password after checking it, for a user of the workspace', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Reset' });
    const user = await createConsoleUser(store, { workspaceId, email: 'reset@example.com', role: 'agent', password: PASSWORD });
    const short = await refusal(() => resetConsolePassword(store, workspaceId, user.id, 'x'.repeat(11)));
    expect(short).toMatchObject({ code: 'validation_failed', details: { field: 'password' } });
    const newPassword = 'another long password';
    expect(await resetConsolePassword(store, null, 'reset@example.com', newPassword)).toMatchObject({ id: user.id, status: 'active' });
    expect(await verifyPassword(newPassword, (await store.getConsoleUser(user.id))?.passwordHash ?? '')).toBe(true);
  });
});

describe('invitations', () => {
  it('adds an invited user with a one-time link valid for 7 days', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Invites' });
    const before = Date.now();
    const invitation = await inviteUser(store, { workspaceId, email: 'New@Example.com', role: 'agent' });
    expect(invitation.user).toMatchObject({ email: 'new@example.com', role: 'agent', status: 'invited', workspace_id: workspaceId });
    expect(invitation.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expires = Date.parse(invitation.expires_at);
    expect(expires).toBeGreaterThanOrEqual(before + INVITE_MS);
    expect(expires).toBeLessThanOrEqual(Date.now() + INVITE_MS);
    expect(INVITE_MS).toBe(7 * 24 * 3_600_000);
    const taken = await refusal(() => inviteUser(store, { workspaceId, email: 'new@example.com', role: 'admin' }));
    expect(taken).toMatchObject({ code: 'validation_failed', details: { field: 'email' } });
    expect(taken.message).toContain('Remove them first to invite them again');
    const badRole = await refusal(() => inviteUser(store, { workspaceId, email: 'other@example.com', role: 'boss' }));
    expect(badRole.details).toEqual({ field: 'role' });
  });

  it('accepts once: the chosen password becomes the user\'s and a session starts', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Invites' });
    const { token, user } = await inviteUser(store, { workspaceId, email: 'joiner@example.com', role: 'agent' });
    const short = await refusal(() => acceptInvite({ store }, { token, password: 'short', address: '127.0.0.1' }));
    expect(short).toMatchObject({ code: 'validation_failed', details: { field: 'password' } });
    const session = await acceptInvite({ store }, { token, password: PASSWORD, address: '127.0.0.1' });
    expect(session.user.id).toBe(user.id);
    expect(session.session.userId).toBe(user.id);
    expect(session.session.idHash).toBe(tokenHash(session.cookieValue));
    const stored = await store.getConsoleUser(user.id);
    expect(await verifyPassword(PASSWORD, stored?.passwordHash ?? '')).toBe(true);
    expect(stored === null ? null : userView(stored).status).toBe('active');
    expect(await store.findConsoleSession(tokenHash(session.cookieValue), new Date())).not.toBeNull();
    const again = await refusal(() => acceptInvite({ store }, { token, password: PASSWORD, address: '127.0.0.1' }));
    expect(again.code).toBe('unauthorized');
    expect(again.message).toContain('already used or has expired (links work for 7 days)');
  });

  it('refuses an unknown token, and a token whose user was removed', async () => {
    const { id: workspaceId } = await store.createWorkspace({ name: 'Invites' });
    const unknown = await refusal(() => acceptInvite({ store }, { token: 'not-a-token', password: PASSWORD, address: '127.0.0.2' }));
    expect(unknown.code).toBe('unauthorized');
    const { token, user } = await inviteUser(store, { workspaceId, email: 'gone@example.com', role: 'agent' });
    await store.deleteConsoleUser(user.id);
    const gone = await refusal(() => acceptInvite({ store }, { token, password: PASSWORD, address: '127.0.0.2' }));
    expect(gone.code).toBe('unauthorized');
  });
});
