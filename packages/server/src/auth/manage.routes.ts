// SMART `management_endpoint`: a page where a signed-in user sees the apps that can still reach their
// account (grants with a live refresh token) and revokes any of them. Revoking stops the refresh
// tokens at once and the access tokens through their `sid`.
import type { FastifyInstance } from 'fastify';
import { loginRedirect, sendPage } from './authorize.routes.ts';
import { escapeHtml, renderErrorPage, renderPage } from './consent-page.ts';
import type { Grant } from './grants.ts';
import type { OAuthContext } from './oauth-context.ts';
import { describeScope } from './scope-descriptions.ts';
import { revokeGrant } from './user-tokens.ts';

interface GrantRow {
  family_id: string;
  name: string;
  grant_json: string;
  offline: boolean;
}

function render(rows: GrantRow[]): string {
  const items = rows
    .map((r) => {
      const grant = JSON.parse(r.grant_json) as Grant;
      const scopes = grant.scopes.map((s) => `<li>${escapeHtml(describeScope(s))}</li>`).join('');
      return `<li><h2>${escapeHtml(r.name)}</h2><ul>${scopes}</ul>
<form method="post" action="/oauth2/manage"><input type="hidden" name="grant" value="${escapeHtml(r.family_id)}">
<button type="submit">Revoke access for ${escapeHtml(r.name)}</button></form></li>`;
    })
    .join('\n');
  const body = rows.length ? `<ul>${items}</ul>` : '<p>No app currently has access to your account.</p>';
  return renderPage('Apps with access to your account', `<h1>Apps with access to your account</h1>\n${body}`);
}

export function manageRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  app.get('/oauth2/manage', async (req, reply) => {
    const user = await ctx.identity.currentUser(req);
    if (!user || user.disabled) return reply.redirect(loginRedirect(ctx, '/oauth2/manage'));
    const r = await ctx.db.query<GrantRow>(
      `SELECT DISTINCT ON (t.family_id) t.family_id, c.name, t.grant_json, t.offline
       FROM oauth_refresh_tokens t JOIN oauth_clients c ON c.client_id = t.client_id
       WHERE t.user_id = $1 AND t.used IS NULL AND t.expires > $2
       ORDER BY t.family_id, t.created DESC`,
      [user.id, ctx.now()],
    );
    return sendPage(reply, 200, render(r.rows));
  });

  app.post('/oauth2/manage', { config: { rateLimit: ctx.rateLimit } }, async (req, reply) => {
    const user = await ctx.identity.currentUser(req);
    const familyId = (req.body as { grant?: unknown } | undefined)?.grant;
    // Cross-site form posts carry no Lax session cookie; an explicit foreign Origin is refused too.
    const origin = req.headers.origin;
    if (!user || typeof familyId !== 'string' || (origin && origin !== new URL(ctx.baseUrl).origin))
      return sendPage(reply, 400, renderErrorPage('Cannot revoke', 'Sign in and try again.'));
    const owned = await ctx.db.query(
      'SELECT 1 FROM oauth_refresh_tokens WHERE family_id = $1 AND user_id = $2',
      [familyId, user.id],
    );
    if (owned.rows.length > 0) await revokeGrant(ctx, familyId, ctx.now());
    return reply.redirect('/oauth2/manage', 303);
  });
}
