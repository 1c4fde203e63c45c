// HTTPS for the server when HEARTH_TLS_CERT and HEARTH_TLS_KEY name PEM files (issue #3 point 7). The
// files are read once at start; a missing or unreadable file stops the start with a message naming the
// variable and the path, never the file's content.
import { readFileSync } from 'node:fs';
import type { TlsConfig } from '../config/config.ts';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** Reads the certificate and key named by the configuration; throws a clear error if one is unreadable. */
export function readTlsFiles(tls: TlsConfig): TlsFiles {
  return {
    cert: readPem('HEARTH_TLS_CERT', tls.certFile, 'CERTIFICATE'),
    key: readPem('HEARTH_TLS_KEY', tls.keyFile, 'PRIVATE KEY'),
  };
}

function readPem(variable: string, path: string, label: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new Error(`Invalid configuration: ${variable}: cannot read ${path} (${reason}).`);
  }
  // RFC 7468 §2: PEM text is framed by "-----BEGIN <label>-----"; keys may be "RSA/EC PRIVATE KEY".
  if (!new RegExp(`-----BEGIN [A-Z ]*${label}-----`).test(pem.toString('latin1')))
    throw new Error(`Invalid configuration: ${variable}: ${path} is not a PEM ${label.toLowerCase()}.`);
  return pem;
}
