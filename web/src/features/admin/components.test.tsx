import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChangeSummary } from './ChangeSummary';
import { CheckboxGroup, PageRows } from './common';

describe('ChangeSummary', () => {
  it('shows each field old → new, the fee in roubles', () => {
    render(
      <ChangeSummary
        change={{
          fields: [
            { __typename: 'CatalogFieldChange', field: 'feeKopecks', old: '150000', new: '250050' },
            { __typename: 'CatalogFieldChange', field: 'nameEn', old: null, new: 'Passport' },
          ],
        }}
      />,
    );
    const items = screen.getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(/Пошлина:\s*было 1500 ₽\s*→\s*стало 2500,50 ₽/);
    expect(items[1]).toHaveTextContent(/Название \(англ\.\):\s*было —\s*→\s*стало Passport/);
  });
});

describe('CheckboxGroup', () => {
  it('keeps the options’ order and ties the error to the group', async () => {
    const onChange = vi.fn();
    render(
      <CheckboxGroup
        legend="Регионы"
        name="regionCodes"
        values={['77']}
        onChange={onChange}
        options={[
          { value: '16', label: 'Татарстан' },
          { value: '77', label: 'Москва' },
        ]}
        error="Нет регионов с кодами: 99"
      />,
    );
    const group = screen.getByRole('group', { name: 'Регионы' });
    expect(group).toHaveAccessibleDescription('Нет регионов с кодами: 99');
    await userEvent.click(within(group).getByRole('checkbox', { name: 'Татарстан' }));
    expect(onChange).toHaveBeenCalledWith(['16', '77']);
  });
});

describe('PageRows', () => {
  const page = { index: 0, isLast: true, more: vi.fn() };
  const query = { fetching: false, error: undefined, retry: () => {}, bodyRef: { current: null } };
  const conn = {
    totalCount: 30,
    pageInfo: { hasNextPage: true, endCursor: 'c20' },
    edges: Array.from({ length: 20 }, (_, i) => ({ cursor: `c${i + 1}`, node: { id: String(i + 1) } })),
  };
  it('counts what is shown and asks for the next page', async () => {
    render(
      <table>
        <PageRows page={page} conn={conn} {...query} colSpan={1} empty="Пусто" row={(n) => <tr key={n.id}><td>{n.id}</td></tr>} />
      </table>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Показано 20 из 30');
    await userEvent.click(screen.getByRole('button', { name: 'Показать ещё' }));
    expect(page.more).toHaveBeenCalledWith('c20');
  });
  it('says when there is nothing', () => {
    render(
      <table>
        <PageRows page={page} conn={{ totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] }} {...query} colSpan={1} empty="Событий нет" row={() => null} />
      </table>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Событий нет');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
