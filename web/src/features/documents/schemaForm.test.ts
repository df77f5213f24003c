import { describe, expect, it } from 'vitest';
import { checkField, fieldsFromSchema, toJsonValue, valuesFromData } from './schemaForm';

const schema = JSON.stringify({
  type: 'object',
  required: ['kind', 'address', 'since'],
  properties: {
    kind: { enum: ['RESIDENCE', 'STAY'], title: 'Вид' },
    address: { type: 'string', minLength: 10, maxLength: 300, title: 'Адрес' },
    since: { type: 'string', format: 'date', title: 'С какого числа' },
    until: { type: 'string', format: 'date' },
    rooms: { type: 'integer' },
  },
});

describe('schema form', () => {
  it('reads fields in order with their kinds', () => {
    const f = fieldsFromSchema(schema);
    expect(f.map((x) => [x.name, x.kind, x.required])).toEqual([
      ['kind', 'enum', true],
      ['address', 'text', true],
      ['since', 'date', true],
      ['until', 'date', false],
      ['rooms', 'number', false],
    ]);
    expect(f[3]!.title).toBe('until');
    expect(fieldsFromSchema('not json')).toEqual([]);
  });

  it('checks values like the server', () => {
    const [kind, address, since, until, rooms] = fieldsFromSchema(schema);
    expect(checkField(kind!, '')).toEqual({ key: 'required' });
    expect(checkField(kind!, 'OTHER')).toEqual({ key: 'chooseOne' });
    expect(checkField(kind!, 'STAY')).toBeNull();
    expect(checkField(address!, 'коротко')).toEqual({ key: 'tooShort', n: 10 });
    expect(checkField(address!, 'г. Казань, ул. Баумана, д. 1')).toBeNull();
    expect(checkField(since!, 'next week')).toEqual({ key: 'badDate' });
    expect(checkField(since!, '2026-12-01')).toBeNull();
    expect(checkField(until!, '')).toBeNull();
    expect(checkField(rooms!, 'x')).toEqual({ key: 'badNumber' });
    expect(toJsonValue(rooms!, '3')).toBe(3);
    expect(toJsonValue(address!, '  ')).toBeNull();
  });

  it('reads a draft back', () => {
    expect(valuesFromData('{"kind":"RESIDENCE","rooms":3,"x":null}')).toEqual({ kind: 'RESIDENCE', rooms: '3' });
    expect(valuesFromData('')).toEqual({});
  });
});
