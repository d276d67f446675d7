import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { HubContext } from '../../platform/context';
import { ServiceRow } from '../../platform/entities/service.entity';
import { Application, Service } from './application.type';
import { findApplication, findApplicationByNumber, findService, myApplications } from './application.service';
import { Authorized, Int } from 'type-graphql';
import { ApplicationConnection } from './application.type';
import { myApplicationCursor, toApplication } from './application.service';
import { connectionOf } from '../../platform/connection';

@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => Application, { nullable: true, description: 'An application by id: a citizen sees only their own, a provider only its own.' })
  application(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<Application | null> {
    return findApplication(ctx.dataSource, ctx.identity, id);
  }

  @Query(() => Application, { nullable: true, description: "An application by its number: the hub's (QH-…) or, with providerBin, the provider's own." })
  applicationByNumber(@Arg('number') number: string, @Ctx() ctx: HubContext, @Arg('providerBin', () => String, { nullable: true }) providerBin?: string): Promise<Application | null> {
    return findApplicationByNumber(ctx.dataSource, ctx.identity, number, providerBin ?? undefined);
  }

  @Authorized('citizen')
  @Query(() => ApplicationConnection, { description: "The signed-in citizen's applications, newest first." })
  async myApplications(
    @Ctx() ctx: HubContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ApplicationConnection> {
    const page = await myApplications(ctx.dataSource, ctx.identity, first, after ?? undefined);
    return connectionOf(page.rows, myApplicationCursor, { hasNextPage: page.hasNextPage, after }, toApplication);
  }

  @FieldResolver(() => Service)
  async service(@Root() app: Application, @Ctx() ctx: HubContext): Promise<ServiceRow> {
    return (await findService(ctx.dataSource, app.service.code))!;
  }
}
