import { useParams } from "react-router";

/** The subnet of the current route (/subnets/:netuid/...); undefined when the segment is not a number. */
export function useNetuid(): number | undefined {
  const { netuid } = useParams();
  return netuid !== undefined && /^\d+$/.test(netuid) ? Number(netuid) : undefined;
}
