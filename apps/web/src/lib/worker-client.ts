// The page's side of a module Web Worker that answers requests matched by id: one worker, started on the
// first request (or warm()), and dropped when it fails to load or crashes, so the next request starts a
// fresh one. The caller passes the function that makes the worker: Vite recognises and bundles only the
// exact `new Worker(new URL("./x.worker.ts", import.meta.url), { type: "module" })` form, written in the
// module beside the worker file.

/** A request as the caller writes it: without its id (distributed over a union, so each op keeps its fields). */
export type WithoutId<R> = R extends unknown ? Omit<R, "id"> : never;

export interface WorkerClient<Req extends { id: number }, Res extends { id: number }> {
  /** Sends `request` with the next id (moving the `transfer` buffers) and resolves with the answer to it. */
  call(request: WithoutId<Req>, transfer?: Transferable[]): Promise<Res>;
  /** Starts the worker ahead of the first request. */
  warm(): void;
  /** Stops the worker; the requests still waiting fail with "<name> stopped: <why>". */
  stop(why: string): void;
}

/** `name` is how failures name the worker ("the epoch worker"); `spawn` makes it. */
export function workerClient<Req extends { id: number }, Res extends { id: number }>(
  name: string,
  spawn: () => Worker,
): WorkerClient<Req, Res> {
  let worker: Worker | undefined;
  let next = 1;
  const pending = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();

  const stop = (why: string) => {
    worker?.terminate();
    worker = undefined;
    const error = new Error(`${name} stopped: ${why}`);
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const w = spawn();
    w.onmessage = (event: MessageEvent<Res>) => {
      const p = pending.get(event.data.id);
      if (!p) return;
      pending.delete(event.data.id);
      p.resolve(event.data);
    };
    w.onerror = (event) => {
      event.preventDefault();
      stop(event.message || "it could not be loaded");
    };
    w.onmessageerror = () => stop("a message could not be read");
    return w;
  };

  return {
    call: (request, transfer = []) =>
      new Promise((resolve, reject) => {
        worker ??= start();
        const id = next++;
        pending.set(id, { resolve, reject });
        worker.postMessage({ ...request, id }, transfer);
      }),
    warm: () => {
      worker ??= start();
    },
    stop,
  };
}
