import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function ErrorView() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title">{t('common:state.error')}</h1>
      <p role="alert">{t('common:errors.INTERNAL')}</p>
      <p>
        {/* a full load: a chunk missing after a deploy comes back fresh */}
        <a href="/">{t('common:state.toCatalog')}</a>
      </p>
    </section>
  );
}

/** Catches a screen that threw or failed to load; reset when the route changes (key). */
export class RouteErrorBoundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  componentDidCatch(error: unknown) {
    if (import.meta.env.DEV) console.error(error);
  }
  render() {
    return this.state.error ? <ErrorView /> : this.props.children;
  }
}
