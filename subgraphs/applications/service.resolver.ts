import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { HubContext } from '../../platform/context';
import { OrganisationRow } from '../../platform/entities/organisation.entity';
import { ServiceRow } from '../../platform/entities/service.entity';
import { Organisation, Service } from './application.type';
import { findService, listServices, organisationOf } from './application.service';

/** The service catalogue (реестр государственных услуг). */
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
