import { afterEach, describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { clearSession, resetSessionForTests } from '../../lib/auth/session';
import { signInForTests } from '../../lib/auth/testing';
import type { AccountTier } from '../../gql/types';
import { StandardOnly } from './Guard';

function signIn(tier: AccountTier) {
  signInForTests(tier);
}

function renderGuard() {
  render(
    <MemoryRouter>
      <StandardOnly title="Штрафы ГИБДД">
        <p>secret fines</p>
      </StandardOnly>
    </MemoryRouter>,
  );
}

afterEach(() => {
  clearSession();
  resetSessionForTests();
});

describe('StandardOnly', () => {
  it('asks a signed-out visitor to sign in', () => {
    clearSession();
    renderGuard();
    expect(screen.getByRole('heading', { level: 1, name: 'Штрафы ГИБДД' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Войти' })).toHaveAttribute('href', '/signin');
    expect(screen.queryByText('secret fines')).toBeNull();
  });
  it('tells a SIMPLIFIED account to verify', () => {
    signIn('SIMPLIFIED');
    renderGuard();
    expect(screen.getByText(/стандартной учётной записью/)).toBeInTheDocument();
    expect(screen.queryByText('secret fines')).toBeNull();
  });
  it('shows the screen to a STANDARD account', () => {
    signIn('STANDARD');
    renderGuard();
    expect(screen.getByText('secret fines')).toBeInTheDocument();
  });
});
