import type { ReactNode } from 'react';
import { FieldError, Label, Text, TextArea, TextField, type TextFieldProps } from 'react-aria-components';

/** A labelled multi-line text field; the server's message for it beside it. */
export function AreaField({
  label,
  description,
  error,
  rows,
  ...props
}: Omit<TextFieldProps, 'children' | 'isInvalid' | 'className'> & {
  label: string;
  description?: ReactNode;
  error?: string | undefined;
  rows?: number;
}) {
  return (
    <TextField {...props} className="field" isInvalid={!!error} validationBehavior="aria">
      <Label className="field-label">{label}</Label>
      <TextArea className="muni-textarea" rows={rows ?? 4} />
      {description && (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      )}
      <FieldError className="field-error">{error}</FieldError>
    </TextField>
  );
}
