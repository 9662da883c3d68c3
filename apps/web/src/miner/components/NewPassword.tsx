// A new password typed twice, for keys this page encrypts into the wallet. `error` is what stops submitting
// (empty, or the two differ), shown next to the second field once the person has typed there.
import { useId } from "react";

export interface NewPasswordValue {
  password: string;
  repeat: string;
}

export function newPasswordError(v: NewPasswordValue): string | undefined {
  if (v.password === "") return "choose a password";
  if (v.password !== v.repeat) return "the two passwords differ";
  return undefined;
}

export function NewPassword({
  value,
  onChange,
  disabled,
}: {
  value: NewPasswordValue;
  onChange: (v: NewPasswordValue) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const error = value.repeat === "" ? undefined : newPasswordError(value);
  return (
    <>
      <label htmlFor={`${id}-pw`}>New password</label>
      <input
        id={`${id}-pw`}
        type="password"
        autoComplete="new-password"
        value={value.password}
        disabled={disabled}
        onChange={(e) => onChange({ ...value, password: e.target.value })}
      />
      <label htmlFor={`${id}-repeat`}>Repeat the password</label>
      <input
        id={`${id}-repeat`}
        type="password"
        autoComplete="new-password"
        value={value.repeat}
        disabled={disabled}
        aria-invalid={error !== undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange({ ...value, repeat: e.target.value })}
      />
      {error ? (
        <p id={`${id}-error`} className="miner-field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}
