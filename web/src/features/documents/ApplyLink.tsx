import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ApplyLinkFormDocument } from './applications.generated';

/** "Apply" on a service's page, shown when the service has an online form. */
export function ApplyLink({ serviceCode }: { serviceCode: string }) {
  // Never suspends the service page for its one text: shown once it is there.
  const { t, ready } = useTranslation('documents', { useSuspense: false });
  const [{ data }] = useQuery({ query: ApplyLinkFormDocument, variables: { serviceCode } });
  if (!data?.applicationForm || !ready) return null;
  return (
    <p>
      <Link className="button button-primary" to={`/documents/apply/${encodeURIComponent(serviceCode)}`}>
        {t('apply.submit')}
      </Link>
    </p>
  );
}
