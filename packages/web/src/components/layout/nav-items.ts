// The sidebar's destinations, in order.
import {
  BookOpen,
  Boxes,
  FunctionSquare,
  HardDrive,
  HeartPulse,
  KeyRound,
  Layers,
  LayoutDashboard,
  type LucideIcon,
  ScrollText,
  Server,
  Settings,
  Users,
} from 'lucide-react';
import type { Capability } from '@/lib/roles';

export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
  /** Shown only to roles with this capability (admin areas). */
  needs?: Capability;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { href: '/vms', label: 'VMs', icon: Boxes },
  { href: '/registry', label: 'Registry', icon: HardDrive },
  { href: '/templates', label: 'Templates', icon: Layers },
  { href: '/hosts', label: 'Hosts', icon: Server },
  { href: '/users', label: 'Users', icon: Users, needs: 'user.manage' },
  { href: '/tokens', label: 'API tokens', icon: KeyRound, needs: 'token.manage' },
  { href: '/audit', label: 'Audit log', icon: ScrollText, needs: 'audit.read' },
  { href: '/function', label: 'Functions', icon: FunctionSquare },
  { href: '/health', label: 'Health', icon: HeartPulse },
  { href: '/settings', label: 'Settings', icon: Settings },
  { href: '/help', label: 'Help', icon: BookOpen },
];
