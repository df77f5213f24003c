/** A form field read from an application form's JSON Schema. */
export interface SchemaField {
  name: string;
  title: string;
  kind: 'text' | 'date' | 'enum' | 'number' | 'boolean';
  required: boolean;
  options: { value: string; title?: string }[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

interface JsonSchemaProp {
  type?: string | string[];
  title?: string;
  format?: string;
  enum?: unknown[];
  oneOf?: { const?: unknown; title?: string }[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

/** The top-level properties of an object schema, in their order, as fields. */
export function fieldsFromSchema(schemaText: string): SchemaField[] {
  let schema: { properties?: Record<string, JsonSchemaProp>; required?: string[] };
  try {
    schema = JSON.parse(schemaText) as typeof schema;
  } catch {
    return [];
  }
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const type = Array.isArray(p.type) ? p.type.find((x) => x !== 'null') : p.type;
    let kind: SchemaField['kind'] = 'text';
    let options: SchemaField['options'] = [];
    if (p.enum) {
      kind = 'enum';
      options = p.enum.map((v) => ({ value: String(v) }));
    } else if (p.oneOf?.every((o) => o.const !== undefined)) {
      kind = 'enum';
      options = p.oneOf.map((o) => ({ value: String(o.const), title: o.title }));
    } else if (p.format === 'date') kind = 'date';
    else if (type === 'integer' || type === 'number') kind = 'number';
    else if (type === 'boolean') kind = 'boolean';
    const f: SchemaField = { name, title: p.title ?? name, kind, required: required.has(name), options };
    if (p.minLength !== undefined) f.minLength = p.minLength;
    if (p.maxLength !== undefined) f.maxLength = p.maxLength;
    if (p.pattern !== undefined) f.pattern = p.pattern;
    if (p.minimum !== undefined) f.minimum = p.minimum;
    if (p.maximum !== undefined) f.maximum = p.maximum;
    return f;
  });
}

export type FieldProblem =
  | { key: 'required' }
  | { key: 'tooShort'; n: number }
  | { key: 'tooLong'; n: number }
  | { key: 'badDate' }
  | { key: 'badPattern' }
  | { key: 'badNumber' }
  | { key: 'chooseOne' };

/** What is wrong with a value (as the form holds it: a string), or null. */
export function checkField(f: SchemaField, raw: string | undefined): FieldProblem | null {
  const v = (raw ?? '').trim();
  if (v === '') return f.required ? { key: 'required' } : null;
  switch (f.kind) {
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)) ? null : { key: 'badDate' };
    case 'enum':
      return f.options.some((o) => o.value === v) ? null : { key: 'chooseOne' };
    case 'number': {
      const n = Number(v);
      if (!Number.isFinite(n)) return { key: 'badNumber' };
      return null;
    }
    default:
      if (f.minLength !== undefined && [...v].length < f.minLength) return { key: 'tooShort', n: f.minLength };
      if (f.maxLength !== undefined && [...v].length > f.maxLength) return { key: 'tooLong', n: f.maxLength };
      if (f.pattern) {
        try {
          if (!new RegExp(f.pattern, 'u').test(v)) return { key: 'badPattern' };
        } catch {
          // a pattern JavaScript cannot read: the server checks it
        }
      }
      return null;
  }
}

/** The value as the JSON the draft keeps (null removes the field). */
export function toJsonValue(f: SchemaField, raw: string): unknown {
  const v = raw.trim();
  if (v === '') return null;
  if (f.kind === 'number') return Number.isFinite(Number(v)) ? Number(v) : v;
  if (f.kind === 'boolean') return v === 'true';
  return v;
}

/** A draft's saved data as the form's strings. */
export function valuesFromData(data: string | null | undefined): Record<string, string> {
  if (!data) return {};
  try {
    const o = JSON.parse(data) as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(o)) if (v !== null && v !== undefined) out[k] = String(v);
    return out;
  } catch {
    return {};
  }
}
