// User settings kept in localStorage: API base URL, WebSocket base, theme, refresh interval, default VM size.

export type Theme = 'light' | 'dark';

export interface Settings {
  apiBaseUrl: string;
  wsBaseUrl: string;
  theme: Theme;
  /** Fallback polling while the live event stream is down, in seconds. */
  refreshIntervalSec: number;
  defaultVcpu: number;
  defaultMemMib: number;
}

export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: '/api/proxy/v1',
  wsBaseUrl: '',
  theme: 'light',
  refreshIntervalSec: 30,
  defaultVcpu: 1,
  defaultMemMib: 256,
};

const KEY = 'nqvm.settings';
export const SETTINGS_EVENT = 'nqvm:settings';

export function loadSettings(): Settings {
  if (typeof window === 'undefined') return DEFAULT_SETTINGS;
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return DEFAULT_SETTINGS;
    return { ...DEFAULT_SETTINGS, ...(JSON.parse(raw) as Partial<Settings>) };
  } catch {
    // A hand-edited or corrupt entry must not take the whole UI down.
    return DEFAULT_SETTINGS;
  }
}

export function saveSettings(next: Settings): void {
  window.localStorage.setItem(KEY, JSON.stringify(next));
  window.dispatchEvent(new Event(SETTINGS_EVENT));
}

export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}
