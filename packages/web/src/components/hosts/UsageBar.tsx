// One resource's usage against capacity, as text and a bar.
import { Progress } from '@/components/ui/progress';

interface UsageBarProps {
  label: string;
  used: number;
  total: number;
  format: (n: number) => string;
}

export function UsageBar({ label, used, total, format }: UsageBarProps) {
  return (
    <div className="flex flex-col gap-1">
      <div className="flex justify-between text-xs">
        <span>{label}</span>
        <span className="text-muted-foreground">
          {format(used)} / {format(total)}
        </span>
      </div>
      <Progress value={total > 0 ? used / total : 0} label={`${label} used`} />
    </div>
  );
}
