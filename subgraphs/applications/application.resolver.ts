import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { HubContext } from '../../platform/context';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { ServiceRow } from '../../platform/entities/service.entity';
import { Application, Organisation, Service } from './application.type';
import { findApplication, findApplicationByNumber, findService, listServices, myApplications, organisationOf } from './application.service';

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

  @Query(() => [Application], { description: "The signed-in citizen's applications, newest first." })
  myApplications(@Ctx() ctx: HubContext): Promise<Application[]> {
    return myApplications(ctx.dataSource, ctx.identity);
  }
}

@Resolver(() => Service)
export class ServiceResolver {
  @Query(() => [Service], { description: 'The service catalogue.' })
  services(@Ctx() ctx: HubContext): Promise<ServiceRow[]> {
    return listServices(ctx.dataSource);
  }

  @Query(() => Service, { nullable: true })
  service(@Arg('code', () => ID) code: string, @Ctx() ctx: HubContext): Promise<ServiceRow | null> {
    return findService(ctx.dataSource, code);
  }

  @FieldResolver(() => String)
  name(@Root() service: ServiceRow): string {
    return service.nameRu;
  }

  @FieldResolver(() => Boolean)
  paid(@Root() service: ServiceRow): boolean {
    return service.fee !== null;
  }

  @FieldResolver(() => Number, { nullable: true })
  fee(@Root() service: ServiceRow): number | null {
    return service.fee === null ? null : Number(service.fee);
  }

  @FieldResolver(() => String)
  async deliveryChannel(@Root() service: ServiceRow, @Ctx() ctx: HubContext): Promise<string> {
    const org = await ctx.dataSource.manager.findOneBy(OrganisationRow, { bin: service.agencyBin });
    return org?.hasOwnSystem ? 'PROVIDER_SYSTEM' : 'WORKSTATION';
  }

  @FieldResolver(() => Organisation)
  agency(@Root() service: ServiceRow, @Ctx() ctx: HubContext): Promise<Organisation> {
    return organisationOf(ctx.dataSource, service.agencyBin);
  }
}

@Resolver(() => Application)
export class ApplicationServiceResolver {
  @FieldResolver(() => Service)
  async service(@Root() app: Application, @Ctx() ctx: HubContext): Promise<ServiceRow> {
    return (await findService(ctx.dataSource, app.service.code))!;
  }
}
