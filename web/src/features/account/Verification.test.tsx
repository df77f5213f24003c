import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { Provider } from 'urql';
import type { Client as WSClient, Sink } from 'graphql-ws';
import { createClient } from '../../lib/client/client';
import { clearSession, refreshSession, resetSessionForTests } from '../../lib/auth/session';
import { signInForTests } from '../../lib/auth/testing';
import type { VerificationFieldsFragment } from './accountMore.generated';
import { useLiveVerification, VerificationProgress } from './Verification';

// The session refresh is what makes the new tier show: only whether it is asked for matters here.
vi.mock('../../lib/auth/session', async (original) => ({
  ...(await original<typeof import('../../lib/auth/session')>()),
  refreshSession: vi.fn(() => Promise.resolve(true)),
}));

type V = VerificationFieldsFragment;

function verification(id: string, startedAt: string, status: V['status'], sfr: string, mvd: string): V {
  return {
    __typename: 'Verification',
    id,
    status,
    startedAt,
    finishedAt: null,
    message: null,
    checks: [
      { __typename: 'AgencyCheck', agency: 'SFR', state: sfr as V['checks'][number]['state'], message: null, answeredAt: null },
      { __typename: 'AgencyCheck', agency: 'MVD', state: mvd as V['checks'][number]['state'], message: null, answeredAt: null },
    ],
  };
}

const running = verification('v1', '2026-11-27T10:00:00Z', 'RUNNING', 'PENDING', 'NOT_STARTED');

/**
 * The app's own client (Graphcache, the subscription exchange) over a
 * graphql-ws client whose messages the test sends, and a fetch that answers
 * the verification query and counts how often it is asked.
 */
function setup(first: V | null = running) {
  const sinks: Sink[] = [];
  const unsubscribed = vi.fn();
  const subscribe = vi.fn((_payload: unknown, sink: Sink) => {
    sinks.push(sink);
    return unsubscribed;
  });
  const socket = { subscribe } as unknown as WSClient;
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const op = new URL(url, 'http://localhost').searchParams.get('operationName') ?? JSON.parse(String(init?.body ?? '{}')).operationName;
    expect(op).toBe('AccountVerification');
    return new Response(JSON.stringify({ data: { verification: first } }), { headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  const client = createClient(() => Promise.resolve(socket));
  function Screen() {
    const { verification: v, live, retry } = useLiveVerification(null);
    return v ? <VerificationProgress verification={v} live={live} onRetry={retry} /> : <p>none</p>;
  }
  render(
    <Provider value={client}>
      <Screen />
    </Provider>,
  );
  const push = (v: V) => act(() => sinks.at(-1)!.next({ data: { verificationUpdated: v } }));
  return { fetch, subscribe, unsubscribed, sinks, push };
}

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  act(() => void window.dispatchEvent(new Event(online ? 'online' : 'offline')));
}

function check(agency: string) {
  return screen.getByTestId(`check-${agency}`);
}

beforeEach(() => {
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'setInterval', 'Date'] });
  vi.setSystemTime(new Date('2026-11-27T10:00:05Z'));
  signInForTests('SIMPLIFIED', 3_600_000);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.mocked(refreshSession).mockClear();
  setOnline(true);
  clearSession();
  resetSessionForTests();
});

describe('useLiveVerification', () => {
  it('shows each agency as the subscription reports it, without asking again', async () => {
    const { fetch, subscribe, push } = setup();
    expect(await screen.findByTestId('verification-status')).toHaveTextContent('Данные проверяются.');
    expect(check('SFR')).toHaveAttribute('data-state', 'PENDING');
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(screen.getByText(/Страница обновится сама/)).toBeInTheDocument();

    push(verification('v1', running.startedAt, 'RUNNING', 'CONFIRMED', 'PENDING'));
    expect(check('SFR')).toHaveAttribute('data-state', 'CONFIRMED');
    expect(check('SFR')).toHaveTextContent('подтверждено');
    expect(check('MVD')).toHaveAttribute('data-state', 'PENDING');
    expect(refreshSession).not.toHaveBeenCalled();

    push(verification('v1', running.startedAt, 'SUCCEEDED', 'CONFIRMED', 'CONFIRMED'));
    expect(screen.getByTestId('verification-status')).toHaveTextContent('Данные проверены.');
    expect(check('MVD')).toHaveAttribute('data-state', 'CONFIRMED');
    // The new tier: the session is read again once.
    expect(refreshSession).toHaveBeenCalledTimes(1);

    // No polling: a minute later the query was still asked once.
    await act(async () => void (await vi.advanceTimersByTimeAsync(60_000)));
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('follows a verification started after the page was opened', async () => {
    const { push } = setup(verification('v1', '2026-11-20T10:00:00Z', 'FAILED', 'REJECTED', 'CONFIRMED'));
    expect(await screen.findByTestId('verification-status')).toHaveTextContent('Проверка не пройдена.');
    push(verification('v2', '2026-11-27T10:00:00Z', 'RUNNING', 'PENDING', 'PENDING'));
    expect(screen.getByTestId('verification-status')).toHaveTextContent('Данные проверяются.');
    expect(check('SFR')).toHaveAttribute('data-state', 'PENDING');
  });

  it('shows the first verification the subscription sends when there was none', async () => {
    const { push } = setup(null);
    expect(await screen.findByText('none')).toBeInTheDocument();
    push(running);
    expect(screen.getByTestId('verification-status')).toHaveTextContent('Данные проверяются.');
  });

  it('waits offline and subscribes again when the connection is back', async () => {
    const { subscribe, unsubscribed, push } = setup();
    await screen.findByTestId('verification-status');
    setOnline(false);
    expect(unsubscribed).toHaveBeenCalled();
    expect(screen.getByTestId('verification-live')).toHaveTextContent('Нет связи');
    setOnline(true);
    await vi.waitFor(() => expect(subscribe).toHaveBeenCalledTimes(2));
    expect(screen.queryByTestId('verification-live')).toBeNull();
    // The new subscription's first message is the verification as it is now.
    push(verification('v1', running.startedAt, 'RUNNING', 'CONFIRMED', 'PENDING'));
    expect(check('SFR')).toHaveAttribute('data-state', 'CONFIRMED');
  });

  it('says when live updates failed and subscribes again on retry', async () => {
    const { subscribe, sinks, push } = setup();
    await screen.findByTestId('verification-status');
    act(() => sinks[0]!.error(new Error('the socket closed')));
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Не удалось подключиться для обновлений');
    fireEvent.click(within(alert).getByRole('button', { name: 'Повторить' }));
    await vi.waitFor(() => expect(subscribe).toHaveBeenCalledTimes(2));
    push(verification('v1', running.startedAt, 'RUNNING', 'CONFIRMED', 'PENDING'));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(check('SFR')).toHaveAttribute('data-state', 'CONFIRMED');
  });
});
