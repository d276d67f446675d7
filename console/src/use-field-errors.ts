import { useCallback, useRef, useState } from 'react';
import { fieldName, Problem, problemsOf } from './api/errors';

export interface FieldErrors {
  errors: Record<string, Problem>;
  formError?: Problem;
  /** puts each problem next to its field when the form has it, else in the form's error */
  show(error: unknown): void;
  clear(name: string): void;
  reset(): void;
}

/**
 * Errors of a form by field name (the last segment of the API's dotted `extensions.field`).
 * `known` are the names the form has slots for; `alias` maps an API field to another slot
 * (the register form's acceptedAt is also sent as occurredAt).
 */
export function useFieldErrors(known: readonly string[], alias: Record<string, string> = {}): FieldErrors {
  const [errors, setErrors] = useState<Record<string, Problem>>({});
  const [formError, setFormError] = useState<Problem>();
  const slots = useRef({ known, alias });
  slots.current = { known, alias };
  const show = useCallback((error: unknown) => {
    const { known, alias } = slots.current;
    const next: Record<string, Problem> = {};
    let general: Problem | undefined;
    for (const problem of problemsOf(error)) {
      const raw = fieldName(problem.field);
      const name = raw && (alias[raw] ?? raw);
      if (name && known.includes(name)) next[name] ??= problem;
      else general ??= problem;
    }
    setErrors(next);
    setFormError(general);
    // keyboard and screen-reader users land on the first field at fault
    const first = Object.keys(next)[0];
    if (first) requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-testid="field-${first}"], [data-testid="stage-${first}"], [aria-describedby="error-${first}"]`)?.focus());
  }, []);
  const clear = useCallback((name: string) => {
    setErrors((current) => {
      if (!current[name]) return current;
      const { [name]: _gone, ...rest } = current;
      return rest;
    });
    setFormError(undefined);
  }, []);
  const reset = useCallback(() => {
    setErrors({});
    setFormError(undefined);
  }, []);
  return { errors, formError, show, clear, reset };
}
