import { useId, type ReactNode } from 'react';
import {
  FieldError,
  Input,
  Label,
  Text,
  TextField as AriaTextField,
  type TextFieldProps as AriaTextFieldProps,
} from 'react-aria-components';

export interface TextFieldProps extends Omit<AriaTextFieldProps, 'children' | 'isInvalid'> {
  label: string;
  description?: ReactNode;
  /** The server's message for this field (from userErrors), shown beside it. */
  error?: string | undefined;
  placeholder?: string;
}

/** A labelled text field: description and error are tied to the input for screen readers. */
export function TextField({ label, description, error, placeholder, className, ...props }: TextFieldProps) {
  return (
    <AriaTextField
      {...props}
      className={`field ${typeof className === 'string' ? className : ''}`}
      isInvalid={!!error}
      validationBehavior="aria"
    >
      <Label className="field-label">{label}</Label>
      <Input className="field-input" placeholder={placeholder} />
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
    </AriaTextField>
  );
}

/** Errors that belong to no field, above the form. */
export function FormErrorList({ messages }: { messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="form-errors" role="alert">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}

/** aria-describedby of a native control: its description and its error, where shown. */
export function describedBy(id: string, description?: ReactNode, error?: string): string | undefined {
  return [description ? `${id}-d` : '', error ? `${id}-e` : ''].filter(Boolean).join(' ') || undefined;
}

/** The description and the error under a native control (ids as describedBy names them). */
export function FieldHints({ id, description, error }: { id: string; description?: ReactNode; error?: string | undefined }) {
  return (
    <>
      {description && (
        <span className="field-description" id={`${id}-d`}>
          {description}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-e`}>
          {error}
        </span>
      )}
    </>
  );
}

interface NativeFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  description?: ReactNode;
  required?: boolean;
  /** Added to the control's own "field-input" class. */
  inputClassName?: string;
}

export type SelectFieldProps = NativeFieldProps & { options: readonly { value: string; label: string }[]; isDisabled?: boolean };
export type TextAreaFieldProps = NativeFieldProps & { rows?: number; spellCheck?: boolean };

function inputClass(extra: string | undefined) {
  return extra ? `field-input ${extra}` : 'field-input';
}

/** A labelled native select (phones show their own picker), its error tied to it. */
export function SelectField({
  label,
  name,
  value,
  onChange,
  options,
  error,
  description,
  required,
  isDisabled,
  inputClassName,
}: SelectFieldProps) {
  const id = useId();
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        className={inputClass(inputClassName)}
        value={value}
        required={required}
        disabled={isDisabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldHints id={id} description={description} error={error} />
    </div>
  );
}

/** A labelled multi-line field, its error tied to it. */
export function TextAreaField({
  label,
  name,
  value,
  onChange,
  error,
  description,
  required,
  inputClassName,
  rows = 3,
  spellCheck,
}: TextAreaFieldProps) {
  const id = useId();
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        className={inputClass(inputClassName)}
        rows={rows}
        value={value}
        required={required}
        spellCheck={spellCheck}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, description, error)}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldHints id={id} description={description} error={error} />
    </div>
  );
}
