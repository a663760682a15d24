/**
 * How long the server waits for a client. Fastify's defaults wait for ever for a request body
 * (`requestTimeout: 0`), so a client that sends headers and half a body holds a socket and a
 * parser until it goes away: a few hundred such clients starve the process (slowloris).
 * - `requestTimeout`: the whole request (headers and body) must arrive within it; past it Node
 *   answers 408 and closes the socket (Node's http docs, `server.requestTimeout`). 60 s by
 *   default, `MASTHEAD_REQUEST_TIMEOUT_MS` to change it: an image upload of 20 MB needs about
 *   3 Mbit/s to arrive in time.
 * - `headersTimeout`: the headers alone, Node's own default of min(60 s, requestTimeout).
 * - `connectionsCheckingInterval`: how often Node looks for expired requests (30 s by default,
 *   which would let a stalled request live up to 30 s past its limit): a tenth of the limit,
 *   between 100 ms and 5 s.
 * - `connectionTimeout`: a socket with no traffic at all for twice the request limit is closed
 *   (a reader that stops reading a response; keep-alive sockets have their own 72 s limit).
 */
export interface ServerTimeouts {
  requestTimeout: number;
  connectionTimeout: number;
  http: { requestTimeout: number; headersTimeout: number; connectionsCheckingInterval: number };
}

export function serverTimeouts(requestTimeoutMs: number): ServerTimeouts {
  return {
    requestTimeout: requestTimeoutMs,
    connectionTimeout: requestTimeoutMs * 2,
    http: {
      requestTimeout: requestTimeoutMs,
      headersTimeout: Math.min(60_000, requestTimeoutMs),
      connectionsCheckingInterval: Math.min(5_000, Math.max(100, Math.round(requestTimeoutMs / 10))),
    },
  };
}
