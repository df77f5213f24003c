import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { Provider, type Client } from 'urql';
import { never } from 'wonka';
import CatalogHome from './CatalogHome';

/** The address as the app sees it, to check what the search keeps there. */
function Address() {
  const { search } = useLocation();
  return <output data-testid="address">{search}</output>;
}

function open() {
  // The catalog's lists never answer: only the search box is under test.
  const client = { executeQuery: () => never, suspense: false } as unknown as Client;
  render(
    <Provider value={client}>
      <MemoryRouter initialEntries={['/']}>
        <Routes>
          <Route
            index
            element={
              <>
                <CatalogHome />
                <Address />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </Provider>,
  );
  return screen.getByRole('searchbox', { name: 'Поиск услуг' });
}

describe('the catalog search box', () => {
  it('keeps what is typed in the address; Escape clears it', async () => {
    const user = userEvent.setup();
    const search = open();
    await user.type(search, 'паспорт');
    expect(search).toHaveValue('паспорт');
    expect(screen.getByTestId('address')).toHaveTextContent('q=');
    await user.keyboard('{Escape}');
    expect(search).toHaveValue('');
    expect(screen.getByTestId('address')).toBeEmptyDOMElement();
  });

  it('the clear button empties it and leaves the focus in it, outside the tab order', async () => {
    const user = userEvent.setup();
    const search = open();
    expect(screen.queryByRole('button', { name: 'Закрыть' })).not.toBeInTheDocument();
    await user.type(search, 'загранпаспорт');
    const clear = screen.getByRole('button', { name: 'Закрыть' });
    expect(clear).toHaveAttribute('tabindex', '-1');
    await user.click(clear);
    expect(search).toHaveValue('');
    expect(search).toHaveFocus();
    expect(screen.queryByRole('button', { name: 'Закрыть' })).not.toBeInTheDocument();
  });
});
