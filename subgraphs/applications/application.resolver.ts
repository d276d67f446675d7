import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { HubContext } from '../shared/context';
import { ServiceRow } from '../shared/entities';
import { Application, Service } from './application.type';
import { findApplication, findApplicationByNumber, findService, myApplications } from './application.service';

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
  @Query(() => [Application], { description: "The signed-in citizen's applications, newest first." })
  myApplications(@Ctx() ctx: HubContext): Promise<Application[]> {
    return myApplications(ctx.dataSource, ctx.identity);
  }

  @FieldResolver(() => Service)
  async service(@Root() app: Application, @Ctx() ctx: HubContext): Promise<ServiceRow> {
    return (await findService(ctx.dataSource, app.service.code))!;
  }
}
