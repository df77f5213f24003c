import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';
import { clearSession, resetSessionForTests } from '../../lib/auth/session';
import { signInForTests } from '../../lib/auth/testing';
import type { StatementsPaymentFragment } from './statements.generated';
import { rememberPayment } from './format';
import PaymentResult from './PaymentResult';

/** Two payments of the citizen: the one the return is about and an older one this tab remembered. */
const payments: Record<string, StatementsPaymentFragment> = {
  'pay-url': {
    __typename: 'Payment',
    id: 'pay-url',
    status: 'SUCCEEDED',
    amountKopecks: 250_00,
    items: [{ __typename: 'PaymentItem', chargeId: 'c1', uin: '18810000000000000001', title: 'Штраф по ст. 12.9.2', amountKopecks: 250_00 }],
    pageUrl: null,
    createdAt: '2026-11-27T10:00:00Z',
    paidAt: '2026-11-27T10:01:00Z',
    receiptId: null,
  },
  'pay-stored': {
    __typename: 'Payment',
    id: 'pay-stored',
    status: 'FAILED',
    amountKopecks: 1_500_00,
    items: [{ __typename: 'PaymentItem', chargeId: 'c2', uin: '18810000000000000002', title: 'Штраф по ст. 12.16.4', amountKopecks: 1_500_00 }],
    pageUrl: null,
    createdAt: '2026-11-26T10:00:00Z',
    paidAt: null,
    receiptId: null,
  },
};

/** A client answering payment(id) from the table (receipts never come) and recording the ids asked. */
function fakeClient() {
  const asked: string[] = [];
  const executeQuery = vi.fn(({ variables }: { variables: { id?: string } }) => {
    if (variables.id === undefined) return never;
    asked.push(variables.id);
    return fromValue({ operation: { variables }, data: { payment: payments[variables.id] ?? null }, stale: false, hasNext: false });
  });
  return { client: { executeQuery, suspense: false } as unknown as Client, asked };
}

function open(url: string) {
  const { client, asked } = fakeClient();
  render(
    <Provider value={client}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/statements/payment" element={<PaymentResult />} />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return asked;
}

beforeEach(() => {
  signInForTests('STANDARD');
});

afterEach(() => {
  sessionStorage.clear();
  clearSession();
  resetSessionForTests();
});

describe('PaymentResult', () => {
  it('shows the payment named by the return URL in a tab that remembers nothing', () => {
    const asked = open('/statements/payment?key=k1&paymentId=pay-url');
    expect(asked).toEqual(['pay-url']);
    expect(screen.getByTestId('payment-status')).toHaveTextContent('Оплачено');
    expect(screen.getByText(/Штраф по ст\. 12\.9\.2/)).toHaveTextContent(/250,00/);
  });

  it('prefers the return URL to what the tab remembered under the key', () => {
    rememberPayment('k1', 'pay-stored');
    const asked = open('/statements/payment?key=k1&paymentId=pay-url');
    expect(asked).toEqual(['pay-url']);
    expect(screen.getByTestId('payment-status')).toHaveTextContent('Оплачено');
  });

  it('falls back to the remembered payment for a return URL without paymentId', () => {
    rememberPayment('k1', 'pay-stored');
    const asked = open('/statements/payment?key=k1');
    expect(asked).toEqual(['pay-stored']);
    expect(screen.getByTestId('payment-status')).toHaveTextContent('Оплата не прошла');
  });

  it('says the payment is unknown with neither', () => {
    const asked = open('/statements/payment?key=k1');
    expect(asked).toEqual([]);
    expect(screen.getByText('Не нашли этот платёж')).toBeInTheDocument();
  });
});
