import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import type { CombinedError } from '@urql/core';
import { ErrorState, Loading } from '../../lib/ui/StateViews';
import type { NextPage } from './useConnectionPages';

/** A page of a table that has not answered yet: loading, or its error with a retry. */
export function PagePending({
  colSpan,
  fetching,
  error,
  retry,
}: {
  colSpan: number;
  fetching: boolean;
  error: CombinedError | undefined;
  retry: () => void;
}) {
  return (
    <tbody>
      <tr>
        <td colSpan={colSpan}>{error && !fetching ? <ErrorState error={error} onRetry={retry} /> : <Loading />}</td>
      </tr>
    </tbody>
  );
}

/** "Show more": asks for the page after the last one; waits while the last page is fetched. */
export function ShowMore({
  next,
  onMore,
  className,
  children,
}: {
  next: NextPage | null;
  onMore: (cursor: string) => void;
  className: string;
  children: ReactNode;
}) {
  const cursor = next?.hasNext ? next.endCursor : null;
  if (!cursor) return null;
  return (
    <Button className={className} isDisabled={next?.fetching} onPress={() => onMore(cursor)}>
      {children}
    </Button>
  );
}
