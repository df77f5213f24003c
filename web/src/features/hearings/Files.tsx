import { useTranslation } from 'react-i18next';
import type { HearingFileFragment } from './hearings.generated';
import { fileType, formatSize } from './format';

/** Download links (signed, valid 5 minutes: the page reads them fresh). */
export function FileList({ files, label }: { files: readonly HearingFileFragment[]; label: string }) {
  const { t, i18n } = useTranslation('hearings');
  return (
    <ul className="hearing-files" aria-label={label}>
      {files.map((f) => (
        <li key={f.url}>
          <a href={f.url} download={f.name} aria-label={t('download', { name: f.name })}>
            {f.name}
          </a>{' '}
          <span className="note">{t('fileMeta', { type: fileType(f.contentType), size: formatSize(f.size, i18n.language) })}</span>
        </li>
      ))}
    </ul>
  );
}
