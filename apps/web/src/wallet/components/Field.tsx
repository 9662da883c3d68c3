// One labelled input with its hint and its error tied to it (aria-describedby, aria-invalid), so a screen
// reader announces both when the field has focus. Every form of the wallet is made of these.
import { type InputHTMLAttributes, type ReactNode, useId } from "react";

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value"> {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  hint?: ReactNode;
  error?: string;
  multiline?: boolean;
}

export function Field({ label, value, onChange, hint, error, multiline, id, ...rest }: Props) {
  const auto = useId();
  const inputId = id ?? auto;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = error ? `${inputId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const common = {
    id: inputId,
    value,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": describedBy,
  } as const;
  return (
    <div className="wallet-field">
      <label htmlFor={inputId}>{label}</label>
      {multiline ? (
        <textarea
          {...common}
          rows={3}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          onChange={(e) => onChange(e.target.value)}
          data-testid={rest["data-testid" as keyof typeof rest] as string | undefined}
        />
      ) : (
        <input {...rest} {...common} onChange={(e) => onChange(e.target.value)} />
      )}
      {hint ? (
        <p id={hintId} className="wallet-hint muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="wallet-field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A password and its confirmation; `error` names the first problem (empty, too short, not the same). */
export function passwordProblem(password: string, confirm: string): { password?: string; confirm?: string } {
  if (password.length < 8) return { password: "Use at least 8 characters." };
  if (confirm !== password) return { confirm: "The two passwords are not the same." };
  return {};
}
