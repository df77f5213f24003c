import { describe, expect, it } from 'vitest';
import { mapUserErrors } from './userErrors';

describe('mapUserErrors', () => {
  const errors = [
    { field: 'phone', code: 'INVALID', message: 'Введите номер мобильного телефона' },
    { field: 'phone', code: 'OTHER', message: 'second' },
    { field: 'registrationId', code: 'NOT_FOUND', message: 'Регистрация не найдена' },
  ];
  it('puts each error beside its field, the first one winning', () => {
    const r = mapUserErrors(errors, ['phone']);
    expect(r.fields).toEqual({ phone: 'Введите номер мобильного телефона' });
    expect(r.form).toEqual(['Регистрация не найдена']);
  });
  it('maps API field names to form fields', () => {
    const r = mapUserErrors(errors, ['contact'], { phone: 'contact' });
    expect(r.fields.contact).toBe('Введите номер мобильного телефона');
  });
  it('takes no errors', () => {
    expect(mapUserErrors(null, ['a'])).toEqual({ fields: {}, form: [] });
  });
});
