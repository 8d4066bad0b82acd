// An Mbps input for one direction's bandwidth limit; empty means unlimited. Shows the bucket it becomes.
import { Field } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { mbpsToBucket } from '@/lib/rate-limit';

interface RateLimitFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

export function parseMbps(value: string): number | undefined | 'invalid' {
  if (!value.trim()) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : 'invalid';
}

export function RateLimitField({ label, value, onChange, error }: RateLimitFieldProps) {
  const mbps = parseMbps(value);
  const hint =
    mbps === undefined || mbps === 0
      ? 'Unlimited'
      : mbps === 'invalid'
        ? undefined
        : `${mbpsToBucket(mbps).size.toLocaleString()} bytes every ${mbpsToBucket(mbps).refill_time} ms`;
  return (
    <Field
      label={label}
      hint={hint}
      error={error ?? (mbps === 'invalid' ? 'Enter a number of Mbps ≥ 0' : undefined)}
    >
      <Input
        type="number"
        min={0}
        step="any"
        inputMode="decimal"
        placeholder="Unlimited"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
