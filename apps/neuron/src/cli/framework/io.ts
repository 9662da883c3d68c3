/** Everything a command touches outside itself, so the dispatcher can be unit-tested without a process. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** All of stdin as text (for secrets passed as `-` instead of on the command line). */
  readStdin(): Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * A reader that stops early (`neuralmesh subnet metagraph | head`) closes the pipe, and the next write fails
 * with EPIPE: stop quietly with success, as Unix tools do, instead of crashing with a stack trace. Other
 * stream errors are not ours to hide.
 */
const guarded = new WeakSet<NodeJS.WriteStream>();

function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}

export function processIo(): Io {
  exitQuietlyOnClosedPipe(process.stdout);
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
