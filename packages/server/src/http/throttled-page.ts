// The 429 answer a person sees (issue #3 point 7): a browser navigation or form post that hits a rate
// limit gets a short, accessible HTML page instead of an OperationOutcome it cannot read (WCAG 2.2:
// language, landmark, heading, no script). API clients keep the OperationOutcome.
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A browser asks for HTML on navigations and form submissions (Fetch §5.3 "navigate" Accept header). */
export function wantsHtml(request: Pick<FastifyRequest, 'headers'>): boolean {
  return /\btext\/html\b/.test(request.headers.accept ?? '');
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too many attempts – Hearth</title>
</head>
<body>
<main>
<h1>Too many attempts</h1>
<p role="alert">Too many requests came from your network in a short time. For your security, please wait a minute, then go back and try again.</p>
</main>
</body>
</html>
`;

/** RFC 6585 §4: 429 Too Many Requests; the rate limiter has already set Retry-After. */
export function sendThrottledPage(reply: FastifyReply): FastifyReply {
  return reply.status(429).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(PAGE);
}
