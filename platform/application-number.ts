/**
 * The hub numbers the applications operators submit through it `QH-<year>-<running number>`, and
 * finds them by that number alone. Providers number the requests they register themselves as
 * they like, except in the hub's form: a provider that took a number the hub is about to issue
 * would make that number ambiguous (and the hub's own registration under it fail).
 */
export const HUB_NUMBER_PREFIX = 'QH-';

export function hubApplicationNumber(year: string, runningNumber: number | string): string {
  return `${HUB_NUMBER_PREFIX}${year}-${String(runningNumber).padStart(7, '0')}`;
}

/** Of the hub's form, as a person would read it: case and surrounding blanks aside. */
export function isHubNumber(number: string): boolean {
  return number.trim().toUpperCase().startsWith(HUB_NUMBER_PREFIX);
}
