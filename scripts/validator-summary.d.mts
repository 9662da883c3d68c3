export function epochOf(block: number, netuid: number, tempo: number): number;
export function createValidatorSummary(options: {
  name: string;
  netuid: number;
  tempo: number;
  write: (line: string) => void;
}): { line(text: string): void; end(): void };
