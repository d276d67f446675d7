// Plain values with no schema attached, so that the web console's bundle can use them too.

/** The six stages of a public service (стадии оказания государственной услуги, rules of data entry p.6). */
export enum Stage {
  ACCEPTED = 1,
  SENT_FOR_EXECUTION = 2,
  ACCEPTED_INTO_WORK = 3,
  EXECUTED = 4,
  AWAITING_ISSUANCE = 5,
  CLOSED = 6,
}

export enum Outcome {
  ISSUED = 'ISSUED',
  REFUSED = 'REFUSED',
}

export interface StageLabels { kk: string; ru: string; en: string }

/** Labels as the rules word them (Kazakh text of the rules, p.6; Russian text, p.6). */
export const STAGE_LABELS: Record<Stage, StageLabels> = {
  [Stage.ACCEPTED]: { kk: 'Қызмет алушыдан қабылданды', ru: 'Принято от услугополучателя', en: 'Accepted from the recipient' },
  [Stage.SENT_FOR_EXECUTION]: { kk: 'Орындауға жіберілді', ru: 'Отправлено на исполнение', en: 'Sent for execution' },
  [Stage.ACCEPTED_INTO_WORK]: { kk: 'Жұмысқа қабылданды', ru: 'Принято в работу', en: 'Accepted into work' },
  [Stage.EXECUTED]: { kk: 'Орындалды (өтінім бойынша жұмыстар аяқталды)', ru: 'Исполнено (работы по запросу завершены)', en: 'Executed (work finished)' },
  [Stage.AWAITING_ISSUANCE]: { kk: 'Беруді күтуде', ru: 'Ожидает выдачи', en: 'Awaiting issuance' },
  [Stage.CLOSED]: { kk: 'Жабылды (берілді немесе бас тартылды)', ru: 'Закрыто (выдано или отказано)', en: 'Closed (issued or refused)' },
};
