import { describe, expect, it } from 'vitest';
import { Client, gql, makeResult, type Exchange } from '@urql/core';
import { delay, filter, map, pipe } from 'wonka';
import { createCache } from './cache';

const Services = gql`
  query Services($query: String) {
    services(filter: { query: $query }, first: 20) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const ServicePage = gql`
  query ServicePage($id: ID!) {
    service(id: $id) {
      id
      code
      name
      department {
        id
        shortName
      }
    }
  }
`;
const Refs = gql`
  query Refs {
    departments {
      id
      code
      name
    }
    regions {
      id
      code
      name
    }
  }
`;
const Notifications = gql`
  query Unread {
    unreadNotificationCount
  }
`;
const SaveService = gql`
  mutation SaveService($input: ServiceAdminInput!) {
    saveService(input: $input) {
      change {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;
const SaveDepartment = gql`
  mutation SaveDepartment($input: DepartmentAdminInput!) {
    saveDepartment(input: $input) {
      change {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

const department = { __typename: 'Department', id: 'D1', code: 'mvd', name: 'МВД России', shortName: 'МВД' };
const passport = { __typename: 'Service', id: 'S1', code: 'passport', name: 'Паспорт', department };
const fishing = { __typename: 'Service', id: 'S2', code: 'fishing', name: 'Рыбалка', department };

/** What the fake API answers to each query. */
function answer(name: string, variables: { id?: string }) {
  switch (name) {
    case 'Services':
      return {
        services: {
          __typename: 'ServiceConnection',
          edges: [passport, fishing].map((node) => ({ __typename: 'ServiceEdge', cursor: node.id, node })),
          pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: 'S2' },
        },
      };
    case 'ServicePage':
      return { service: variables.id === 'S1' ? passport : fishing };
    case 'Refs':
      return { departments: [department], regions: [{ __typename: 'Region', id: 'R77', code: '77', name: 'Москва' }] };
    default:
      return { unreadNotificationCount: 0 };
  }
}

/** A client on the app's cache over a fake API; counts the requests that reach it, by operation. */
function setup() {
  const sent: string[] = [];
  let payload: { userErrors: unknown[]; change: unknown } = { userErrors: [], change: { __typename: 'CatalogChange', id: 'C1' } };
  const api: Exchange = () => (ops$) =>
    pipe(
      ops$,
      filter((op) => op.kind !== 'teardown'),
      map((op) => {
        const def = op.query.definitions[0];
        const name = def && 'name' in def ? (def.name?.value ?? '') : '';
        sent.push(name);
        const data =
          op.kind === 'mutation'
            ? { [name === 'SaveService' ? 'saveService' : 'saveDepartment']: { __typename: 'CatalogAdminPayload', ...payload } }
            : answer(name, op.variables as { id?: string });
        return makeResult(op, { data });
      }),
      // answers come later, as from the network
      delay(1),
    );
  const client = new Client({ url: '/graphql', exchanges: [createCache(), api], requestPolicy: 'cache-first' });
  const watch = (query: typeof Services, variables: object = {}) => client.query(query, variables).subscribe(() => undefined);
  const count = (name: string) => sent.filter((n) => n === name).length;
  const setPayload = (p: typeof payload) => (payload = p);
  return { client, watch, count, setPayload };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('catalog saves in the cache', () => {
  it('fetch again the lists, the saved service and the history, not the rest', async () => {
    const { client, watch, count } = setup();
    watch(Services, { query: 'паспорт' });
    watch(ServicePage, { id: 'S1' });
    watch(ServicePage, { id: 'S2' });
    watch(Refs);
    watch(Notifications);
    await settle();
    expect([count('Services'), count('ServicePage'), count('Refs'), count('Unread')]).toEqual([1, 2, 1, 1]);

    await client.mutation(SaveService, { input: { code: 'passport' } }).toPromise();
    await settle();
    expect(count('Services')).toBe(2);
    // the passport's page again; fishing's page stays as it was
    expect(count('ServicePage')).toBe(3);
    expect(count('Refs')).toBe(1);
    expect(count('Unread')).toBe(1);
  });

  it('fetch again what shows a saved department', async () => {
    const { client, watch, count } = setup();
    watch(ServicePage, { id: 'S1' });
    watch(Refs);
    await settle();
    await client.mutation(SaveDepartment, { input: { code: 'mvd' } }).toPromise();
    await settle();
    expect(count('Refs')).toBe(2);
    expect(count('ServicePage')).toBe(2);
  });

  it('leave the cache alone when the save was refused or changed nothing', async () => {
    const { client, watch, count, setPayload } = setup();
    watch(Services);
    watch(Refs);
    await settle();
    setPayload({ userErrors: [{ __typename: 'UserError', field: 'nameRu', message: 'Укажите название' }], change: null });
    await client.mutation(SaveService, { input: { code: 'passport' } }).toPromise();
    setPayload({ userErrors: [], change: null });
    await client.mutation(SaveDepartment, { input: { code: 'mvd' } }).toPromise();
    await settle();
    expect([count('Services'), count('Refs')]).toEqual([1, 1]);
  });
});
