import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import { Bars } from './Bars';

describe('Bars', () => {
  it('says every value in text, with the same figures as a table', () => {
    render(
      <Bars
        id="c"
        title="Заявления по каналам подачи"
        labelColumn="Канал"
        valueColumn="Количество"
        columns={['Доля']}
        rows={[
          { key: 'PORTAL', label: 'Портал', value: 3, display: '3', extra: ['75 %'] },
          { key: 'IN_PERSON', label: 'Лично в ведомстве', value: 1, display: '1', extra: ['25 %'] },
        ]}
      />,
    );
    const section = screen.getByRole('region', { name: 'Заявления по каналам подачи' });
    const items = within(section).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['Портал3', 'Лично в ведомстве1']);
    // The bar is decoration, sized against the largest value.
    const fills = section.querySelectorAll<HTMLElement>('.bar-fill');
    expect(fills[0]!.style.width).toBe('100%');
    expect(fills[1]!.style.width).toBe('33%');
    expect(section.querySelector('.bar-track')).toHaveAttribute('aria-hidden', 'true');
    const table = within(section).getByRole('table', { hidden: true });
    expect(within(table).getByRole('rowheader', { name: 'Портал', hidden: true }).closest('tr')).toHaveTextContent('Портал375 %');
  });

  it('says when there is nothing', () => {
    render(<Bars id="e" title="Оценки по услугам" labelColumn="Услуга" valueColumn="Средняя оценка" rows={[]} />);
    expect(screen.getByText('Нет данных за период')).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
