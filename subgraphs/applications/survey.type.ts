import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

/** The three-level scale of the quality survey (model e-service regulation, annex 4). */
export enum Satisfaction {
  NOT_SATISFIED = 1,
  PARTLY_SATISFIED = 2,
  SATISFIED = 3,
}
registerEnumType(Satisfaction, {
  name: 'Satisfaction',
  description: 'қанағаттанған жоқпын / ішінара қанағаттанамын / қанағаттанамын (model e-service regulation, annex 4).',
  valuesConfig: {
    NOT_SATISFIED: { description: 'Not satisfied / қанағаттанған жоқпын' },
    PARTLY_SATISFIED: { description: 'Partly satisfied / ішінара қанағаттанамын' },
    SATISFIED: { description: 'Satisfied / қанағаттанамын' },
  },
});

@InputType({ description: 'The two questions of the quality survey (сауалнама, model e-service regulation p.15, annex 4).' })
export class SurveyInput {
  @Field(() => ID) applicationId: string;
  @Field(() => Satisfaction, { description: '1. Are you satisfied with the quality and the result of the service process?' }) processAndResult: Satisfaction;
  @Field(() => Satisfaction, { description: '2. Are you satisfied with the quality of the information about the procedure?' }) information: Satisfaction;
}

@ObjectType({ description: 'How many answered each level of one question, and the mean on the 1-3 scale.' })
export class QuestionTally {
  @Field(() => Int) notSatisfied: number;
  @Field(() => Int) partlySatisfied: number;
  @Field(() => Int) satisfied: number;
  @Field(() => Float, { nullable: true }) average: number | null;
}

@ObjectType({ description: 'The quality survey of one service, aggregated.' })
export class ServiceSurveyResult {
  @Field() serviceCode: string;
  @Field(() => Int) answers: number;
  @Field(() => QuestionTally) processAndResult: QuestionTally;
  @Field(() => QuestionTally) information: QuestionTally;
}
