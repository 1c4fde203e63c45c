// The admin API for accounts (`hearth users add|list|disable|enable|reset-password|reset-mfa`), mounted on the
// admin socket app (cli/admin.routes.ts). Answers never carry a password hash or TOTP secret; a
// generated one-time password and a reset link are shown once, to the administrator who asked.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest, notFound } from '@hearth/fhir';
import type { Engine } from '../db/engine.ts';
import { generatePassword } from './passwords.ts';
import { issueResetToken } from './reset-tokens.ts';
import {
  clearTotp,
  createUser,
  findUserByUsername,
  listUsers,
  setUserDisabled,
  USER_ROLES,
  type User,
} from './users.ts';

export interface UserAdminDeps {
  engine: Engine;
  /** Public base URL, for reset links. */
  baseUrl: string;
  resetTokenMinutes: number;
  now?: () => Date;
}

const newUser = z.object({
  username: z.string(),
  role: z.enum(USER_ROLES),
  fhirUser: z.string().optional(),
  proxyPatients: z.array(z.string()).optional(),
  organizations: z.array(z.string()).optional(),
  /** Absent: a one-time password is generated and must be replaced at first sign-in. */
  password: z.string().optional(),
});

export interface AddedUser {
  user: User;
  /** Only when generated: shown once. */
  oneTimePassword?: string;
}

export interface ResetLink {
  username: string;
  url: string;
  expires: string;
}

async function byUsername(engine: Engine, username: string): Promise<User> {
  const user = await findUserByUsername(engine, username);
  if (!user) throw notFound(`No user ${username}`);
  return user;
}

export function userAdminRoutes(app: FastifyInstance, deps: UserAdminDeps): void {
  const now = deps.now ?? (() => new Date());

  app.post('/admin/users', async (req, reply) => {
    const r = newUser.safeParse(req.body);
    if (!r.success)
      throw badRequest(r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const { password, ...fields } = r.data;
    const oneTime = password === undefined ? generatePassword() : undefined;
    const user = await createUser(deps.engine, {
      ...fields,
      password: password ?? oneTime!,
      mustChangePassword: oneTime !== undefined,
    });
    const added: AddedUser = { user, ...(oneTime ? { oneTimePassword: oneTime } : {}) };
    return reply.code(201).send(added);
  });

  app.get('/admin/users', () => listUsers(deps.engine));

  for (const [action, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    app.post<{ Params: { username: string } }>(`/admin/users/:username/${action}`, async (req) => {
      const user = await byUsername(deps.engine, req.params.username);
      await setUserDisabled(deps.engine, user.id, disabled);
      return { username: user.username, disabled };
    });
  }

  app.post<{ Params: { username: string } }>('/admin/users/:username/reset-mfa', async (req) => {
    const user = await byUsername(deps.engine, req.params.username);
    await clearTotp(deps.engine, user.id);
    return { username: user.username, mfaEnabled: false };
  });

  app.post<{ Params: { username: string } }>('/admin/users/:username/reset-password', async (req) => {
    const user = await byUsername(deps.engine, req.params.username);
    if (user.disabled) throw badRequest(`User ${user.username} is disabled; enable the account first`);
    const issued = await issueResetToken(deps.engine, {
      userId: user.id,
      now: now(),
      ttlMinutes: deps.resetTokenMinutes,
    });
    const link: ResetLink = {
      username: user.username,
      url: `${deps.baseUrl}/reset-password?token=${issued.token}`,
      expires: issued.expires.toISOString(),
    };
    return link;
  });
}
