// `npm run -s yuma < input.json`: one Yuma consensus epoch (SPEC §4) from a JSON document on stdin to one
// JSON line on stdout. Exit 0 on success, 2 on invalid input (invalid JSON included) with `error: <message>`
// on stderr, 1 on anything unexpected.
import {
  epochOutputToJson,
  isEpochInputError,
  parseEpochJson,
  runEpoch,
} from "../../../../src/shared/consensus";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

async function main(): Promise<number> {
  const text = await readStdin();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`error: invalid JSON on stdin: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    const output = runEpoch(parseEpochJson(doc));
    process.stdout.write(`${JSON.stringify(epochOutputToJson(output))}\n`);
    return 0;
  } catch (error) {
    if (isEpochInputError(error)) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

// exitCode rather than process.exit(), so a large stdout write to a pipe is flushed first.
process.exitCode = await main();
