import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { Timeline } from './Timeline';
import type { MunicipalHearingFullFragment } from './municipal.generated';

const base: MunicipalHearingFullFragment = {
  __typename: 'Hearing',
  id: 'h1',
  title: 'Проект бюджета',
  subject: 'BUDGET_DRAFT',
  subjectDetail: null,
  status: 'ANNOUNCED',
  municipalityOktmo: '92701000',
  opensAt: '2026-05-01T07:00:00Z',
  closesAt: '2026-05-10T15:00:00Z',
  closedAt: null,
  description: 'Описание',
  questions: [],
  territory: 'Весь город',
  territoryQuarters: [],
  organiser: 'Администрация',
  meetingAt: '2026-05-05T12:00:00Z',
  meetingPlace: 'Ратуша',
  announcedAt: '2026-04-20T09:00:00Z',
  earlyCloseReason: null,
  conclusion: null,
  protocolId: null,
  materials: [],
  stages: [
    { __typename: 'HearingStage', status: 'DRAFT', at: '2026-04-19T09:00:00Z', scheduled: false },
    { __typename: 'HearingStage', status: 'ANNOUNCED', at: '2026-04-20T09:00:00Z', scheduled: false },
  ],
  protocol: null,
};

const item = (key: string) => document.querySelector(`[data-step="${key}"]`) as HTMLElement;

describe('Timeline', () => {
  it('marks the stages reached, by whom, and the next one with its planned time (Moscow time)', () => {
    render(<Timeline hearing={base} now={Date.parse('2026-04-25T00:00:00Z')} />);
    expect(within(item('announced')).getByText(/сотрудником/)).toBeInTheDocument();
    expect(item('opens')).toHaveAttribute('aria-current', 'step');
    expect(item('opens')).toHaveTextContent('Запланировано на');
    expect(item('opens')).toHaveTextContent('10:00');
    expect(item('meeting')).toHaveTextContent('Ратуша');
    expect(item('results')).toHaveTextContent('После закрытия');
    expect(screen.getAllByText(/впереди/)).toHaveLength(3);
  });

  it('shows the scheduled opening and an early closing with its reason', () => {
    const h: MunicipalHearingFullFragment = {
      ...base,
      status: 'CLOSED',
      earlyCloseReason: 'Проект отозван',
      stages: [
        ...base.stages,
        { __typename: 'HearingStage', status: 'OPEN', at: '2026-05-01T07:00:01Z', scheduled: true },
        { __typename: 'HearingStage', status: 'CLOSED', at: '2026-05-03T08:00:00Z', scheduled: false },
      ],
    };
    render(<Timeline hearing={h} now={Date.parse('2026-05-03T09:00:00Z')} />);
    expect(item('opens')).toHaveTextContent('по расписанию');
    expect(item('closes')).toHaveTextContent('сотрудником');
    expect(item('closes')).toHaveTextContent('Закрыты досрочно: Проект отозван');
    expect(item('meeting')).toHaveTextContent('слушания закрыты раньше');
    expect(item('meeting')).not.toHaveAttribute('aria-current');
    expect(item('results')).toHaveAttribute('aria-current', 'step');
  });
});
