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
};
const access = { __typename: 'Service', id: service.id, access: { __typename: 'ServiceAccess', allowed: false, requiredTier: 'SIMPLIFIED', reason: null } };

/**
 * Answers the service and its access at once; the online form's answer
 * comes when the test sends it, and from then on at once (as from the cache).
 */
function fakeClient() {
  const form = makeSubject<unknown>();
  let formData: unknown;
  const answer = (operation: unknown, data: unknown) => fromValue({ operation, data, stale: false, hasNext: false });
  const executeQuery = (operation: { query: DocumentNode; variables: unknown }): Source<unknown> => {
    const def = operation.query.definitions[0];
    const name = def?.kind === 'OperationDefinition' ? def.name?.value : undefined;
    if (name === 'CatalogService') return answer(operation, { service });
    if (name === 'ServiceAccess') return answer(operation, { service: access });
    if (name === 'ApplyLinkForm') return formData ? answer(operation, formData) : form.source;
    return never;
  };
  const client = { executeQuery, suspense: false } as unknown as Client;
  const sendForm = (data: unknown) => {
    formData = data;
    form.next({ operation: {}, data, stale: false, hasNext: false });
  };
  return { client, sendForm };
}

describe('a service page', () => {
  it('shows whole, once the online form has answered too: "Apply" does not push the page down later', async () => {
    const { client, sendForm } = fakeClient();
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

    await act(async () => sendForm({ applicationForm: { __typename: 'ApplicationForm', serviceCode: service.code } }));
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

    const { client, sendForm } = fakeClient();
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
    await act(async () => sendForm({ applicationForm: null }));
  });
});
