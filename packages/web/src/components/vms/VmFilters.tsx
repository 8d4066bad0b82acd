// Search box and state filter above VM lists (dashboard and /vms).
import { Search } from 'lucide-react';
import { Input, Label, Select } from '@/components/ui/input';

export const STATE_FILTERS = [
  'all',
  'running',
  'stopped',
  'paused',
  'creating',
  'starting',
  'stopping',
  'error',
];

interface VmFiltersProps {
  search: string;
  state: string;
  onSearch: (search: string) => void;
  onState: (state: string) => void;
}

export function VmFilters({ search, state, onSearch, onState }: VmFiltersProps) {
  return (
    <div className="flex flex-wrap items-end gap-3">
      <div className="relative min-w-[12rem] flex-1">
        <Label htmlFor="vm-search" className="sr-only">
          Search VMs
        </Label>
        <Search className="absolute left-2.5 top-2.5 size-4 text-muted-foreground" aria-hidden />
        <Input
          id="vm-search"
          type="search"
          placeholder="Search by name, id, host or IP"
          className="pl-8"
          value={search}
          onChange={(e) => onSearch(e.target.value)}
        />
      </div>
      <div className="flex items-center gap-2">
        <Label htmlFor="vm-state-filter">State</Label>
        <Select id="vm-state-filter" className="w-36" value={state} onChange={(e) => onState(e.target.value)}>
          {STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {s === 'all' ? 'All states' : s}
            </option>
          ))}
        </Select>
      </div>
    </div>
  );
}
