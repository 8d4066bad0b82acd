// The sidebar's destinations, in order.
import {
  BookOpen,
  Boxes,
  FunctionSquare,
  HardDrive,
  HeartPulse,
  Layers,
  LayoutDashboard,
  type LucideIcon,
  Server,
  Settings,
} from 'lucide-react';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { href: '/vms', label: 'VMs', icon: Boxes },
  { href: '/registry', label: 'Registry', icon: HardDrive },
  { href: '/templates', label: 'Templates', icon: Layers },
  { href: '/hosts', label: 'Hosts', icon: Server },
  { href: '/function', label: 'Functions', icon: FunctionSquare },
  { href: '/health', label: 'Health', icon: HeartPulse },
  { href: '/settings', label: 'Settings', icon: Settings },
  { href: '/help', label: 'Help', icon: BookOpen },
];
