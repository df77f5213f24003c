import { describe, expect, it, vi } from 'vitest';
import { act, render, renderHook, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import type { TypedDocumentNode } from '@urql/core';
import { parse } from 'graphql';
import { ShowMore } from './Paging';
import { useConnectionPage, useConnectionPages, type Connection, type NextPage, type PageSlot } from './useConnectionPages';

const idle = (endCursor: string | null, hasNext = true): NextPage => ({ hasNext, endCursor, fetching: false });

describe('useConnectionPages', () => {
  it('starts with the first page and adds one per cursor, each once', () => {
    const { result } = renderHook(() => useConnectionPages('a'));
    expect(result.current.pages.map((p) => [p.after, p.index, p.isLast])).toEqual([[null, 0, true]]);
    act(() => result.current.more('c20'));
    act(() => result.current.more('c20'));
    expect(result.current.pages.map((p) => [p.after, p.index, p.isLast])).toEqual([
      [null, 0, false],
      ['c20', 1, true],
    ]);
    expect(new Set(result.current.pages.map((p) => p.key)).size).toBe(2);
  });

  it('takes the total from the first page and the next page from the last one', () => {
    const { result } = renderHook(() => useConnectionPages());
    act(() => result.current.pages[0]!.report(0, true, 30, idle('c20')));
    expect(result.current.total).toBe(30);
    expect(result.current.next).toEqual(idle('c20'));
    act(() => result.current.more('c20'));
    // A page that is no longer the last one does not speak for the next; only the first gives the total.
    act(() => result.current.pages[1]!.report(0, false, 31, idle('stale')));
    act(() => result.current.pages[1]!.report(1, true, 99, idle('c30', false)));
    expect(result.current.total).toBe(31);
    expect(result.current.next).toEqual(idle('c30', false));
  });

  it('starts again from the first page when the key changes, ignoring the old pages', () => {
    const { result, rerender } = renderHook(({ k }) => useConnectionPages(k), { initialProps: { k: 'OPEN' } });
    const old = result.current.pages[0]!;
    act(() => old.report(0, true, 5, idle('c5')));
    act(() => result.current.more('c5'));
    rerender({ k: 'DRAFT' });
    expect(result.current.pages.map((p) => p.after)).toEqual([null]);
    expect(result.current.total).toBeNull();
    expect(result.current.next).toBeNull();
    act(() => old.report(0, true, 5, idle('c5')));
    act(() => old.more('c5'));
    expect(result.current.total).toBeNull();
    expect(result.current.pages).toHaveLength(1);
  });
});

type Row = { id: string };
type Data = { rows: Connection<Row> };
const query = parse('query Rows($first: Int, $after: String) { rows(first: $first, after: $after) { totalCount } }') as TypedDocumentNode<
  Data,
  { first?: number; after?: string | null }
>;

/** Pages of two rows, four rows in all, answered at once. */
function fakeClient() {
  const executeQuery = vi.fn(({ variables }: { variables: { first: number; after: string | null } }) => {
    const from = variables.after ? Number(variables.after) : 0;
    const ids = [from + 1, from + 2].filter((n) => n <= 4);
    const rows: Connection<Row> = {
      totalCount: 4,
      pageInfo: { hasNextPage: from + 2 < 4, endCursor: String(from + 2) },
      edges: ids.map((n) => ({ cursor: String(n), node: { id: `r${n}` } })),
    };
    return fromValue({ operation: { variables }, data: { rows }, stale: false, hasNext: false });
  });
  return { client: { executeQuery, suspense: false } as unknown as Client, executeQuery };
}

function Page({ page }: { page: PageSlot }) {
  const { conn, bodyRef } = useConnectionPage({ slot: page, query, variables: {}, size: 2, pick: (d) => d.rows, focus: 'a' });
  return (
    <tbody ref={bodyRef}>
      {conn?.edges.map(({ node }) => (
        <tr key={node.id}>
          <td>
            <a href={`#${node.id}`}>{node.id}</a>
          </td>
        </tr>
      ))}
    </tbody>
  );
}

function List() {
  const list = useConnectionPages();
  return (
    <>
      <p>{list.total}</p>
      <table>
        {list.pages.map((p) => (
          <Page key={p.key} page={p} />
        ))}
      </table>
      <ShowMore next={list.next} onMore={list.more} className="more">
        Показать ещё
      </ShowMore>
    </>
  );
}

describe('useConnectionPage', () => {
  it('asks for each page after the last cursor and moves the focus to the new rows', async () => {
    const { client, executeQuery } = fakeClient();
    render(
      <Provider value={client}>
        <List />
      </Provider>,
    );
    expect(await screen.findByText('4')).toBeInTheDocument();
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['r1', 'r2']);
    await userEvent.click(screen.getByRole('button', { name: 'Показать ещё' }));
    expect(screen.getAllByRole('link').map((a) => a.textContent)).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(screen.getByRole('link', { name: 'r3' })).toHaveFocus();
    // The link keeps its place in the tab order.
    expect(screen.getByRole('link', { name: 'r3' })).not.toHaveAttribute('tabindex');
    expect(screen.queryByRole('button')).toBeNull();
    const asked = executeQuery.mock.calls.map(([op]) => op.variables);
    expect(asked).toContainEqual({ first: 2, after: null });
    expect(asked).toContainEqual({ first: 2, after: '2' });
    // Rendering React Aria takes seconds on a loaded machine (the default timeout is 5 s).
  }, 20_000);
});
