import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ErrorCode, hubError } from './errors';
import { isUuid } from './ids';
import { parseAstana } from './time';

/**
 * Keyset pages over journals ordered by a time and an id: a cursor is the last row's time and id,
 * so that pages hold still while new entries arrive.
 */
export const keyset = {
  cursor(at: Date, id: string): string {
    return Buffer.from(`${at.toISOString()}|${id}`).toString('base64url');
  },

  parse(cursor: string): { at: Date; id: string } {
    const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
    const at = new Date(time);
    if (!id || !isUuid(id) || Number.isNaN(at.getTime())) throw hubError(ErrorCode.InvalidCursor, 'Not a cursor of this list', 'after');
    return { at, id };
  },

  checkFirst(first: number, max: number): void {
    if (!Number.isInteger(first) || first < 1 || first > max) throw hubError(ErrorCode.InvalidArgument, `first must be between 1 and ${max}`, 'first');
  },

  /** filter.from (inclusive) and filter.to (exclusive) on a time column, each an ISO-8601 time. */
  period<T extends ObjectLiteral>(q: SelectQueryBuilder<T>, column: string, filter: { from?: string; to?: string }): void {
    for (const [key, op] of [['from', '>='], ['to', '<']] as const) {
      const text = filter[key];
      if (!text) continue;
      const t = parseAstana(text);
      if (!t) throw hubError(ErrorCode.InvalidTime, `filter.${key} must be an ISO-8601 time`, `filter.${key}`);
      q.andWhere(`${column} ${op} :${key}`, { [key]: t });
    }
  },
};
