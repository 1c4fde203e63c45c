// Time-based one-time passwords (RFC 6238) through otplib: HMAC-SHA-1, 6 digits, 30-second steps — the
// parameters every authenticator app supports (Google Authenticator key-uri format, `otpauth://totp/…`).
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

const PERIOD_SECONDS = 30;
/** RFC 6238 §5.2: accept one step either side for clock drift and transmission delay. */
const TOLERANCE_SECONDS = PERIOD_SECONDS;

/** A new shared secret: 160 random bits (RFC 4226 §4 R6 recommends 160), base32 for manual entry. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The `otpauth://` URI an authenticator app imports, labelled `Hearth:<username>`. */
export function totpUri(secret: string, username: string, issuer = 'Hearth'): string {
  return generateURI({ issuer, label: username, secret, period: PERIOD_SECONDS });
}

/** The URI as an inline SVG QR code (no script, no external request). */
export async function totpQrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export interface TotpCheck {
  secret: string;
  code: string;
  now: Date;
  /** The time step of the last accepted code: it and earlier steps are refused (RFC 6238 §5.2, replay). */
  lastStep?: number;
}

/** The time step the code belongs to when it is valid and not a replay, else undefined. */
export async function verifyTotp(check: TotpCheck): Promise<number | undefined> {
  const code = check.code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret: check.secret,
    token: code,
    epoch: Math.floor(check.now.getTime() / 1000),
    period: PERIOD_SECONDS,
    epochTolerance: TOLERANCE_SECONDS,
  });
  if (!result.valid || !('timeStep' in result)) return undefined;
  const step: number = result.timeStep;
  if (check.lastStep !== undefined && step <= check.lastStep) return undefined;
  return step;
}
