/** Everything a command touches outside itself, so the dispatcher can be unit-tested without a process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** All of stdin as text (for secrets passed as `-` instead of on the command line). */
  readStdin(): Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  return {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Uint8Array);
      return new TextDecoder().decode(Buffer.concat(chunks));
    },
    env: process.env,
  };
}

/** An in-memory Io for tests. */
export function memoryIo(
  stdin = "",
  env: Record<string, string> = {},
): Io & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    out: (text: string) => void (io.stdout += text),
    err: (text: string) => void (io.stderr += text),
    readStdin: async () => stdin,
    env,
  };
  return io;
}
