import type { ReactNode } from 'react';
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
