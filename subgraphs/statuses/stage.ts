import { registerEnumType } from 'type-graphql';
import { Outcome, Stage, STAGE_LABELS } from './stage.values';

export * from './stage.values';

registerEnumType(Stage, {
  name: 'Stage',
  description: 'The six stages of a public service (rules of data entry, p.6).',
  valuesConfig: Object.fromEntries(Object.entries(STAGE_LABELS).map(([value, l]) => [Stage[Number(value)], { description: `${l.en} / ${l.ru} / ${l.kk}` }])),
});
registerEnumType(Outcome, { name: 'Outcome', description: 'How a closed request ended: the result issued, or a refusal.' });
