import { useEffect, useState } from "react";
import { formatAge } from "../../format";

/** A clock shared by everything that shows "time since": one interval for the whole page. */
let now = Date.now();
const subscribers = new Set<(t: number) => void>();
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    subscribers.add(setT);
    timer ??= setInterval(() => {
      now = Date.now();
      for (const s of subscribers) s(now);
    }, 500);
    return () => {
      subscribers.delete(setT);
      if (subscribers.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    };
  }, []);
  return t;
}

export function Age({ timestamp }: { timestamp: bigint | number }) {
  const t = useNow();
  return (
    <span title={new Date(Number(timestamp)).toISOString()}>{formatAge(t - Number(timestamp))} ago</span>
  );
}
