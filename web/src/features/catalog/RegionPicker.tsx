import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { CatalogRegionsDocument } from './catalog.generated';
import { useRegion } from './region';
import { Icon } from '../../lib/ui/icons';

// The combobox and its dialog load on first use: they are not needed to
// show the first screen.
const RegionDialog = lazy(() => import('./RegionDialog'));

/**
 * The region picker: a button naming the chosen region that opens a dialog
 * with a combobox of the 85 federal subjects; the choice is kept.
 */
export function RegionPicker({ describe = true }: { describe?: boolean }) {
  const { t } = useTranslation('catalog');
  const [region] = useRegion();
  const name = useRegionName(region) ?? t('allRegions');
  const [open, setOpen] = useState(false);
  return (
    <div className="field region-picker">
      <span className="field-label" id="region-label">
        {t('region')}
      </span>
      <button
        type="button"
        className="region-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-labelledby="region-label region-value region-change"
        aria-describedby={describe ? 'region-hint' : undefined}
        onClick={() => setOpen(true)}
      >
        <Icon name="pin" size={20} />
        <span id="region-value">{name}</span>{' '}
        {/* Part of the name: what the button shows is what it is called (WCAG 2.5.3). */}
        <span className="region-change" id="region-change">
          {t('change')}
        </span>
      </button>
      {describe && (
        <span className="field-description" id="region-hint">
          {t('regionHint')}
        </span>
      )}
      {open && (
        <Suspense fallback={null}>
          <RegionDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}

/** The chosen region's name, for texts (the list of regions is asked for only when one is chosen). */
export function useRegionName(code: string | null): string | null {
  const [{ data }] = useQuery({ query: CatalogRegionsDocument, pause: !code });
  if (!code) return null;
  return data?.regions.find((r) => r.code === code)?.name ?? code;
}
