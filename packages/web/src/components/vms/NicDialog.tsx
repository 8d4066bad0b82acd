// Add a NIC, or change an existing NIC's RX/TX bandwidth limits in Mbps.

import type { Nic } from '@nqvm/client';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/field';
import { FormDialog } from '@/components/ui/form-dialog';
import { Input } from '@/components/ui/input';
import { useCreateVMNic, useUpdateVMNic } from '@/hooks/use-nics';
import { bucketToMbps, limiterFromMbps, limiterUpdate } from '@/lib/rate-limit';
import { parseMbps, RateLimitField } from './RateLimitField';

const MAC = /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/;

interface NicDialogProps {
  vmId: string;
  nic?: Nic;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

export function NicDialog({ vmId, nic, open, onOpenChange }: NicDialogProps) {
  const create = useCreateVMNic();
  const update = useUpdateVMNic();
  const [ifaceId, setIfaceId] = useState('');
  const [mac, setMac] = useState('');
  const [rx, setRx] = useState('');
  const [tx, setTx] = useState('');
  const [errors, setErrors] = useState<{ iface?: string; mac?: string }>({});

  useEffect(() => {
    if (!open) return;
    setIfaceId(nic?.iface_id ?? '');
    setMac(nic?.guest_mac ?? '');
    setRx(bucketToMbps(nic?.rx_rate_limiter?.bandwidth)?.toString() ?? '');
    setTx(bucketToMbps(nic?.tx_rate_limiter?.bandwidth)?.toString() ?? '');
    setErrors({});
  }, [open, nic]);

  const submit = () => {
    const rxMbps = parseMbps(rx);
    const txMbps = parseMbps(tx);
    if (rxMbps === 'invalid' || txMbps === 'invalid') return;
    const done = { onSuccess: () => onOpenChange(false) };
    if (nic) {
      // Only the directions that changed: the agent refuses a null it was not asked to change.
      const rxUpdate = limiterUpdate(nic.rx_rate_limiter, rxMbps);
      const txUpdate = limiterUpdate(nic.tx_rate_limiter, txMbps);
      const patch = {
        ...(rxUpdate !== undefined ? { rx_rate_limiter: rxUpdate } : {}),
        ...(txUpdate !== undefined ? { tx_rate_limiter: txUpdate } : {}),
      };
      if (Object.keys(patch).length === 0) return onOpenChange(false);
      update.mutate({ vmId, nicId: nic.id, nic: patch }, done);
      return;
    }
    const rxLimit = limiterFromMbps(rxMbps);
    const txLimit = limiterFromMbps(txMbps);
    const limits = {
      ...(rxLimit ? { rx_rate_limiter: rxLimit } : {}),
      ...(txLimit ? { tx_rate_limiter: txLimit } : {}),
    };
    const next: typeof errors = {};
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(ifaceId)) next.iface = 'Use 1–64 letters, digits, _ or -';
    if (mac && !MAC.test(mac)) next.mac = 'Use the form aa:fc:00:00:00:01';
    setErrors(next);
    if (Object.keys(next).length) return;
    create.mutate({ vmId, nic: { iface_id: ifaceId, ...(mac ? { guest_mac: mac } : {}), ...limits } }, done);
  };

  return (
    <FormDialog
      open={open}
      onOpenChange={onOpenChange}
      title={nic ? `Limits for ${nic.iface_id}` : 'Add network interface'}
      description={
        nic
          ? 'Empty or 0 removes the limit.'
          : 'The agent creates the TAP device; leave the MAC empty to get a new one.'
      }
      submitLabel={nic ? 'Save limits' : 'Add interface'}
      pending={create.isPending || update.isPending}
      onSubmit={submit}
    >
      {!nic && (
        <>
          <Field label="Interface ID" error={errors.iface} hint="e.g. eth1">
            <Input value={ifaceId} onChange={(e) => setIfaceId(e.target.value)} required />
          </Field>
          <Field label="Guest MAC (optional)" error={errors.mac}>
            <Input value={mac} onChange={(e) => setMac(e.target.value)} placeholder="aa:fc:00:00:00:01" />
          </Field>
        </>
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <RateLimitField label="RX limit (Mbps)" value={rx} onChange={setRx} />
        <RateLimitField label="TX limit (Mbps)" value={tx} onChange={setTx} />
      </div>
    </FormDialog>
  );
}
