import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Provider, type Client } from 'urql';
import type { OperatorConsentFragment } from './operator.generated';
import { CONSENT_POLL_MS, useConsentStatus } from './useConsent';

const pending: OperatorConsentFragment = {
  __typename: 'DuplicateConsent',
  id: 'c1',
  status: 'PENDING',
  documentType: 'PASSPORT',
  expiresAt: '2026-11-27T10:10:00Z',
  paper: false,
};

/** A client whose duplicateConsent answers are given in turn (the last one repeats). */
function fakeClient(...answers: (Partial<OperatorConsentFragment> | null)[]) {
  let i = 0;
  const query = vi.fn(() => {
    const a = answers[Math.min(i++, answers.length - 1)];
    return { toPromise: () => Promise.resolve({ data: { duplicateConsent: a && { ...pending, ...a } } }) };
  });
  return { client: { query } as unknown as Client, query };
}

function render(client: Client, consent: OperatorConsentFragment | null, onChange = vi.fn()) {
  const wrapper = ({ children }: { children: ReactNode }) => <Provider value={client}>{children}</Provider>;
  return { onChange, ...renderHook(({ c }) => useConsentStatus(c, onChange), { wrapper, initialProps: { c: consent } }) };
}

async function tick(ms = CONSENT_POLL_MS) {
  await act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
}

describe('useConsentStatus', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-27T10:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('asks the API every few seconds, from the network, until the citizen answers', async () => {
    const { client, query } = fakeClient({ status: 'PENDING' }, { status: 'ACCEPTED' });
    const { result, onChange, rerender } = render(client, pending);
    expect(result.current).toEqual({ status: 'PENDING', secondsLeft: 600 });
    await tick();
    expect(query).toHaveBeenCalledTimes(1);
    expect(query).toHaveBeenCalledWith(expect.anything(), { id: 'c1' }, { requestPolicy: 'network-only' });
    expect(onChange).not.toHaveBeenCalled();
    await tick();
    expect(onChange).toHaveBeenCalledWith({ ...pending, status: 'ACCEPTED' });
    rerender({ c: { ...pending, status: 'ACCEPTED' } });
    expect(result.current.status).toBe('ACCEPTED');
    await tick(CONSENT_POLL_MS * 3);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('reports a refusal', async () => {
    const { client } = fakeClient({ status: 'REFUSED' });
    const { onChange } = render(client, pending);
    await tick();
    expect(onChange).toHaveBeenCalledWith({ ...pending, status: 'REFUSED' });
  });

  it('keeps waiting when the API has no such consent for this centre', async () => {
    const { client, query } = fakeClient(null);
    const { onChange } = render(client, pending);
    await tick(CONSENT_POLL_MS * 2);
    expect(query).toHaveBeenCalledTimes(2);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('stops once the time to answer is out', async () => {
    const { client, query } = fakeClient({ status: 'PENDING' });
    const { result } = render(client, { ...pending, expiresAt: '2026-11-27T10:00:06Z' });
    await tick(10_000);
    expect(result.current).toEqual({ status: 'EXPIRED', secondsLeft: 0 });
    const calls = query.mock.calls.length;
    await tick(CONSENT_POLL_MS * 3);
    expect(query).toHaveBeenCalledTimes(calls);
  });

  it('stops when the screen is gone', async () => {
    const { client, query } = fakeClient({ status: 'PENDING' });
    const { unmount } = render(client, pending);
    unmount();
    await tick(CONSENT_POLL_MS * 3);
    expect(query).not.toHaveBeenCalled();
  });

  it('does not ask for an answered consent', async () => {
    const { client, query } = fakeClient({ status: 'ACCEPTED' });
    const { result } = render(client, { ...pending, status: 'ACCEPTED', paper: true });
    await tick(CONSENT_POLL_MS * 2);
    expect(result.current.status).toBe('ACCEPTED');
    expect(query).not.toHaveBeenCalled();
  });
});
