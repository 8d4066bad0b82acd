// Validation of the wizard's extra drives and NICs (the manager's device-key rule, no duplicates).
const DEVICE_KEY = /^[A-Za-z0-9_-]{1,64}$/;

export function validateExtras(
  drives: { drive_id: string; image_id: string }[],
  nics: { iface_id: string }[],
): string[] {
  const problems: string[] = [];
  const driveIds = new Set<string>(['rootfs']);
  for (const d of drives) {
    if (!DEVICE_KEY.test(d.drive_id))
      problems.push(`Drive ID "${d.drive_id}": use 1–64 letters, digits, _ or -`);
    else if (driveIds.has(d.drive_id)) problems.push(`Drive ID "${d.drive_id}" is used twice`);
    driveIds.add(d.drive_id);
    if (!d.image_id) problems.push(`Drive "${d.drive_id}": choose a data volume`);
  }
  const nicIds = new Set<string>(['eth0']);
  for (const n of nics) {
    if (!DEVICE_KEY.test(n.iface_id))
      problems.push(`Interface "${n.iface_id}": use 1–64 letters, digits, _ or -`);
    else if (nicIds.has(n.iface_id)) problems.push(`Interface "${n.iface_id}" is used twice`);
    nicIds.add(n.iface_id);
  }
  return problems;
}
