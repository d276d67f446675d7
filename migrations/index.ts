import { Foundation1732300000000 } from './1732300000000-foundation';

/** Every migration, in order: listed here so that the same list runs from TypeScript and from dist/. */
export const MIGRATIONS = [Foundation1732300000000];
