/** A problem the user can fix, as mutations return it in their payload. */
export interface UserError {
  field: string;
  code: string;
  message: string;
}

export interface FormErrors {
  /** Messages by form field name, to show beside the field. */
  fields: Record<string, string>;
  /** Messages with no field on this form, to show above it. */
  form: string[];
}

/**
 * Maps userErrors { field code message } to the form's fields. `fields`
 * lists the form's field names; `aliases` maps the API's field names (e.g.
 * "login", "data.since") to a form field where they differ. An error whose
 * field is not on the form goes to `form`.
 */
export function mapUserErrors(
  errors: readonly UserError[] | null | undefined,
  fields: readonly string[],
  aliases: Record<string, string> = {},
): FormErrors {
  const out: FormErrors = { fields: {}, form: [] };
  for (const e of errors ?? []) {
    const name = aliases[e.field] ?? e.field;
    if (fields.includes(name)) {
      // the first message for a field wins; the others are usually consequences
      out.fields[name] ??= e.message;
    } else {
      out.form.push(e.message);
    }
  }
  return out;
}

export const noErrors: FormErrors = { fields: {}, form: [] };
