// The module Web Worker that runs scrypt (encrypt and decrypt of account records) off the page's main
// thread, so a 0.2–1 s key derivation never freezes the UI. It keeps nothing between requests.
import { answerKdf, type KdfRequest } from "./kdf-protocol";

// The project's TypeScript lib is DOM, not WebWorker; this is the part of the worker scope used here.
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<KdfRequest>) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
};

scope.onmessage = (event) => {
  const { response, transfer } = answerKdf(event.data);
  scope.postMessage(response, transfer);
};
