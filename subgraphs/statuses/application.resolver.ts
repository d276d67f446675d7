import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { loadApplication } from './stage-record.reference';
import { ApplicationRow } from '../applications/api';
import { LocalDate } from '../../platform/scalars';
import { StatusesContext } from './statuses.deps';
import { Outcome, Stage } from './stage';
import { Application, Overdue, StageRecord } from './stage-record.type';
import { viewOf } from './stage-record.view';
import { overdueOf, timelineOf } from './stage.service';

/** An application arrives here as a whole row (by reference) or as just its key (from a stage record). */
type ApplicationSource = ApplicationRow | { id: string };

/** One load per application object, however many of its fields are selected. */
const loaded = new WeakMap<object, Promise<ApplicationRow>>();

function rowOf(app: ApplicationSource, ctx: StatusesContext): Promise<ApplicationRow> | ApplicationRow {
  if (app instanceof ApplicationRow) return app;
  let row = loaded.get(app);
  if (!row) loaded.set(app, (row = loadApplication(app.id, ctx)));
  return row;
}

/** The statuses part of an application: where it stands, how it got there, and whether it is late. */
@Resolver(() => Application)
export class ApplicationStagesResolver {
  @FieldResolver(() => Stage, { description: 'The furthest stage reached.' })
  async currentStage(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<Stage> {
    return (await rowOf(app, ctx)).currentStage;
  }

  @FieldResolver(() => Outcome, { nullable: true })
  async outcome(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<Outcome | null> {
    return (await rowOf(app, ctx)).outcome as Outcome | null;
  }

  @FieldResolver(() => String, { nullable: true })
  async refusalReason(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<string | null> {
    return (await rowOf(app, ctx)).refusalReason;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Who executes the request at the provider, as the provider reported it (from ACCEPTED_INTO_WORK on).' })
  async executor(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<string | null> {
    return (await rowOf(app, ctx)).executor;
  }

  @FieldResolver(() => LocalDate, { description: 'The regulated planned date, computed from the standard term and the production calendar (Date, YYYY-MM-DD).' })
  async plannedDate(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<string> {
    return (await rowOf(app, ctx)).plannedDate;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the request was executed, as the provider reported it.' })
  async executionDate(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<Date | null> {
    return (await rowOf(app, ctx)).executionDate;
  }

  @FieldResolver(() => [StageRecord], { description: 'Stage reports ordered by when each stage happened, whatever the order they arrived in.' })
  async timeline(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<StageRecord[]> {
    const row = await rowOf(app, ctx);
    const records = await timelineOf(ctx.dataSource, row.id);
    return records.map((r) => viewOf(r, row) as unknown as StageRecord);
  }

  @FieldResolver(() => Overdue)
  async overdue(@Root() app: ApplicationSource, @Ctx() ctx: StatusesContext): Promise<Overdue> {
    return overdueOf(await rowOf(app, ctx));
  }
}
