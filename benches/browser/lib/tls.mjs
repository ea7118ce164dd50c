// A throw-away certificate for the benchmark's HTTPS server, so that Chromium speaks HTTP/2 to
// it as it does to a hosted site (browsers speak HTTP/2 only over TLS). Made with `openssl`
// in a temporary folder for one run; Chromium is told to trust exactly this key
// (--ignore-certificate-errors-spki-list), which, unlike --ignore-certificate-errors, leaves
// the connection valid, so its responses are cached as on a real host.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** @returns {{key: Buffer, cert: Buffer, spki: string}} `spki`: base64 SHA-256 of the public key */
export function makeCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), 'quire-bench-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    try {
      execFileSync('openssl', [
        'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      ], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      throw new Error(`openssl could not make the HTTPS server's certificate (${error.message.trim()}); install openssl, or run with --http1`);
    }
    const pem = readFileSync(cert);
    const spkiDer = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
    return { key: readFileSync(key), cert: pem, spki: createHash('sha256').update(spkiDer).digest('base64') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
