import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { loadAllNamespaces } from './src/lib/i18n';

await loadAllNamespaces();

afterEach(() => {
  cleanup();
  localStorage.clear();
});
