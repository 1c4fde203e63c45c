// POST /oauth2/launch: the EHR side of a SMART EHR launch. A clinician's app (holding a user token for a
// practitioner) asks for a launch id standing for the patient (and encounter) open on screen; Hearth
// answers with the id and, for a registered app, the URL to open (`launch_url?iss=…&launch=…`).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { badRequest, forbidden, OperationOutcomeError, unauthorized } from '@hearth/fhir';
import { findClient } from './clients.ts';
import { createLaunch, LAUNCH_SECONDS } from './ehr-launch.ts';
import type { OAuthContext } from './oauth-context.ts';
import { patientLabel } from './patient-picker.ts';

const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;
const body = z.object({
  patient: z.string().regex(FHIR_ID),
  encounter: z.string().regex(FHIR_ID).optional(),
  client_id: z.string().min(1).optional(),
});

export function launchRoutes(app: FastifyInstance, ctx: OAuthContext): void {
  app.post('/oauth2/launch', async (req, reply) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) throw unauthorized('POST /oauth2/launch needs a practitioner access token');
    const access = await ctx.tokens.verify(token);
    const user = access.user ? await ctx.identity.findUser(access.user.id) : undefined;
    if (!user || user.disabled || user.role !== 'practitioner')
      throw forbidden('Only a signed-in practitioner can start an EHR launch');
    const parsed = body.safeParse(req.body);
    if (!parsed.success)
      throw badRequest('Expected {"patient": "<id>", "encounter"?: "<id>", "client_id"?: "<app>"}');
    const { patient, encounter, client_id: clientId } = parsed.data;
    // The practitioner must be allowed to open this patient's record themselves.
    if (!(await patientLabel(ctx, user, patient)))
      throw new OperationOutcomeError('not-found', [
        { code: 'not-found', diagnostics: `No accessible Patient/${patient}` },
      ]);
    const client = clientId ? await findClient(ctx.db, clientId) : undefined;
    if (clientId && !client?.launch_url) throw badRequest(`App ${clientId} has no registered launch URL`);
    const launch = await createLaunch(
      ctx.db,
      user.id,
      { patient, ...(encounter ? { encounter } : {}) },
      ctx.now(),
    );
    const launchUrl = client?.launch_url ? new URL(client.launch_url) : undefined;
    launchUrl?.searchParams.set('iss', `${ctx.baseUrl}/fhir`);
    launchUrl?.searchParams.set('launch', launch);
    return reply
      .code(201)
      .header('cache-control', 'no-store')
      .send({
        launch,
        expires_in: LAUNCH_SECONDS,
        ...(launchUrl ? { launch_url: launchUrl.toString() } : {}),
      });
  });
}
