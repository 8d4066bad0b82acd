// The one table of the app's lists: labelled columns, an optional actions column, narrow-screen scrolling.
import type { ReactNode } from 'react';
import { cn } from '@/lib/cn';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
  /** Hidden below the md breakpoint, so narrow screens keep the columns that matter. */
  wideOnly?: boolean;
}

interface DataTableProps<T> {
  rows: readonly T[];
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  /** Buttons of a row, right-aligned; the column is left out when not given. */
  actions?: (row: T) => ReactNode;
  /** Names the table for screen readers (e.g. "Drives"). */
  label: string;
}

export function DataTable<T>({ rows, columns, rowKey, actions, label }: DataTableProps<T>) {
  const hide = (c: Column<T>) => (c.wideOnly ? 'hidden md:table-cell' : undefined);
  return (
    <div className="overflow-x-auto rounded-lg border">
      <table className="w-full text-sm" aria-label={label}>
        <thead className="bg-muted/50 text-left text-xs text-muted-foreground">
          <tr>
            {columns.map((c) => (
              <th key={c.header} className={cn('p-2', hide(c))}>
                {c.header}
              </th>
            ))}
            {actions && <th className="p-2 text-right">Actions</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-t">
              {columns.map((c) => (
                <td key={c.header} className={cn('p-2', hide(c), c.className)}>
                  {c.cell(row)}
                </td>
              ))}
              {actions && <td className="whitespace-nowrap p-2 text-right">{actions(row)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
