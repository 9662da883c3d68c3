export const ETCD_BIN: string;
export interface EtcdMember {
  name: string;
  clientUrl: string;
  peerUrl: string;
  dataDir: string;
  readonly alive: boolean;
  readonly pid: number | undefined;
  start(): void;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
  healthy(): Promise<boolean>;
}
export interface EtcdCluster {
  dir: string;
  members: EtcdMember[];
  endpoints: string[];
  start(timeoutMs?: number): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}
export function startEtcdCluster(options?: {
  members?: number;
  basePort?: number;
  dir?: string;
  electionMs?: number;
  heartbeatMs?: number;
  log?: (line: string) => void;
}): Promise<EtcdCluster>;
