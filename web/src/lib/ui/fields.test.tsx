import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { TextField, FormErrorList } from './fields';
import { PasswordRules } from '../../features/account/PasswordRules';
import { checkPassword } from '../../features/account/passwordRules';

describe('TextField', () => {
  it('shows the server error beside the field and marks it invalid', () => {
    render(<TextField label="Телефон" description="Пришлём SMS" error="Введите номер мобильного телефона" />);
    const input = screen.getByRole('textbox', { name: 'Телефон' });
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/Введите номер мобильного телефона/);
    expect(input).toHaveAccessibleDescription(/Пришлём SMS/);
  });
  it('lists form errors in an alert', () => {
    render(<FormErrorList messages={['Регистрация не найдена']} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Регистрация не найдена');
  });
});

function PasswordForm() {
  const [pw, setPw] = useState('');
  return (
    <>
      <TextField label="Пароль" value={pw} onChange={setPw} />
      <PasswordRules result={checkPassword(pw, pw)} id="rules" />
    </>
  );
}

describe('PasswordRules', () => {
  it('marks the rules as the citizen types', async () => {
    render(<PasswordForm />);
    expect(screen.getByText('от 8 до 128 символов').closest('li')).toHaveClass('rule-unmet');
    await userEvent.type(screen.getByRole('textbox', { name: 'Пароль' }), 'Zvezda2026x');
    for (const li of screen.getAllByRole('listitem')) expect(li).toHaveClass('rule-met');
  });
});
