import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ServiceCardFragment } from './catalog.generated';
import { Icon } from '../../lib/ui/icons';

interface Props {
  service: ServiceCardFragment & { availability?: { available: boolean; reason: string | null } | null };
}

/** A service in a list: name, department, level, fee; marked when not offered in the region. */
export function ServiceCard({ service }: Props) {
  const { t } = useTranslation('catalog');
  const unavailable = service.availability && !service.availability.available;
  return (
    <li className={`service-card${unavailable ? ' service-card-unavailable' : ''}`}>
      <Link to={`/service/${encodeURIComponent(service.id)}`} className="service-card-link">
        <span className="service-card-name">{service.name}</span>
        <span className="service-card-meta">
          {service.department.shortName} · {t(`level.${service.level}`)}
          {service.fee.kopecks > 0 ? ` · ${service.fee.formatted}` : ''}
        </span>
        {unavailable && <span className="service-card-note">{t('unavailableHere')}</span>}
      </Link>
      <Icon name="chevron" size={20} />
    </li>
  );
}
