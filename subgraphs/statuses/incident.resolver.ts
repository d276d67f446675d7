import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Connection, connectionOf } from '../../platform/connection';
import { IncidentRevisionRow, IncidentRow } from './incident.entity';
import { StatusesContext } from './statuses.deps';
import { incidentCursor, listIncidents, recordIncident, removeIncident, revisionsOf, updateIncident } from './incident.service';
import { Incident, IncidentConnection, IncidentInput, IncidentRevision, IncidentSystem } from './report.type';

const incidentView = (row: IncidentRow): Omit<Incident, 'revisions'> => ({
  id: row.id, system: row.systemKind as IncidentSystem, organisationBin: row.organisationBin, sourceCode: row.sourceCode,
  startedAt: row.startedAt, endedAt: row.endedAt, description: row.description, removed: row.removed, revision: row.revision,
});

@Resolver(() => Incident)
export class IncidentResolver {
  @Authorized('admin', 'analyst')
  @Query(() => IncidentConnection, { description: 'Technical incidents overlapping a period, newest first (admins and analysts).' })
  async incidents(
    @Ctx() ctx: StatusesContext,
    @Arg('from', () => String, { nullable: true }) from?: string,
    @Arg('to', () => String, { nullable: true }) to?: string,
    @Arg('includeRemoved', () => Boolean, { defaultValue: false }) includeRemoved?: boolean,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<Connection<Omit<Incident, 'revisions'>>> {
    const page = await listIncidents(ctx.dataSource, ctx.identity, { from: from ?? undefined, to: to ?? undefined, includeRemoved }, first, after ?? undefined);
    return connectionOf(page.rows, incidentCursor, { hasNextPage: page.hasNextPage, after }, incidentView);
  }

  @Authorized('admin')
  @Mutation(() => Incident, { description: 'Admins: records a failure of an information system.' })
  async recordIncident(@Arg('input', () => IncidentInput) input: IncidentInput, @Ctx() ctx: StatusesContext): Promise<Omit<Incident, 'revisions'>> {
    return incidentView(await recordIncident(ctx.dataSource, ctx.identity, input));
  }

  @Authorized('admin')
  @Mutation(() => Incident, { description: 'Admins: corrects an incident; the previous state stays in its revisions.' })
  async updateIncident(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => IncidentInput) input: IncidentInput,
    @Ctx() ctx: StatusesContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<Omit<Incident, 'revisions'>> {
    return incidentView(await updateIncident(ctx.dataSource, ctx.identity, id, input, reason ?? undefined));
  }

  @Authorized('admin')
  @Mutation(() => Incident, { description: 'Admins: withdraws an incident recorded in error (kept, marked removed).' })
  async removeIncident(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: StatusesContext): Promise<Omit<Incident, 'revisions'>> {
    return incidentView(await removeIncident(ctx.dataSource, ctx.identity, id, reason));
  }

  @FieldResolver(() => [IncidentRevision])
  revisions(@Root() incident: Incident, @Ctx() ctx: StatusesContext): Promise<IncidentRevisionRow[]> {
    return revisionsOf(ctx.dataSource, incident.id);
  }
}
