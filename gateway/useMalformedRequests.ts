import { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../platform/errors';
import { limitError } from './limit-error';

/**
 * A request whose parameters do not parse (a GET's `variables` or `extensions` that are not JSON)
 * is the client's mistake: 400 with BAD_REQUEST. The runtime would answer it 500 "Unexpected error".
 */
export function useMalformedRequests(): GatewayPlugin {
  return {
    onRequestParse({ requestParser, setRequestParser }: { requestParser?: (request: Request) => unknown; setRequestParser: (parser: (request: Request) => unknown) => void }) {
      if (!requestParser) return;
      const parser = requestParser;
      const refuse = (error: unknown): never => {
        if (error instanceof GraphQLError || !(error instanceof SyntaxError)) throw error;
        throw limitError(ErrorCode.BadRequest, 'The request\'s parameters are not valid JSON.', 400);
      };
      setRequestParser((request) => {
        try {
          const parsed = parser(request);
          return parsed && typeof (parsed as PromiseLike<unknown>).then === 'function' ? Promise.resolve(parsed).catch(refuse) : parsed;
        } catch (error) {
          return refuse(error);
        }
      });
    },
  } as GatewayPlugin;
}
