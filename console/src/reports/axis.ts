/**
 * The ticks of the bar axis: from 0 in a round step (1, 2 or 5 × 10ⁿ) to at least `max`, and never
 * fewer than 5 units, so that one violation is a short bar on a visible scale, not the full width.
 */
export function axisTicks(max: number): number[] {
  const top = Math.max(5, max);
  const raw = top / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) ticks.push(v);
  return ticks;
}
