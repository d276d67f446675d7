import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { SecurityLogRow } from '../../platform/entities/security-log.entity';
import { requireRole } from '../../platform/identity';
import { keyset } from '../../platform/keyset';
import { DocumentsContext } from './documents.deps';

const MAX_PAGE = 500;

@ObjectType({ description: "A request refused before it could touch anyone's data: who, when, which operation, why (staff only)." })
export class SecurityLogEntry {
  @Field(() => ID) id: string;
  @Field({ description: 'When (Astana time).' }) at: Date;
  @Field({ description: "The token's subject." }) actorSubject: string;
  @Field() actorRole: string;
  @Field(() => String, { nullable: true }) actorIin: string | null;
  @Field(() => String, { nullable: true }) actorBin: string | null;
  @Field({ description: 'The operation refused, e.g. lookupDocuments.' }) operation: string;
  @Field({ description: 'The error code it was refused with.' }) reason: string;
  @Field(() => String, { nullable: true, description: 'The input field the refusal named.' }) field: string | null;
}

@ObjectType()
export class SecurityLogPage {
  @Field(() => [SecurityLogEntry]) nodes: SecurityLogEntry[];
  @Field(() => String, { nullable: true }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}

@Resolver()
export class SecurityLogResolver {
  @Query(() => SecurityLogPage, { description: 'Analysts and admins: requests refused before they could touch anyone\'s data (a role that may never look documents up, a malformed lookup), newest first.' })
  async securityLog(
    @Ctx() ctx: DocumentsContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<SecurityLogPage> {
    requireRole(ctx.identity, 'analyst', 'admin');
    keyset.checkFirst(first, MAX_PAGE);
    const q = ctx.dataSource.manager.createQueryBuilder(SecurityLogRow, 's');
    if (after) {
      const c = keyset.parse(after);
      q.andWhere('(s.at, s.id) < (:t, :id)', { t: c.at, id: c.id });
    }
    const rows = await q.orderBy('s.at', 'DESC').addOrderBy('s.id', 'DESC').limit(first + 1).getMany();
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return { nodes, endCursor: last ? keyset.cursor(last.at, last.id) : null, hasNextPage: rows.length > first };
  }
}
