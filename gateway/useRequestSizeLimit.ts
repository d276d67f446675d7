import { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { ErrorCode } from '../platform/errors';
import { limitError } from './limit-error';

/** A request body larger than maxBytes is refused with 413, by its Content-Length or, streamed without one, as it arrives. */
export function useRequestSizeLimit(maxBytes: number): GatewayPlugin {
  // the rest of the body is left unread: the connection cannot carry another request
  const tooLarge = () => limitError(ErrorCode.RequestTooLarge, `The request body is larger than the maximum of ${maxBytes} bytes.`, 413, { Connection: 'close' });
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }: {
      request: Request;
      requestParser?: (request: Request) => unknown;
      setRequestParser: (parser: (request: Request) => unknown) => void;
      fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream };
    }) {
      const length = request.headers.get('content-length');
      if (length != null && /^\d+$/.test(length) && Number(length) > maxBytes) throw tooLarge();
      if (!requestParser || !request.body) return;
      const parser = requestParser;
      setRequestParser((req) => {
        if (!req.body) return parser(req);
        let read = 0;
        // a native stream needs the native TransformStream (see graphql-yoga's own body limit)
        const Transform = req.body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        const body = req.body.pipeThrough(new Transform<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            read += chunk.byteLength;
            if (read > maxBytes) controller.error(tooLarge());
            else controller.enqueue(chunk);
          },
        }));
        return parser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body, duplex: 'half' } as RequestInit));
      });
    },
  } as GatewayPlugin;
}
