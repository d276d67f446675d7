import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { ApplicationsContext } from './applications.deps';
import { answerSurvey, surveyResults } from './survey.service';
import { ServiceSurveyResult, SurveyInput } from './survey.type';

/** The quality survey: recipients answer it, analysts read it per service. */
@Resolver()
export class SurveyResolver {
  @Authorized('citizen')
  @Mutation(() => Boolean, { description: 'The recipient answers the quality survey about their closed application.' })
  async answerSurvey(@Arg('input') input: SurveyInput, @Ctx() ctx: ApplicationsContext): Promise<boolean> {
    await answerSurvey(ctx.deps, ctx.identity, input, ctx.deps.clock());
    return true;
  }

  @Authorized('analyst', 'admin')
  @Query(() => [ServiceSurveyResult], { description: 'The quality survey aggregated per service (analysts and admins).' })
  surveyResults(@Ctx() ctx: ApplicationsContext, @Arg('serviceCode', () => String, { nullable: true }) serviceCode?: string): Promise<ServiceSurveyResult[]> {
    return surveyResults(ctx.deps, ctx.identity, serviceCode ?? undefined);
  }
}
