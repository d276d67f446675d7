import type { ReactNode } from 'react';
import type { Problem } from '../api/errors';
import { useLang } from '../lang';

/** The error shown right under the input it is about. */
export function FieldError({ name, problem }: { name: string; problem?: Problem }) {
  const { errorText } = useLang();
  if (!problem) return null;
  return (
    <p className="field-error" id={`error-${name}`} data-testid={`error-${name}`} data-code={problem.code ?? ''} role="alert">
      {errorText(problem.code, problem.message)}
    </p>
  );
}

/** A label, its input (the child, with id = inputId) and the input's error slot. */
export function Field({ inputId, name, label, hint, optional, problem, children, wide }: {
  inputId: string;
  name: string;
  label: string;
  hint?: string;
  optional?: boolean;
  problem?: Problem;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useLang();
  return (
    <div className={`field${problem ? ' invalid' : ''}${wide ? ' wide' : ''}`}>
      <label htmlFor={inputId}>
        {label}
        {optional && <span className="optional"> ({t('optional')})</span>}
      </label>
      {children}
      {hint && <p className="hint">{hint}</p>}
      <FieldError name={name} problem={problem} />
    </div>
  );
}

/** Attributes that tie an input to its error slot. */
export function invalidProps(name: string, problem?: Problem) {
  return problem ? { 'aria-invalid': true as const, 'aria-describedby': `error-${name}` } : {};
}

/** Everything a form's input needs: its id and test id (`<prefix>-<name>`), value, change handler and error attributes. */
export function inputProps<N extends string>(prefix: string, name: N, value: string, set: (name: N, value: string) => void, problem?: Problem) {
  return {
    id: `${prefix}-${name}`,
    'data-testid': `${prefix}-${name}`,
    name,
    value,
    onChange: (e: { target: { value: string } }) => set(name, e.target.value),
    ...invalidProps(name, problem),
  };
}

/** An error that belongs to no field of the form. */
export function FormError({ problem, testId = 'form-error' }: { problem?: Problem; testId?: string }) {
  const { errorText } = useLang();
  if (!problem) return null;
  return (
    <p className="form-error" data-testid={testId} data-code={problem.code ?? ''} role="alert">
      {errorText(problem.code, problem.message)}
    </p>
  );
}
