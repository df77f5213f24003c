import { useTranslation } from 'react-i18next';

export interface FileItem {
  name: string;
  contentType: string;
  size: number;
  url: string;
}

function kind(contentType: string): string {
  if (contentType === 'application/pdf') return 'PDF';
  if (contentType === 'image/jpeg') return 'JPEG';
  if (contentType === 'image/png') return 'PNG';
  return contentType;
}

export function formatSize(bytes: number, lang: string): string {
  const ru = lang !== 'en';
  if (bytes < 1024) return `${bytes} ${ru ? 'Б' : 'B'}`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} ${ru ? 'КБ' : 'KB'}`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ru ? ',' : '.')} ${ru ? 'МБ' : 'MB'}`;
}

/** Download links of a hearing's materials or a proposal's attachments. */
export function Files({ files }: { files: readonly FileItem[] }) {
  const { t, i18n } = useTranslation('municipal');
  return (
    <ul className="muni-files">
      {files.map((f, i) => (
        <li key={`${f.name}-${i}`}>
          <a href={f.url} download={f.name} aria-label={t('download', { name: f.name })}>
            {f.name}
          </a>{' '}
          <span className="note">
            ({kind(f.contentType)}, {formatSize(f.size, i18n.language)})
          </span>
        </li>
      ))}
    </ul>
  );
}
