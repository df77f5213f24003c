import { describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { Provider, type Client } from 'urql';
import { fromValue, makeSubject, never, type Source } from 'wonka';
import type { DocumentNode } from 'graphql';
import ServicePage from './ServicePage';
import { capturePrerenderedService } from './prerendered';

const service = {
  __typename: 'Service',
  id: 'U2VydmljZTox',
  code: 'gibdd_fines',
  name: 'Проверка и оплата штрафов ГИБДД',
  description: 'Проверка неоплаченных штрафов и их оплата онлайн.',
  level: 'FEDERAL',
  mode: 'ONLINE',
  audiences: ['INDIVIDUAL'],
  minTier: 'SIMPLIFIED',
  excludesMailConfirmation: false,
  forChildren: false,
  fee: { __typename: 'Money', kopecks: 0, formatted: '0 ₽' },
  feeNote: null,
  processingDays: 0,
  department: { __typename: 'Department', id: 'd1', name: 'Госавтоинспекция', shortName: 'ГИБДД' },
  categories: [],
  lifeSituations: [],
  regions: [],
  applicationForm: { __typename: 'ApplicationForm', serviceCode: 'gibdd_fines' },
};
const access = { __typename: 'Service', id: service.id, access: { __typename: 'ServiceAccess', allowed: false, requiredTier: 'SIMPLIFIED', reason: null } };

/**
 * Answers the service (with its online form) at once; the access comes when
 * the test sends it, and from then on at once (as from the cache).
 */
function fakeClient() {
  const accessAnswer = makeSubject<unknown>();
  let accessData: unknown;
  const answer = (operation: unknown, data: unknown) => fromValue({ operation, data, stale: false, hasNext: false });
  const executeQuery = (operation: { query: DocumentNode; variables: unknown }): Source<unknown> => {
    const def = operation.query.definitions[0];
    const name = def?.kind === 'OperationDefinition' ? def.name?.value : undefined;
    if (name === 'CatalogService') return answer(operation, { service });
    if (name === 'ServiceAccess') return accessData ? answer(operation, accessData) : accessAnswer.source;
    return never;
  };
  const client = { executeQuery, suspense: false } as unknown as Client;
  const sendAccess = (data: unknown) => {
    accessData = data;
    accessAnswer.next({ operation: {}, data, stale: false, hasNext: false });
  };
  return { client, sendAccess };
}

describe('a service page', () => {
  it('shows whole, once the access has answered too: nothing pushes the page down later', async () => {
    const { client, sendAccess } = fakeClient();
    render(
      <Provider value={client}>
        <MemoryRouter initialEntries={[`/service/${service.id}`]}>
          <Routes>
            <Route path="/service/:id" element={<ServicePage />} />
          </Routes>
        </MemoryRouter>
      </Provider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Загрузка');
    expect(screen.queryByRole('heading', { level: 1 })).not.toBeInTheDocument();

    await act(async () => sendAccess({ service: access }));
    expect(await screen.findByRole('heading', { level: 1, name: service.name })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Подать заявление' })).toHaveAttribute('href', '/documents/apply/gibdd_fines');
    expect(screen.getByText('Чтобы получить услугу, войдите или зарегистрируйтесь')).toBeInTheDocument();
  });

  it('opened on it, keeps the heading the server sent while the rest loads, and only for that service', async () => {
    // index.html's frame as server/webapp.go fills it on /service/{id}.
    const frame = document.createElement('div');
    frame.id = 'root';
    frame.innerHTML =
      `<article class="page service-page" data-prerendered="${service.id}"><nav class="breadcrumbs">` +
      `<a href="/">Каталог услуг</a> / <a href="/category/Q2F0ZWdvcnk6Ng">Транспорт</a></nav>` +
      `<h1 id="page-title">${service.name}</h1><p class="lead">${service.description}</p></article>`;
    document.body.append(frame);
    capturePrerenderedService();
    frame.remove();

    const { client, sendAccess } = fakeClient();
    const page = (id: string) => (
      <Provider value={client}>
        <MemoryRouter initialEntries={[`/service/${id}`]}>
          <Routes>
            <Route path="/service/:id" element={<ServicePage />} />
          </Routes>
        </MemoryRouter>
      </Provider>
    );
    const { unmount } = render(page(service.id));
    expect(screen.getByRole('heading', { level: 1, name: service.name })).toBeInTheDocument();
    expect(screen.getByText(service.description)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Транспорт' })).toHaveAttribute('href', '/category/Q2F0ZWdvcnk6Ng');
    expect(screen.getByRole('status')).toHaveTextContent('Загрузка');
    unmount();

    render(page('U2VydmljZToy'));
    expect(screen.queryByRole('heading', { level: 1 })).not.toBeInTheDocument();
    await act(async () => sendAccess({ service: null }));
  });
});
