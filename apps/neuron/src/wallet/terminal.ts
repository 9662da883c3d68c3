// The person at the keyboard, when there is one. Prompts go to stderr so that stdout stays clean for --json.
import { createInterface } from "node:readline/promises";
import { WalletError } from "./errors";

export interface Terminal {
  /** True when a person can answer prompts: stdin is a TTY. Scripts and pipes are never prompted. */
  readonly interactive: boolean;
  /** Reads a line without echoing it. */
  readSecret(prompt: string): Promise<string>;
  /** Asks a y/N question; anything but y/yes is no. */
  confirm(prompt: string): Promise<boolean>;
}

const ENTER = new Set(["\r", "\n", "\u0004"]);
const BACKSPACE = new Set(["\u007f", "\b"]);
const INTERRUPT = "\u0003";

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt appears, so not even a fast typist's first keys are shown.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let chars: string[] = [];
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      if (error) reject(error);
      else resolve(chars.join(""));
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ENTER.has(ch)) return finish();
        if (ch === INTERRUPT) return finish(new WalletError("CANCELLED", "interrupted"));
        if (BACKSPACE.has(ch)) chars = chars.slice(0, -1);
        else chars.push(ch);
      }
    };
    stdin.setEncoding("utf8");
    stdin.resume();
    stdin.on("data", onData);
  });
}

async function askLine(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}

/** The process's own terminal. */
export function processTerminal(): Terminal {
  return {
    interactive: process.stdin.isTTY === true,
    readSecret: readHidden,
    async confirm(prompt) {
      return /^y(es)?$/i.test((await askLine(`${prompt} [y/N] `)).trim());
    },
  };
}

/** A terminal nobody sits at (tests, daemons): every prompt is refused. */
export const NO_TERMINAL: Terminal = {
  interactive: false,
  readSecret: async () => {
    throw new WalletError("PASSWORD_REQUIRED", "no terminal to ask for a password");
  },
  confirm: async () => false,
};
