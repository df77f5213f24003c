import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { CatalogFacetsDocument } from './catalog.generated';
import type { Audience, ServiceFilter } from '../../gql/types';
import { useRegion } from './region';
import { RegionPicker } from './RegionPicker';
import { ServicesConnection } from './ServicesConnection';
import { Loading } from '../../lib/ui/StateViews';
import NotFound from '../../lib/ui/NotFound';

/** Services of a category (/category/:id), a department (/department/:id) or a life situation (/situation/:id). */
export default function ServiceList() {
  const { t } = useTranslation('catalog');
  const { id = '' } = useParams();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const [region] = useRegion();
  const kind = pathname.split('/')[1];
  const [{ data, fetching }] = useQuery({ query: CatalogFacetsDocument });
  if (!data && fetching) return <Loading />;
  let title: string | undefined;
  let description: string | undefined;
  let filter: ServiceFilter;
  if (kind === 'category') {
    title = data?.categories.find((c) => c.id === id)?.name;
    const audience = params.get('for') as Audience | null;
    filter = { categoryId: id, ...(audience === 'LEGAL_ENTITY' || audience === 'INDIVIDUAL' ? { audience } : {}) };
  } else if (kind === 'department') {
    title = data?.departments.find((d) => d.id === id)?.name;
    filter = { departmentId: id };
  } else {
    const s = data?.lifeSituations.find((d) => d.id === id);
    title = s?.name;
    description = s?.description;
    filter = { lifeSituationId: id };
  }
  if (data && !title) return <NotFound />;
  return (
    <div className="page">
      <nav aria-label={t('backToCatalog')} className="breadcrumbs">
        <Link to="/">{t('backToCatalog')}</Link>
      </nav>
      <h1 id="page-title">{title}</h1>
      {description && <p className="lead">{description}</p>}
      <RegionPicker />
      <section aria-labelledby="list-title" className="section">
        <h2 id="list-title">{t('services')}</h2>
        <ServicesConnection filter={filter} regionCode={region} labelledBy="list-title" />
      </section>
    </div>
  );
}
