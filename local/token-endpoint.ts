// The partner token endpoint: HTTPS with mutual TLS (as the ALB's verify mode), invoking the token issuer like an ALB target.
import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RuntimeLog } from './console-log';
import type { LambdaInvoker } from './handlers/lambda-host';
import { PayloadTooLargeError, readBody, sendJson } from './services/http-util';

export interface TokenEndpointOptions {
  readonly caPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
  readonly tokenIssuer: LambdaInvoker;
  readonly targetGroupArn: string;
  readonly log: RuntimeLog;
}

/** The ALB's RFC 2253-style rendering of a distinguished name (most specific first, comma-joined). */
function albName(nodeName: string): string {
  return nodeName
    .split('\n')
    .filter(Boolean)
    .reverse()
    .map((part) => part.replace(/,/g, '\\,'))
    .join(',');
}

/** The headers the ALB adds in mTLS verify mode, from the verified client certificate. */
export function mtlsHeaders(leafPem: string): Record<string, string> {
  const cert = new X509Certificate(leafPem);
  const iso = (date: string) => new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    'x-amzn-mtls-clientcert-serial-number': cert.serialNumber.toUpperCase(),
    'x-amzn-mtls-clientcert-issuer': albName(cert.issuer),
    'x-amzn-mtls-clientcert-subject': albName(cert.subject),
    'x-amzn-mtls-clientcert-validity': `NotBefore=${iso(cert.validFrom)};NotAfter=${iso(cert.validTo)}`,
    'x-amzn-mtls-clientcert-leaf': encodeURIComponent(leafPem),
  };
}

function derToPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function createTokenEndpoint(options: TokenEndpointOptions): Server {
  return createServer(
    {
      ca: options.caPem,
      cert: options.serverCertPem,
      key: options.serverKeyPem,
      requestCert: true,
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
    },
    (req, res) => {
      void handle(options, req, res).catch((error: unknown) => {
        options.log.error('token', `${req.method} ${req.url} failed`, error);
        if (!res.headersSent) sendJson(res, 502, { message: 'Bad Gateway' });
      });
    },
  ).on('tlsClientError', (error) =>
    options.log.request('token', `TLS handshake refused: ${error.message}`, true),
  );
}

async function handle(
  options: TokenEndpointOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = Date.now();
  const socket = req.socket as TLSSocket;
  const peer = socket.getPeerCertificate();
  if (!socket.authorized || !peer?.raw) {
    options.log.request('token', `${req.method} ${req.url} 403 client certificate not verified`, true);
    return sendJson(res, 403, { message: 'Forbidden' });
  }
  let body: Buffer;
  try {
    body = await readBody(req, 1024 * 1024);
  } catch (error) {
    if (error instanceof PayloadTooLargeError)
      return sendJson(res, 413, { message: 'Request Entity Too Large' });
    throw error;
  }
  const url = new URL(req.url ?? '/', 'https://token.local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    // The ALB overwrites client-sent x-amzn-mtls-* and forwarding headers with its own.
    if (value === undefined || name.startsWith('x-amzn-') || name.startsWith('x-forwarded-')) continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  Object.assign(headers, mtlsHeaders(derToPem(peer.raw)), {
    'x-forwarded-for': socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
    'x-forwarded-proto': 'https',
    'x-forwarded-port': String(socket.localPort),
    'x-amzn-trace-id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${Math.random().toString(16).slice(2, 14).padEnd(24, '0')}`,
  });
  const textual = /json|text|x-www-form-urlencoded/.test(headers['content-type'] ?? 'application/json');
  const event = {
    requestContext: { elb: { targetGroupArn: options.targetGroupArn } },
    httpMethod: req.method ?? 'GET',
    path: url.pathname,
    queryStringParameters: Object.fromEntries(url.searchParams),
    headers,
    body: textual ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: !textual,
  };
  let result: {
    statusCode?: number;
    headers?: Record<string, string>;
    body?: string;
    isBase64Encoded?: boolean;
  };
  try {
    result = ((await options.tokenIssuer(event)) ?? {}) as typeof result;
  } catch (error) {
    options.log.error('token', `${req.method} ${url.pathname} token issuer failed`, error);
    return sendJson(res, 502, { message: 'Bad Gateway' });
  }
  const status = result.statusCode ?? 200;
  const responseBody = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  res.writeHead(status, { ...result.headers, 'content-length': String(responseBody.length) });
  res.end(responseBody);
  const subject = new X509Certificate(peer.raw).subject.split('\n').find((p) => p.startsWith('O=')) ?? '';
  options.log.request(
    'token',
    `${req.method} ${url.pathname} ${status} ${subject} (${Date.now() - started} ms)`,
    status >= 500,
  );
}
