// The port through which the manager's services drive one host's agent (contract types: @nqvm/core's agent-api).
import type { PeerCertificate } from 'node:tls';
import type {
  AgentDrive,
  AgentDrivePatch,
  AgentInfo,
  AgentNic,
  AgentNicPatch,
  AgentRestoreRequest,
  AgentSnapshot,
  AgentSnapshotRequest,
  AgentVm,
  AgentVmAction,
  AgentVmMetrics,
  AgentVmSpec,
  Applied,
} from '@nqvm/core';

/** Where and how to reach one host's agent. */
export interface AgentEndpoint {
  hostId: string;
  baseUrl: string;
  credential: string;
}

/** Everything the manager asks an agent; services depend on this, not on HTTP. */
export interface AgentClient {
  info(): Promise<AgentInfo>;
  listVms(): Promise<AgentVm[]>;
  putVm(id: string, spec: AgentVmSpec): Promise<AgentVm>;
  getVm(id: string): Promise<AgentVm | undefined>;
  action(id: string, action: AgentVmAction, body?: Record<string, unknown>): Promise<AgentVm>;
  deleteVm(id: string): Promise<void>;
  putDrive(id: string, drive: AgentDrive): Promise<Applied>;
  patchDrive(id: string, driveId: string, patch: AgentDrivePatch): Promise<Applied>;
  deleteDrive(id: string, driveId: string): Promise<Applied>;
  putNic(id: string, nic: AgentNic): Promise<Applied>;
  patchNic(id: string, ifaceId: string, patch: AgentNicPatch): Promise<Applied>;
  deleteNic(id: string, ifaceId: string): Promise<Applied>;
  createSnapshot(id: string, body: AgentSnapshotRequest): Promise<AgentSnapshot>;
  deleteSnapshot(id: string, snapshotId: string): Promise<void>;
  restore(newId: string, body: AgentRestoreRequest): Promise<AgentVm>;
  metrics(id: string): Promise<AgentVmMetrics>;
  logs(id: string, lines: number, kind: 'console' | 'vmm'): Promise<string[]>;
  /** ws:// URL of the VM's serial console and the header that authenticates it (wss: and how to verify it). */
  consoleTarget(id: string): {
    url: string;
    headers: Record<string, string>;
    tls?: { ca: string; checkServerIdentity: (host: string, cert: PeerCertificate) => Error | undefined };
  };
}

/** Builds a client for a host; a repository so tests can hand services a fake. */
export type AgentClientFactory = (endpoint: AgentEndpoint) => AgentClient;
