// Settings from localStorage as React state, shared by every component and updated on save.
import { useCallback, useSyncExternalStore } from 'react';
import { DEFAULT_SETTINGS, loadSettings, SETTINGS_EVENT, type Settings, saveSettings } from '@/lib/settings';

let cached: Settings | undefined;

function subscribe(listener: () => void): () => void {
  const onChange = () => {
    cached = undefined;
    listener();
  };
  window.addEventListener(SETTINGS_EVENT, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(SETTINGS_EVENT, onChange);
    window.removeEventListener('storage', onChange);
  };
}

function snapshot(): Settings {
  cached ??= loadSettings();
  return cached;
}

export function useSettings(): [Settings, (next: Settings) => void] {
  const settings = useSyncExternalStore(subscribe, snapshot, () => DEFAULT_SETTINGS);
  const update = useCallback((next: Settings) => saveSettings(next), []);
  return [settings, update];
}
